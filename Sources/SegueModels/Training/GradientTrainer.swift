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
    func loss(_ data: SessionDataset, sessions: ArraySlice<Int>, backward: Bool) -> (loss: Double, plays: Int)
}

/// The training loop shared by CWM and SWM: shuffled mini-batches of
/// sessions, Adam, global-norm clipping, early stopping on validation loss
/// (the best epoch's weights are kept), a progress callback, and a stop
/// request checked between batches.
struct GradientTrainer {
    var config: TrainingConfig
    /// Names the model in messages.
    var name: String

    /// Trains `model` on `split.train`, validating on `split.validation`.
    /// - Throws: `SegueError` when the loss becomes NaN or infinite (naming
    ///   the epoch and batch); the weights are then those of the best epoch
    ///   (or the initial ones).
    func fit(_ model: some GradientModel, data: SessionDataset, split: DatasetSplit,
             progress: (ModelTrainingProgress) -> Void, shouldStop: () -> Bool) throws -> TrainingSummary {
        let started = Date()
        var summary = TrainingSummary()
        summary.splitSeed = config.seed
        summary.trainSessions = split.train.count
        summary.trainPlays = split.train.reduce(0) { $0 + data.length(of: $1) }
        summary.validationSessions = split.validation.count
        summary.testSessions = split.test.count
        let parameters = model.parameters
        let adam = Adam(parameters: parameters, learningRate: config.learningRate)
        var best = parameters.map(\.value)
        var bestLoss = Double.infinity
        let batchSize = max(config.batchSize, 1)
        let batches = (split.train.count + batchSize - 1) / batchSize
        defer { summary.seconds = Date().timeIntervalSince(started) }

        epochs: for epoch in 1...max(config.epochs, 1) {
            var generator = SeededGenerator(key: SeedKey(config.seed).derive(21).derive(UInt64(epoch)))
            let order = split.train.shuffled(using: &generator)
            var lossSum = 0.0, plays = 0
            for b in 0..<batches {
                if shouldStop() {
                    summary.interrupted = true
                    break epochs
                }
                let batch = order[(b * batchSize)..<min((b + 1) * batchSize, order.count)]
                parameters.zeroGradients()
                let (loss, count) = model.loss(data, sessions: batch, backward: true)
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
                progress(ModelTrainingProgress(epoch: epoch, epochs: config.epochs, batch: b + 1, batches: batches,
                                          trainLoss: lossSum / Double(max(plays, 1)),
                                          bestValidationLoss: bestLoss.isFinite ? bestLoss : nil))
            }
            let validation = evaluate(model, data: data, sessions: split.validation.isEmpty ? split.train : split.validation)
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
        return summary
    }

    /// Mean log-loss over the plays of `sessions`, in batches, without training.
    func evaluate(_ model: some GradientModel, data: SessionDataset, sessions: [Int]) -> Double {
        var sum = 0.0, plays = 0
        var start = 0
        while start < sessions.count {
            let end = min(start + 256, sessions.count)
            let (loss, count) = model.loss(data, sessions: sessions[start..<end], backward: false)
            sum += loss * Double(count)
            plays += count
            start = end
        }
        return plays == 0 ? .nan : sum / Double(plays)
    }

    private func restore(_ parameters: [Parameter], _ values: [Matrix]) {
        for (p, v) in zip(parameters, values) { p.value = v }
    }
}
