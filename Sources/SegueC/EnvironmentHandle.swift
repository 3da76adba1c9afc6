import Foundation
import SegueCore
import SegueModels
import SegueShell

/// One environment behind the C ABI, with the buffers its observations are
/// copied into: fixed addresses that Python wraps as numpy arrays without a
/// copy, valid until the next reset or step rewrites them.
final class EnvironmentHandle {
    /// The session that made the environment (its values: trained models).
    let session: ShellSession
    private(set) var environment: Environment
    let contextLength: Int
    let candidateCount: Int
    let featureCount: Int
    /// `context` (contextLength floats), `candidates` (C×F floats, row-major),
    /// `mask` (C bytes, 1 for a candidate not played yet).
    let context: UnsafeMutablePointer<Float>
    let candidates: UnsafeMutablePointer<Float>
    let mask: UnsafeMutablePointer<Int8>
    /// The last step's reward, for `segue_env_play` (the handle's own, also for a vector's rows).
    let reward: UnsafeMutablePointer<Float>
    /// The last error's text, kept so its C string stays valid until the next one.
    var lastError = CText("")
    /// The last `render`'s text, kept alive the same way.
    var rendered = CText("")

    /// Whether the buffers are this handle's own (not a vector's rows).
    private let ownsBuffers: Bool
    /// Whether rebuilding gives a held trained model a replica (a vector's environments).
    let replica: Bool

    /// A handle with its own buffers, or writing into `rows` (a vector
    /// environment's row for it), which the caller keeps alive.
    init(session: ShellSession, environment: Environment,
         rows: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Int8>)? = nil) {
        self.session = session
        replica = rows != nil
        self.environment = environment
        let shape = EnvironmentHandle.shape(of: environment)
        (contextLength, candidateCount, featureCount) = shape
        reward = .allocate(capacity: 1)
        reward.initialize(to: 0)
        if let rows {
            (context, candidates, mask) = rows
            ownsBuffers = false
        } else {
            context = .allocate(capacity: max(shape.0, 1))
            candidates = .allocate(capacity: max(shape.1 * shape.2, 1))
            mask = .allocate(capacity: max(shape.1, 1))
            context.initialize(repeating: 0, count: max(shape.0, 1))
            candidates.initialize(repeating: 0, count: max(shape.1 * shape.2, 1))
            mask.initialize(repeating: 0, count: max(shape.1, 1))
            ownsBuffers = true
        }
    }

    deinit {
        reward.deallocate()
        guard ownsBuffers else { return }
        context.deallocate()
        candidates.deallocate()
        mask.deallocate()
    }

    /// Context length, candidates C and features F of an environment's observations.
    static func shape(of environment: Environment) -> (Int, Int, Int) {
        let spec = environment.specs.observation
        let c = spec.mask.elementCount
        return (spec.context.elementCount, c, c == 0 ? 0 : spec.candidates.elementCount / c)
    }

    /// Starts episode `episode` (nil: the next one) of the environment with
    /// `seed` (nil: the current seed). A new seed rebuilds the environment
    /// from its recipe, so `reset(seed: s)` plays what a fresh environment
    /// with seed `s` plays, from episode 0.
    func reset(seed: UInt64?, episode: Int?) throws {
        var episode = episode
        if let seed, seed != environment.seed {
            environment = try EnvironmentHandle.rebuild(environment, seed: seed, session: session, replica: replica)
        }
        if seed != nil && episode == nil { episode = 0 }
        if let episode { environment.reset(episode: episode) } else { environment.reset() }
        write(candidatesToo: true)
    }

    /// Plays candidate `action` as Segue's step does: the track sampler
    /// turns an already played candidate into an unused one (the built-in
    /// sampler: the lowest unused) and refuses one outside the pool.
    /// - Throws: the sampler's `SegueError`.
    func step(_ action: Int) throws -> StepOutcome {
        // After a last step (or before any reset) Segue's step resets and
        // ignores the action: Gymnasium's next-step autoreset.
        let step = try environment.play(.candidate(action))
        write(candidatesToo: step.isFirst)
        return step
    }

    /// Copies the environment's current observation into the buffers, the
    /// context straight from the environment (no `Observation` is built).
    func write(candidatesToo: Bool) {
        environment.writeContext(into: UnsafeMutableBufferPointer(start: context, count: contextLength))
        if candidatesToo {
            environment.candidates.withUnsafeBufferPointer { candidates.update(from: $0.baseAddress!, count: candidateCount * featureCount) }
        }
        environment.mask.withUnsafeBytes { unused in   // a Bool is one byte, 0 or 1
            if let bytes = unused.baseAddress { UnsafeMutableRawPointer(mask).copyMemory(from: bytes, byteCount: candidateCount) }
        }
    }

    /// The session so far as text: the episode, then one line a play.
    func render() -> String {
        guard let episode = environment.episode else { return "no episode yet: reset first\n" }
        let session = environment.session
        var text = "episode \(episode.number) (seed \(environment.seed)), user \(episode.user): "
            + "\(session.length) plays, \(session.listens) listens, \(session.skips) skips\n"
        for t in 0..<session.length {
            text += "  \(t + 1). candidate \(session.candidates[t]) track \(session.played[t]) "
                + (session.outcomes[t] ? "listened" : "skipped") + "\n"
        }
        return text
    }

    /// A new environment from `environment`'s recipe, with seed `seed`: its
    /// own components. A user model held as a value (a trained model) is
    /// shared, or with `replica` a copy sharing its weights with its own
    /// per-episode state, as `train envs=N` makes replicas.
    static func rebuild(_ environment: Environment, seed: UInt64, session: ShellSession, replica: Bool = false) throws -> Environment {
        guard var recipe = environment.recipe else {
            throw SegueError("this environment has no recipe to rebuild with seed \(seed)",
                             hint: "make it with `env` so it carries its recipe")
        }
        recipe.seed = seed
        var values = session.objects
        if replica, holdsUserModel(environment, session: session),
           let learned = environment.userModel as? any LearnedUserModel {
            values[recipe.userModel.name] = learned.sharingWeights()
        }
        return try EnvironmentBuilder(registry: session.registry, values: values).build(recipe, world: environment.world)
    }

    /// Whether the environment's user model is a value of the session (a
    /// trained model) rather than a component built for it.
    static func holdsUserModel(_ environment: Environment, session: ShellSession) -> Bool {
        guard let recipe = environment.recipe else { return true }
        return recipe.userModel.parameters.isEmpty && session.objects[recipe.userModel.name] != nil
    }
}

/// A NUL-terminated copy of a string at a fixed address, freed with its owner.
final class CText {
    let pointer: UnsafeMutablePointer<CChar>

    init(_ text: String) { pointer = strdup(text)! }
    deinit { free(pointer) }
}
