import Dispatch
import SegueTensor

/// Runs the passes of `GradientTrainer` on several threads, with numbers that
/// do not depend on how many.
///
/// A batch of more than `chunkSize` sessions is ordered by session length
/// (ties in batch order) and cut into chunks of `chunkSize`, so that each
/// chunk pads its sessions to about the same length. Each chunk's gradient is
/// computed by one worker on its own replica of the model (the model's
/// weights, its own caches and gradients), and the chunks' gradients are
/// added into the model's in chunk order, each weighted by its share of the
/// batch's plays (so the result is the gradient of the batch's mean loss).
/// Chunks run in rounds of one per worker, so the gradients held at once are
/// one per worker. Which thread ran which chunk, and how many threads there
/// were, never shows in the numbers. A batch of at most `chunkSize` sessions
/// — the default batch — is computed on the model itself, exactly as before
/// threads existed.
///
/// Validation passes score their chunks the same way: each chunk's mean loss
/// on some replica, summed in chunk order, which is what one thread computes.
final class TrainingWorkers<Model: GradientModel> {
    /// Sessions one worker computes a gradient of: the default batch.
    static var chunkSize: Int { 32 }

    let model: Model
    /// Most threads a pass uses.
    let threads: Int
    private var replicas: [Model] = []

    init(model: Model, threads: Int) {
        self.model = model
        self.threads = max(threads, 1)
    }

    /// Forward and backward over every play of `batch`, adding the gradient
    /// of the batch's mean loss into the model's (zeroed) gradients.
    /// - Returns: the batch's mean log-loss and its number of plays.
    func gradient(_ data: some LoggedSessions, batch: ArraySlice<Int>) -> (loss: Double, plays: Int) {
        let size = Self.chunkSize
        guard batch.count > size else { return model.loss(data, sessions: batch, backward: true) }
        // Sessions of like length share a chunk, so that a chunk pads little (a
        // layout choice: the batch's gradient is the same sum either way).
        let lengths = batch.map { data.length(of: $0) }
        let order = batch.indices.sorted { a, b in
            let (la, lb) = (lengths[a - batch.startIndex], lengths[b - batch.startIndex])
            return la != lb ? la < lb : a < b
        }
        let chunks = stride(from: 0, to: order.count, by: size).map { order[$0..<min($0 + size, order.count)].map { batch[$0] }[...] }
        let total = lengths.reduce(0, +)
        guard total > 0 else { return (0, 0) }
        // One round of chunks per worker at a time, added in chunk order: the
        // gradients held are one per worker, whatever the batch.
        var loss = 0.0
        let parameters = model.parameters
        for first in stride(from: 0, to: chunks.count, by: threads) {
            let round = Array(chunks[first..<min(first + threads, chunks.count)])
            var gradients = [[Matrix]](repeating: [], count: round.count)
            let results = run(round, keeping: &gradients) { replica, chunk, c, kept in
                replica.parameters.zeroGradients()
                let result = replica.loss(data, sessions: chunk, backward: true)
                kept[c] = replica.parameters.map(\.grad)
                return result
            }
            for (c, result) in results.enumerated() where result.plays > 0 {
                let share = Float(result.plays) / Float(total)
                for (parameter, chunkGradient) in zip(parameters, gradients[c]) {
                    Self.accumulate(chunkGradient, scaledBy: share, into: &parameter.grad)
                }
                loss += result.loss * Double(result.plays) / Double(total)
            }
        }
        return (loss, total)
    }

    /// The mean log-loss and number of plays of each of `chunks`, without
    /// training, in order.
    func losses(_ data: some LoggedSessions, chunks: [ArraySlice<Int>]) -> [(loss: Double, plays: Int)] {
        if chunks.count == 1 || threads == 1 {
            return chunks.map { model.loss(data, sessions: $0, backward: false) }
        }
        var unused = [Int](repeating: 0, count: chunks.count)
        return run(chunks, keeping: &unused) { replica, chunk, _, _ in replica.loss(data, sessions: chunk, backward: false) }
    }

    /// Runs `body` once per chunk on up to `threads` workers, each with its own
    /// replica (weights copied from the model first); worker `w` takes chunks
    /// `w, w + W, …`. `body` may write its own slot of `kept`.
    private func run<Kept>(
        _ chunks: [ArraySlice<Int>], keeping kept: inout [Kept],
        _ body: (Model, ArraySlice<Int>, Int, UnsafeMutableBufferPointer<Kept>) -> (loss: Double, plays: Int)
    ) -> [(loss: Double, plays: Int)] {
        let workers = min(threads, chunks.count)
        while replicas.count < workers { replicas.append(model.replica()) }
        let weights = model.parameters.map(\.value)
        for replica in replicas.prefix(workers) {
            for (parameter, value) in zip(replica.parameters, weights) { parameter.value = value }
        }
        let replicas = self.replicas
        var results = [(loss: Double, plays: Int)](repeating: (0, 0), count: chunks.count)
        withoutActuallyEscaping(body) { body in
            results.withUnsafeMutableBufferPointer { results in
                kept.withUnsafeMutableBufferPointer { kept in
                    let (out, keep) = (results, kept)
                    let work = { (w: Int) in
                        for c in stride(from: w, to: chunks.count, by: workers) {
                            out[c] = body(replicas[w], chunks[c], c, keep)
                        }
                    }
                    if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
                }
            }
        }
        return results
    }

    /// `target += scale · gradient`, element by element in Swift (not BLAS,
    /// whose kernels may fuse the multiply-add differently on other machines).
    static func accumulate(_ gradient: Matrix, scaledBy scale: Float, into target: inout Matrix) {
        precondition(gradient.hasSameShape(as: target), "TrainingWorkers: a replica's gradient has another shape")
        gradient.storage.withUnsafeBufferPointer { g in
            target.storage.withUnsafeMutableBufferPointer { t in
                for i in 0..<g.count { t[i] += scale * g[i] }
            }
        }
    }
}
