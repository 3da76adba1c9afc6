import Foundation
import SegueCore

extension ComponentContract {
    /// A user model's contract: the environment checks with it as the
    /// listener, probabilities finite and in [0, 1] (batched and one by one
    /// agreeing), and the same probabilities from two instances and a replay.
    func checkUserModel(_ spec: ComponentSpec) -> [Finding] {
        let (model, built): ((any UserModel)?, Finding) = make(.userModel, spec, as: "UserModel")
        guard model != nil else { return [built] }
        var recipe = baseRecipe
        recipe.userModel = spec
        var findings = [built] + environmentFindings(recipe)
        do {
            let first = try environment(recipe)
            let a = try probabilityTrace(first)
            findings.append(probabilityRange(a))
            let b = try probabilityTrace(try environment(recipe))
            let replay = try probabilityTrace(first)
            let same = a.batch == b.batch && a.batch == replay.batch
            findings.append(Finding("deterministic outputs", passed: same, same
                ? "same inputs, same \(a.batch.count) probabilities (a second instance, and a replay of the episodes)"
                : (a.batch == b.batch ? "replaying the same episodes gave other probabilities (state not reset in beginEpisode?)"
                                      : "two instances built alike gave other probabilities for the same inputs")))
        } catch {
            findings.append(Finding("probabilities", passed: false, "\(error)"))
        }
        return findings
    }

    /// P(listen) of every pool track before every play of the contract's
    /// episodes (random policy), asked batched and one by one.
    private func probabilityTrace(_ env: Environment) throws -> (batch: [Double], single: [Double]) {
        var batch: [Double] = [], single: [Double] = []
        let model = env.userModel
        try play(env, agent: RandomAgent()) { step in
            let o = step.observation
            let p = model.listenProbabilities(of: o.episode.pool, episode: o.episode, session: o.session)
            guard p.count == o.episode.pool.count else {
                throw SegueError("listenProbabilities returned \(p.count) values for \(o.episode.pool.count) tracks")
            }
            batch += p
            single += o.episode.pool.map { model.listenProbability(of: $0, episode: o.episode, session: o.session) }
        }
        return (batch, single)
    }

    private func probabilityRange(_ trace: (batch: [Double], single: [Double])) -> Finding {
        let all = trace.batch + trace.single
        if let bad = all.first(where: { !$0.isFinite || $0 < 0 || $0 > 1 }) {
            return Finding("probabilities", passed: false, "P(listen) = \(bad) is not a probability (finite, in [0, 1])")
        }
        let gap = zip(trace.batch, trace.single).map { abs($0 - $1) }.max() ?? 0
        guard gap <= 1e-6 else {
            return Finding("probabilities", passed: false,
                           "listenProbabilities and listenProbability disagree by up to \(gap)")
        }
        let low = trace.batch.min() ?? 0, high = trace.batch.max() ?? 0
        return Finding("probabilities", passed: true,
                       "\(trace.batch.count) finite, in [\(rounded(low)), \(rounded(high))] ⊆ [0, 1]; batched = one by one")
    }

    /// `x` to three decimals, for findings.
    func rounded(_ x: Double) -> String { String(format: "%.3f", x) }
}
