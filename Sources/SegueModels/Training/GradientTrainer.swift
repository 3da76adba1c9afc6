import Foundation
import SegueCore
import SegueTensor

/// A network trained by mini-batch gradient descent on logged sessions.
protocol GradientModel: AnyObject {
    /// Every trainable parameter.
    var parameters: [Parameter] { get }
    /// Forward pass over every play of `sessions`; when `backward`, also the
    /// backward pass, adding into the parameters' gradients. Returns the mean
    /// log-loss and the number of plays.
    func loss(_ data: some LoggedSessions, sessions: ArraySlice<Int>, backward: Bool) -> (loss: Double, plays: Int)
    /// A model of the same architecture over the same data, with its own
    /// layers, caches and gradients, for a worker thread of
    /// `TrainingWorkers` (which sets its weights before each use).
    func replica() -> Self
}

/// The training loop shared by CWM and SWM: shuffled mini-batches of
/// sessions, Adam, global-norm clipping, early stopping on validation loss
/// (the best epoch's weights are kept), a progress callback, and a stop
/// request checked between batches. Batches of more than
/// `TrainingWorkers.chunkSize` sessions, and validation passes, run on
/// `config.threads` threads, with numbers that do not depend on how many.
///
/// Sessions are streamed: the split is asked of `SplitRule` session by
/// session and batches are drawn by `EpochBatches`, so that memory is set by
/// the batch and the model, not by how many sessions there are.
struct GradientTrainer {
    var config: TrainingConfig
    /// Names the model in messages.
    var name: String

    /// Sessions a validation pass scores at once.
    static let evaluationChunk = 256

    /// Trains `model` on the training part of `data` under `rule`, validating
    /// on the validation part (on the training part when that is empty).
    /// - Throws: `SegueError` when the loss becomes NaN or infinite (naming
    ///   the epoch and batch); the weights are then those of the best epoch
    ///   (or the initial ones).
    func fit(_ model: some GradientModel, data: some LoggedSessions, rule: SplitRule,
             progress: (ModelTrainingProgress) -> Void, shouldStop: () -> Bool) throws -> TrainingSummary {
        let started = Date()
        var summary = TrainingSummary(splitOf: data, rule: rule)
        let parameters = model.parameters
        let adam = Adam(parameters: parameters, learningRate: config.learningRate)
        let workers = TrainingWorkers(model: model, threads: config.threadCount)
        var best = parameters.map(\.value)
        var bestLoss = Double.infinity
        let batchSize = max(config.batchSize, 1)
        let batches = (summary.trainSessions + batchSize - 1) / batchSize
        let validationPart: SplitPart = summary.validationSessions == 0 ? .train : .validation
        // In memory, the whole training part is shuffled each epoch, as it always was.
        let inMemoryTrain = data.shuffleWindow == nil ? DatasetSplit(sessionCount: data.sessionCount, rule: rule).train : nil
        // Whatever ends the run (finished, stopped, a NaN), hand back what the batches read.
        defer { data.release(0..<data.sessionCount) }

        epochs: for epoch in 1...max(config.epochs, 1) {
            var order = EpochBatches(data: data, rule: rule, size: batchSize, train: inMemoryTrain,
                                     generator: SeededGenerator(key: SeedKey(config.seed).derive(21).derive(UInt64(epoch))))
            var lossSum = 0.0, plays = 0, b = 0
            while let batch = order.next() {
                if shouldStop() {
                    summary.interrupted = true
                    break epochs
                }
                parameters.zeroGradients()
                let (loss, count) = workers.gradient(data, batch: batch)
                guard loss.isFinite else {
                    restore(parameters, best)
                    throw SegueError(
                        "\(name) training: the loss became \(loss.isNaN ? "NaN" : "infinite") at epoch \(epoch), batch \(b + 1) of \(batches)",
                        hint: "lower the learning rate (now \(config.learningRate); try lr=\(config.learningRate / 4)) or the clipping norm")
                }
                NetworkSupport.clipGradients(parameters, maxNorm: config.clipNorm)
                adam.step()
                lossSum += loss * Double(count)
                plays += count
                b += 1
                progress(ModelTrainingProgress(epoch: epoch, epochs: config.epochs, batch: b, batches: batches,
                                          trainLoss: lossSum / Double(max(plays, 1)),
                                          bestValidationLoss: bestLoss.isFinite ? bestLoss : nil))
            }
            let validation = evaluate(workers, data: data, part: validationPart, rule: rule)
            guard validation.isFinite else {
                restore(parameters, best)
                throw SegueError("\(name) training: the validation loss became NaN after epoch \(epoch)",
                                 hint: "lower the learning rate (now \(config.learningRate); try lr=\(config.learningRate / 4))")
            }
            summary.epochs.append(EpochRecord(epoch: epoch, trainLoss: lossSum / Double(max(plays, 1)),
                                              validationLoss: validation))
            if validation < bestLoss {
                bestLoss = validation
                best = parameters.map(\.value)
                summary.bestEpoch = epoch
            } else if epoch - summary.bestEpoch >= config.patience {
                break
            }
        }
        // Keep the best epoch's weights; when interrupted before any epoch
        // finished, the weights of the last whole batch are kept.
        if summary.bestEpoch > 0 { restore(parameters, best) }
        parameters.zeroGradients()
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Mean log-loss over the plays of the sessions of `part`, in order, in
    /// chunks of `evaluationChunk` sessions (one chunk per worker at a time),
    /// without training; what was passed is released after each round.
    func evaluate<Model: GradientModel>(_ workers: TrainingWorkers<Model>, data: some LoggedSessions, part: SplitPart,
                                        rule: SplitRule) -> Double {
        var sum = 0.0, plays = 0
        var pending: [Int] = []
        let round = Self.evaluationChunk * workers.threads
        pending.reserveCapacity(round)
        func score() {
            let chunks = stride(from: 0, to: pending.count, by: Self.evaluationChunk).map {
                pending[$0..<min($0 + Self.evaluationChunk, pending.count)]
            }
            for (loss, count) in workers.losses(data, chunks: chunks) {
                sum += loss * Double(count)
                plays += count
            }
            data.release(0..<(pending[pending.count - 1] + 1))
            pending.removeAll(keepingCapacity: true)
        }
        data.forEachSession(in: part, of: rule) { s in
            pending.append(s)
            if pending.count == round { score() }
        }
        if !pending.isEmpty { score() }
        return plays == 0 ? .nan : sum / Double(plays)
    }

    private func restore(_ parameters: [Parameter], _ values: [Matrix]) {
        for (p, v) in zip(parameters, values) { p.value = v }
    }
}

extension TrainingSummary {
    /// A summary of no epochs yet, with the sizes of the parts of `data`'s
    /// split under `rule` (one pass over the sessions).
    init(splitOf data: some LoggedSessions, rule: SplitRule) {
        self.init()
        splitSeed = rule.seed
        data.forEachSession(in: nil, of: rule) { s in
            switch rule.part(of: s) {
            case .train:
                trainSessions += 1
                trainPlays += data.length(of: s)
            case .validation: validationSessions += 1
            case .test: testSessions += 1
            }
        }
    }
}
