import SegueTensor

/// Phasic policy gradient's auxiliary value head on the policy network
/// (Cobbe et al., 2021): a value read from the policy's own encoding of the
/// state, so that fitting it distils what the value network knows into the
/// weights the policy acts with.
///
/// An action-head policy encodes the state in the context share of its first
/// layer, `context·Wc + b` (`SplitDense`); the head reads that encoding:
///
///     V_aux(s) = ReLU(context·Wc + b)·w + c
///
/// `Wc` and `b` belong to the policy (they are not among this head's
/// `parameters`); `backward` adds to their gradients as well as to `w` and `c`'s.
final class AuxiliaryValueHead: Trainable {
    /// The policy's first layer, whose `contextWeight` and `bias` are shared.
    let encoder: SplitDense
    /// ReLU, then Dense(hidden → 1).
    let head: Sequential
    private var contexts: Matrix?

    /// A head over `encoder`'s context share, its own weights drawn from `generator`.
    init(encoder: SplitDense, using generator: inout some RandomNumberGenerator) {
        self.encoder = encoder
        head = Sequential([ReLU(), Dense(inputSize: encoder.outputSize, outputSize: 1, using: &generator)])
    }

    /// `w` and `c` only: the encoder's weights are the policy's.
    var parameters: [Parameter] { head.parameters }

    /// `V_aux` of each context row, `[S, 1]`. Caches for `backward`.
    func callAsFunction(_ contexts: Matrix) -> Matrix {
        self.contexts = contexts
        var encoding = contexts.matmul(encoder.contextWeight.value)
        encoding.addRowVector(encoder.bias.value)
        return head(encoding)
    }

    /// Accumulates the gradients of `w`, `c`, and the shared `Wc` and `b`, for `dValues` `[S, 1]`.
    func backward(_ dValues: Matrix) {
        guard let contexts else { preconditionFailure("AuxiliaryValueHead.backward before a forward pass") }
        let dEncoding = head.backward(dValues)
        Matrix.gemm(contexts, transposeA: true, dEncoding, into: &encoder.contextWeight.grad, beta: 1)
        dEncoding.accumulateColumnSums(into: &encoder.bias.grad)
    }
}
