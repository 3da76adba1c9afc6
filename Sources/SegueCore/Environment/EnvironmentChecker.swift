/// Checks that an environment keeps its contract, in the spirit of
/// Gymnasium's `check_env`: one small check function per property, each
/// reporting what it saw.
///
/// The checker plays episodes with its own seeded random policy that also
/// sends repeated picks, score vectors and feature-space points on purpose,
/// so the track sampler's no-repeat rule is exercised.
public struct EnvironmentChecker {
    /// The outcome of one check.
    public struct Finding: Sendable, CustomStringConvertible {
        public var check: String
        public var passed: Bool
        public var detail: String
        public var description: String { "\(passed ? "ok  " : "FAIL") \(check): \(detail)" }
    }

    /// Episodes played per check.
    public var episodes: Int
    /// Seed of the checker's own policy.
    public var policySeed: UInt64

    public init(episodes: Int = 20, policySeed: UInt64 = 7) {
        self.episodes = episodes
        self.policySeed = policySeed
    }

    /// Runs every check on environments made by `make` (called twice, to
    /// compare two instances built alike).
    /// - Throws: whatever `make` or a step throws.
    public func check(_ make: () throws -> Environment) throws -> [Finding] {
        let first = try make()
        let second = try make()
        let a = try play(first)
        let b = try play(second)
        let replay = try play(first, startingAt: 0)
        var findings = [
            checkSpecs(a, specs: first.specs),
            checkNoRepeats(a),
            checkTermination(a, environment: first),
            checkRewards(a, specs: first.specs),
            checkStepTypes(a),
        ]
        findings.append(Finding(check: "deterministic", passed: a.signature == b.signature && a.signature == replay.signature,
                                detail: a.signature == b.signature
                                    ? (a.signature == replay.signature ? "same seed, same \(a.steps) steps; reset(episode:) replays"
                                                                       : "reset(episode: 0) did not replay the first run")
                                    : "two environments built alike diverged"))
        return findings
    }

    /// Throws a `SegueError` listing the failed checks, if any.
    public func validate(_ make: () throws -> Environment) throws {
        let failed = try check(make).filter { !$0.passed }
        guard failed.isEmpty else {
            throw SegueError("environment check failed: " + failed.map(\.description).joined(separator: "; "))
        }
    }

    // MARK: - Playing

    struct Trace {
        var steps = 0
        var episodes: [[TimeStep]] = []
        var firsts: [TimeStep] = []
        var signature: [UInt64] = []
    }

    private func play(_ env: Environment, startingAt start: Int? = nil) throws -> Trace {
        var trace = Trace()
        let policy = MixedActions(key: SeedKey(policySeed))
        for e in 0..<episodes {
            var step = start.map { env.reset(episode: $0 + e) } ?? env.reset()
            trace.firsts.append(step)
            var steps: [TimeStep] = []
            while !step.isLast {
                step = try Driver.advance(env, policy, from: step).next
                steps.append(step)
                trace.steps += 1
                trace.signature.append(UInt64(step.observation.session.played.last ?? -1) &* 31 &+ UInt64(step.reward))
                if steps.count > step.observation.candidateCount + 1 { break }
            }
            trace.episodes.append(steps)
        }
        return trace
    }

    /// The checker's policy: every kind of action, seeded — a pool index (a
    /// repeat on purpose a quarter of the time), a score per candidate, or a
    /// point in feature space.
    final class MixedActions: Agent {
        let key: SeedKey
        var draw: UInt64 = 0

        init(key: SeedKey) { self.key = key }

        func act(_ step: TimeStep) throws -> Action {
            let c = step.observation.candidateCount
            let r = key.u64(draw)
            draw += 1
            switch r % 4 {
            case 0: return .candidate(step.observation.session.candidates.last ?? 0)
            case 1: return .scores((0..<c).map { Float(key.uniform(draw &+ UInt64($0) &* 977)) })
            case 2: return .point(Array(step.observation.features(ofCandidate: Int(r >> 8) % c)))
            default: return .candidate(Int(r >> 8) % c)
            }
        }
    }

