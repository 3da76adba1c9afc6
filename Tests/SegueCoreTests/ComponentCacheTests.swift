import XCTest
@testable import SegueCore

/// The session-owned cache of what component factories build: bounded, least
/// recently used first out.
final class ComponentCacheTests: XCTestCase {
    final class Box { let n: Int; init(_ n: Int) { self.n = n } }

    func testKeepsAtMostCapacityAndForgetsTheLeastRecentlyUsed() {
        let cache = ComponentCache(capacity: 2)
        cache.keep(Box(1), "a")
        cache.keep(Box(2), "b")
        XCTAssertEqual((cache.object("a") as? Box)?.n, 1)   // a is now the most recent
        cache.keep(Box(3), "c")                              // b goes
        XCTAssertEqual(cache.count, 2)
        XCTAssertNil(cache.object("b"))
        XCTAssertEqual((cache.object("a") as? Box)?.n, 1)
        XCTAssertEqual((cache.object("c") as? Box)?.n, 3)
        cache.keep(Box(4), "a")                              // replacing keeps the count
        XCTAssertEqual(cache.count, 2)
        XCTAssertEqual((cache.object("a") as? Box)?.n, 4)
    }

    func testAnObjectLivesNoLongerThanItsCache() {
        weak var kept: Box?
        do {
            let cache = ComponentCache(capacity: 1)
            let box = Box(1)
            kept = box
            cache.keep(box, "a")
        }
        XCTAssertNil(kept, "nothing outlives the session that owns the cache")
    }
}
