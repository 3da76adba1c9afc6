import SegueCore

/// The reference workload's ground truth as a user model:
/// `p = sigmoid(relu(relu(x·W1)·W2)·w3 + 0.5)` with `x = user ‖ track ‖ S`,
/// in float64 so that comparisons with the listen draw and oracle argmaxes
/// do not depend on summation order.
public final class BenchUserModel: UserModel {
    let network: BenchNetwork
    let catalog: Catalog
    let population: Population
    private var input: [Double]
    private var scratch: [Double]

    init(network: BenchNetwork, catalog: Catalog, population: Population) {
        self.network = network
        self.catalog = catalog
        self.population = population
        input = Array(repeating: 0, count: network.inputWidth)
        scratch = Array(repeating: 0, count: 2 * network.hiddenWidth)
    }

    public func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double {
        let f = catalog.featureCount
        var i = 0
        for v in population.features(of: episode.user) { input[i] = Double(v); i += 1 }
        for v in catalog.features(of: track) { input[i] = Double(v); i += 1 }
        precondition(i == 2 * f, "bench user model: features of width \(f) do not fit its input")
        for v in session.summary { input[i] = v; i += 1 }
        return input.withUnsafeBufferPointer { x in
            scratch.withUnsafeMutableBufferPointer { network.probability(x, scratch: $0) }
        }
    }
}
