import Foundation
import SegueCore
import SegueAgents
import SegueModels
import SegueShell
import SegueTensor

// Models behind the C ABI: enough to check a reimplementation of a saved
// model's forward pass (python/segue/weights.py) against Segue's own.

/// The CWM called `name` in the session that made `env`.
private func contextualModel(_ env: EnvironmentHandle, _ name: String) throws -> ContextualWorldModel {
    let value = try env.session.value(name)
    guard case .userModel(let model, _) = value else {
        throw SegueError("'\(name)' is \(value.kindWithArticle), not a user model", hint: "name a model made by `train-model cwm`")
    }
    guard let cwm = model as? ContextualWorldModel else {
        throw SegueError("'\(name)' is not a CWM", hint: "name a model made by `train-model cwm`")
    }
    return cwm
}

/// Values per input row of the CWM `name` (-1 on error).
@_cdecl("segue_cwm_input_width")
public func segue_cwm_input_width(_ env: OpaquePointer, _ name: UnsafePointer<CChar>) -> Int64 {
    let e = handle(env)
    do { return Int64(try contextualModel(e, String(cString: name)).inputWidth) } catch {
        e.lastError = CText("\(error)")
        return -1
    }
}

/// The logits of the CWM `name` for `rows` input rows of `width` values
/// (row-major float32), written to `out[0..<rows]`.
@_cdecl("segue_cwm_logits")
public func segue_cwm_logits(_ env: OpaquePointer, _ name: UnsafePointer<CChar>, _ inputs: UnsafePointer<Float>,
                             _ rows: Int64, _ width: Int64, _ out: UnsafeMutablePointer<Float>) -> Int32 {
    let e = handle(env)
    return guarded(e) {
        let model = try contextualModel(e, String(cString: name))
        guard Int(width) == model.inputWidth, rows >= 0 else {
            throw SegueError("the CWM '\(String(cString: name))' reads rows of \(model.inputWidth) values, not \(width)")
        }
        let x = Matrix(rows: Int(rows), columns: Int(width),
                       storage: Array(UnsafeBufferPointer(start: inputs, count: Int(rows * width))))
        let y = model.logits(x)
        y.storage.withUnsafeBufferPointer { out.update(from: $0.baseAddress!, count: Int(rows)) }
        return 0
    }
}

/// Q values of the AH-DQN (or DQN) agent `name` of the session that made
/// `env`, for every candidate of `env`'s current observation, written to
/// `out[0..<C]`.
@_cdecl("segue_agent_values")
public func segue_agent_values(_ env: OpaquePointer, _ name: UnsafePointer<CChar>, _ out: UnsafeMutablePointer<Float>) -> Int32 {
    let e = handle(env)
    return guarded(e) {
        let key = String(cString: name)
        let value = try e.session.value(key)
        guard case .agent(let agent, _) = value else {
            throw SegueError("'\(key)' is \(value.kindWithArticle), not an agent", hint: "name an agent made by `agent ahdqn`")
        }
        guard let learner = agent as? QLearningAgent else {
            throw SegueError("'\(key)' has no Q values", hint: "name an agent made by `agent ahdqn` or `agent dqn`")
        }
        guard e.environment.episode != nil else { throw SegueError("no observation yet", hint: "reset the environment first") }
        let values = learner.values(e.environment.observation())
        guard values.count == e.candidateCount else {
            throw SegueError("'\(key)' scores \(values.count) candidates, the environment has \(e.candidateCount)")
        }
        values.withUnsafeBufferPointer { out.update(from: $0.baseAddress!, count: values.count) }
        return 0
    }
}
