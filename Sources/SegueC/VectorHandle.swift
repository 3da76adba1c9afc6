import Dispatch
import Foundation
import SegueCore
import SegueShell

/// N environments from one recipe, stepped together in one call over the
/// cores: environment `i` has seed `seed + i`, so its numbers depend on
/// neither N nor the thread count. Observations, rewards and step kinds are
/// written into contiguous buffers (row `i` for environment `i`) that Python
/// wraps as numpy arrays.
final class VectorHandle {
    let environments: [EnvironmentHandle]
    let count: Int
    let contextLength: Int, candidateCount: Int, featureCount: Int
    let context: UnsafeMutablePointer<Float>
    let candidates: UnsafeMutablePointer<Float>
    let mask: UnsafeMutablePointer<Int8>
    let rewards: UnsafeMutablePointer<Float>
    let stepTypes: UnsafeMutablePointer<Int32>
    let terminated: UnsafeMutablePointer<Int8>
    let truncated: UnsafeMutablePointer<Int8>
    /// Whether the environments step in parallel: only when every component
    /// was built for its environment. A trained model held as a value gives
    /// each environment a replica sharing its weights (its own per-episode
    /// state), and those step one after another.
    let parallel: Bool
    var lastError = CText("")

    /// Builds `count` environments from `base`'s recipe, seeds `seed`, `seed + 1`, ...
    /// - Throws: `SegueError` when the recipe cannot be rebuilt.
    init(base: EnvironmentHandle, count: Int, seed: UInt64) throws {
        guard count > 0 else { throw SegueError("num_envs must be at least 1, not \(count)") }
        self.count = count
        (contextLength, candidateCount, featureCount) = (base.contextLength, base.candidateCount, base.featureCount)
        context = .allocate(capacity: count * max(contextLength, 1))
        candidates = .allocate(capacity: count * max(candidateCount * featureCount, 1))
        mask = .allocate(capacity: count * max(candidateCount, 1))
        rewards = .allocate(capacity: count)
        stepTypes = .allocate(capacity: count)
        terminated = .allocate(capacity: count)
        truncated = .allocate(capacity: count)
        context.initialize(repeating: 0, count: count * max(contextLength, 1))
        candidates.initialize(repeating: 0, count: count * max(candidateCount * featureCount, 1))
        mask.initialize(repeating: 0, count: count * max(candidateCount, 1))
        rewards.initialize(repeating: 0, count: count)
        stepTypes.initialize(repeating: 0, count: count)
        terminated.initialize(repeating: 0, count: count)
        truncated.initialize(repeating: 0, count: count)
        var made: [EnvironmentHandle] = []
        do {
            for i in 0..<count {
                let env = try EnvironmentHandle.rebuild(base.environment, seed: seed &+ UInt64(i), session: base.session,
                                                        replica: true)
                made.append(EnvironmentHandle(session: base.session, environment: env, rows: (
                    context + i * contextLength, candidates + i * candidateCount * featureCount, mask + i * candidateCount)))
            }
        } catch {
            VectorHandle.free([context, candidates, rewards], [mask, terminated, truncated], stepTypes)
            throw error
        }
        environments = made
        parallel = !EnvironmentHandle.holdsUserModel(base.environment, session: base.session)
            && Set(made.map { ObjectIdentifier($0.environment.userModel) }).count == count
    }

    deinit {
        VectorHandle.free([context, candidates, rewards], [mask, terminated, truncated], stepTypes)
    }

    private static func free(_ floats: [UnsafeMutablePointer<Float>], _ bytes: [UnsafeMutablePointer<Int8>],
                             _ ints: UnsafeMutablePointer<Int32>) {
        floats.forEach { $0.deallocate() }
        bytes.forEach { $0.deallocate() }
        ints.deallocate()
    }

    /// Resets every environment: with `seed`, environment `i` is rebuilt with
    /// seed `seed + i` and plays its episode 0; without, each plays its next.
    func reset(seed: UInt64?) throws {
        try forEach(threads: 0) { i, env in
            try env.reset(seed: seed.map { $0 &+ UInt64(i) }, episode: nil)
            rewards[i] = 0; stepTypes[i] = 0; terminated[i] = 0; truncated[i] = 0
        }
    }

    /// Steps environment `i` with `actions[i]`, all of them in one call.
    func step(_ actions: UnsafePointer<Int64>, threads: Int) throws {
        try forEach(threads: threads) { i, env in
            let step = try env.step(Int(actions[i]))
            rewards[i] = step.reward
            stepTypes[i] = Int32(step.stepType.rawValue)
            terminated[i] = step.terminated ? 1 : 0
            truncated[i] = step.truncated ? 1 : 0
        }
    }

    /// Runs `body` for every environment, over `threads` workers (0: every
    /// core; 1 when they share a component). Each environment is touched by
    /// one worker only, so results do not depend on the split.
    /// - Throws: the lowest-numbered environment's error, naming it.
    private func forEach(threads: Int, _ body: (Int, EnvironmentHandle) throws -> Void) throws {
        let cores = Processors.usable
        let workers = parallel ? max(1, min(count, threads > 0 ? threads : cores)) : 1
        var errors = [String?](repeating: nil, count: count)
        errors.withUnsafeMutableBufferPointer { errorSlots in
            let slots = errorSlots.baseAddress!
            func run(_ worker: Int) {
                for i in stride(from: worker, to: count, by: workers) {
                    do { try body(i, environments[i]) } catch { (slots + i).pointee = "\(error)" }
                }
            }
            if workers == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: workers) { run($0) } }
        }
        if let first = errors.indices.first(where: { errors[$0] != nil }) {
            throw SegueError("environment \(first): \(errors[first]!)")
        }
    }
}
