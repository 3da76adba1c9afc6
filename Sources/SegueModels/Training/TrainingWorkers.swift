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
        // One round of chunks, one per worker, at a time, added in chunk order
        // from the replicas' own gradients: nothing is held beyond the replicas.
        var loss = 0.0
        let parameters = model.parameters
        let workers = syncedReplicas(min(threads, chunks.count))
        for first in stride(from: 0, to: chunks.count, by: workers.count) {
            let round = Array(chunks[first..<min(first + workers.count, chunks.count)])
            let results = Self.run(round, on: workers) { replica, chunk in
                replica.parameters.zeroGradients()
                return replica.loss(data, sessions: chunk, backward: true)
            }
            for (c, result) in results.enumerated() where result.plays > 0 {
                let share = Float(result.plays) / Float(total)
                for (parameter, replicaParameter) in zip(parameters, workers[c].parameters) {
                    Self.accumulate(replicaParameter.grad, scaledBy: share, into: &parameter.grad)
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
        let workers = syncedReplicas(min(threads, chunks.count))
        return stride(from: 0, to: chunks.count, by: workers.count).flatMap { first in
            Self.run(Array(chunks[first..<min(first + workers.count, chunks.count)]), on: workers) { replica, chunk in
                replica.loss(data, sessions: chunk, backward: false)
            }
        }
    }

    /// The first `count` replicas (made when first needed), with the model's
    /// current weights.
    private func syncedReplicas(_ count: Int) -> [Model] {
        while replicas.count < count { replicas.append(model.replica()) }
        let weights = model.parameters.map(\.value)
        for replica in replicas.prefix(count) {
            for (parameter, value) in zip(replica.parameters, weights) { parameter.value = value }
        }
        return Array(replicas.prefix(count))
    }

    /// Runs `body` on chunk `c` with replica `c`, all chunks at once (one
    /// thread each); `chunks` are at most as many as `replicas`.
    private static func run(
        _ chunks: [ArraySlice<Int>], on replicas: [Model],
        _ body: (Model, ArraySlice<Int>) -> (loss: Double, plays: Int)
    ) -> [(loss: Double, plays: Int)] {
        precondition(chunks.count <= replicas.count, "TrainingWorkers: \(chunks.count) chunks for \(replicas.count) replicas")
        var results = [(loss: Double, plays: Int)](repeating: (0, 0), count: chunks.count)
        withoutActuallyEscaping(body) { body in
            results.withUnsafeMutableBufferPointer { results in
                let out = results
                if chunks.count == 1 {
                    out[0] = body(replicas[0], chunks[0])
                } else {
                    DispatchQueue.concurrentPerform(iterations: chunks.count) { c in out[c] = body(replicas[c], chunks[c]) }
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
