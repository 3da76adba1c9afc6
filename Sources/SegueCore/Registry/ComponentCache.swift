import Foundation

/// What component factories may keep between builds, owned by whoever builds
/// (a shell session), bounded, and dropped with its owner.
///
/// A learned user model named in a recipe (`env user=swm`) is trained by its
/// factory; building several environments from the recipe (replicas, the
/// policies of `compare`, the worlds of `validate`) must train it once. The
/// cache keeps the `capacity` most recently used objects by key and forgets
/// the least recently used beyond that, so a long session does not hold every
/// model it ever trained.
public final class ComponentCache: @unchecked Sendable {
    /// Most objects kept.
    public let capacity: Int
    private var objects: [String: AnyObject] = [:]
    private var order: [String] = []
    private let lock = NSLock()

    /// - Precondition: `capacity ≥ 1`.
    public init(capacity: Int = 8) {
        precondition(capacity >= 1, "ComponentCache: capacity must be at least 1")
        self.capacity = capacity
    }

    /// The object kept under `key`, marked as just used.
    public func object(_ key: String) -> AnyObject? {
        lock.lock(); defer { lock.unlock() }
        guard let object = objects[key] else { return nil }
        order.removeAll { $0 == key }
        order.append(key)
        return object
    }

    /// Keeps `object` under `key`, forgetting the least recently used beyond capacity.
    public func keep(_ object: AnyObject, _ key: String) {
        lock.lock(); defer { lock.unlock() }
        objects[key] = object
        order.removeAll { $0 == key }
        order.append(key)
        while order.count > capacity { objects[order.removeFirst()] = nil }
    }

    /// Number of objects kept.
    public var count: Int {
        lock.lock(); defer { lock.unlock() }
        return objects.count
    }
}