    // MARK: - Checks

    private func checkSpecs(_ trace: Trace, specs: EnvironmentSpecs) -> Finding {
        for step in trace.firsts + trace.episodes.joined() {
            let o = step.observation
            guard specs.observation.context.admits(o.context) else {
                return Finding(check: "specs", passed: false, detail: "context of \(o.context.count) values does not fit \(specs.observation.context)")
            }
            guard specs.observation.candidates.admits(o.candidates) else {
                return Finding(check: "specs", passed: false, detail: "candidates do not fit \(specs.observation.candidates)")
            }
            guard o.mask.count == specs.observation.mask.elementCount else {
                return Finding(check: "specs", passed: false, detail: "mask of \(o.mask.count) does not fit \(specs.observation.mask)")
            }
        }
        return Finding(check: "specs", passed: true, detail: "every observation fits \(specs.observation.context), \(specs.observation.candidates)")
    }

    private func checkNoRepeats(_ trace: Trace) -> Finding {
        for (e, steps) in trace.episodes.enumerated() {
            guard let last = steps.last else { continue }
            let played = last.observation.session.candidates
            if Set(played).count != played.count {
                return Finding(check: "no repeats", passed: false, detail: "episode \(e) played a candidate twice: \(played)")
            }
            let unused = last.observation.mask.enumerated().filter { $0.element }.map(\.offset)
            if !Set(unused).isDisjoint(with: played) || unused.count + played.count != last.observation.mask.count {
                return Finding(check: "no repeats", passed: false, detail: "episode \(e): mask disagrees with what was played")
            }
        }
        return Finding(check: "no repeats", passed: true, detail: "no candidate played twice in \(trace.episodes.count) episodes (repeats were requested)")
    }

    private func checkTermination(_ trace: Trace, environment: Environment) -> Finding {
        let cap = environment.maxLength
        let skipLimit = environment.terminations.compactMap(\.skipLimit).min()
        for (e, steps) in trace.episodes.enumerated() {
            guard let last = steps.last, last.isLast, last.end != nil else {
                return Finding(check: "termination", passed: false, detail: "episode \(e) did not end within \(cap + 1) steps")
            }
            if steps.count > cap {
                return Finding(check: "termination", passed: false, detail: "episode \(e) ran \(steps.count) steps, cap \(cap)")
            }
            if let k = skipLimit {
                for step in steps.dropLast() where step.observation.session.consecutiveSkips >= k {
                    return Finding(check: "termination", passed: false, detail: "episode \(e) went on after \(k) skips in a row")
                }
            }
            if last.terminated != (last.discount == 0) {
                return Finding(check: "termination", passed: false, detail: "episode \(e): discount \(last.discount) on a \(last.end!.rawValue) step")
            }
        }
        return Finding(check: "termination", passed: true, detail: "every episode ended by step \(cap)\(skipLimit.map { " and at \($0) skips in a row" } ?? "")")
    }

    private func checkRewards(_ trace: Trace, specs: EnvironmentSpecs) -> Finding {
        let rewards = trace.episodes.joined().map(\.reward)
        guard rewards.allSatisfy({ specs.reward.admits([$0]) }),
              trace.firsts.allSatisfy({ $0.reward == 0 }) else {
            return Finding(check: "rewards", passed: false, detail: "a reward was not finite or outside \(specs.reward)")
        }
        return Finding(check: "rewards", passed: true, detail: "\(rewards.count) rewards finite, within \(specs.reward)")
    }

    private func checkStepTypes(_ trace: Trace) -> Finding {
        guard trace.firsts.allSatisfy({ $0.stepType == .first }) else {
            return Finding(check: "step types", passed: false, detail: "reset did not return a .first step")
        }
        for steps in trace.episodes {
            if steps.dropLast().contains(where: { $0.stepType != .mid }) || steps.last?.stepType != .last {
                return Finding(check: "step types", passed: false, detail: "expected mid… then last")
            }
        }
        return Finding(check: "step types", passed: true, detail: "first, mid…, last in every episode")
    }
}
