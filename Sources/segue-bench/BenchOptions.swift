import Foundation
import SegueCore

/// The options of `segue-bench all|ahdqn`: `--steps N` (AH-DQN env steps, 8B:
/// 20,000; smaller for quick runs), `--seed S` (the agent's seed), `--threads T`
/// (threads of AH-DQN's inference passes; default: every core), `--eval-at
/// N,M,...` (further evaluations during training, for a learning curve),
/// `--time-limit S` (the training loop's cap, 8B: 300 s).
struct BenchOptions {
    /// Env steps to train AH-DQN.
    var steps = 20_000
    /// The agent's seed (initial weights, exploration, replay sampling).
    var seed: UInt64 = 1
    /// Seconds the AH-DQN training loop may run (8B: 300).
    var timeLimit = 300.0
    /// Env steps after which AH-DQN is also evaluated (besides `steps`).
    var evalAt: [Int] = []
    /// Threads of AH-DQN's inference passes (the numbers do not depend on it).
    var threads = Processors.usable

    /// Parses `arguments`; exits with a message on anything else.
    init(parsing arguments: [String]) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let text = rest.popFirst() else { BenchOptions.fail("\(flag) needs a value") }
            switch flag {
            case "--steps":
                guard let n = Int(text), n > 0 else { BenchOptions.fail("--steps expects a positive count, got '\(text)'") }
                steps = n
            case "--threads":
                guard let n = Int(text), n > 0 else { BenchOptions.fail("--threads expects a positive count, got '\(text)'") }
                threads = n
            case "--time-limit":
                guard let t = Double(text), t > 0 else { BenchOptions.fail("--time-limit expects seconds, got '\(text)'") }
                timeLimit = t
            case "--eval-at":
                let steps = text.split(separator: ",").compactMap { Int($0) }
                guard !steps.isEmpty, steps.allSatisfy({ $0 > 0 }) else { BenchOptions.fail("--eval-at expects steps like 10000,40000, got '\(text)'") }
                evalAt = steps
            case "--seed":
                guard let s = UInt64(text) else { BenchOptions.fail("--seed expects an unsigned integer, got '\(text)'") }
                seed = s
            default:
                BenchOptions.fail("unknown option '\(flag)'")
            }
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("segue-bench: \(message)\n".utf8))
        exit(1)
    }
}
