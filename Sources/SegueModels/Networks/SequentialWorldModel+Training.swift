import Foundation
import SegueCore
import SegueTensor

/// Padded, time-major inputs of a batch of logged sessions for SWM; row
/// `t * batch + b` is play `t` of session `b`.
struct SessionSequences {
    var batch: Int
    var length: Int
    /// LSTM inputs `track_t ‖ listened_t ‖ session`, `[T·B, F + 1 + C]` (C: the session encoding's width).
    var steps: Matrix
    /// `[B, T]`, 1 for a real play.
    var mask: Matrix
    /// Standardised features of each play's track, `[T·B, F]` (zeros when padded).
    var tracks: Matrix
    /// Each session's encoding (context, then listener), `[B, C]`.
    var contexts: Matrix
    /// Labels, `[T·B, 1]`.
    var targets: Matrix
    /// 1 for a real play, `[T·B, 1]`.
    var weights: Matrix
}

extension SequentialWorldModel {
    /// The padded inputs of `sessions`.
    func sequences(_ data: some LoggedSessions, sessions: some Collection<Int>) -> SessionSequences {
        let batch = sessions.count
        let length = sessions.lazy.map { data.length(of: $0) }.max() ?? 0
        let f = encoder.trackWidth, cw = encoder.sessionWidth, ew = encoderWidth
        var steps = Matrix(rows: length * batch, columns: ew)
        var mask = Matrix(rows: batch, columns: length)
        var trackRows = Matrix(rows: length * batch, columns: f)
        var contexts = Matrix(rows: batch, columns: cw)
        var targets = Matrix(rows: length * batch, columns: 1)
        var weights = Matrix(rows: length * batch, columns: 1)
        tracks.withUnsafeBufferPointer { all in
        steps.storage.withUnsafeMutableBufferPointer { x in
        trackRows.storage.withUnsafeMutableBufferPointer { tr in
        contexts.storage.withUnsafeMutableBufferPointer { cx in
        mask.storage.withUnsafeMutableBufferPointer { m in
        targets.storage.withUnsafeMutableBufferPointer { y in
        weights.storage.withUnsafeMutableBufferPointer { w in
            for (b, s) in sessions.enumerated() {
                encoder.encode(data.context(of: s), listener: data.listener(of: s), listeners: listeners,
                               into: cx.baseAddress! + b * cw)
                var t = 0
                data.forEachPlay(of: s) { track, listened in
                    let r = t * batch + b
                    let label: Float = listened ? 1 : 0
                    for k in 0..<f {
                        x[r * ew + k] = all[track * f + k]
                        tr[r * f + k] = all[track * f + k]
                    }
                    x[r * ew + f] = label
                    for k in 0..<cw { x[r * ew + f + 1 + k] = cx[b * cw + k] }
                    m[b * length + t] = 1
                    y[r] = label
                    w[r] = 1
                    t += 1
                }
            }
        }}}}}}}
        return SessionSequences(batch: batch, length: length, steps: steps, mask: mask, tracks: trackRows,
                                contexts: contexts, targets: targets, weights: weights)
    }

    /// Logits of every play of `input`; with `cache`, each layer keeps what
    /// its backward pass needs. Returns the head input's `h_{t−1}` too.
    func forward(_ input: SessionSequences, cache: Bool) -> (logits: Matrix, previous: Matrix) {
        let (batch, length) = (input.batch, input.length)
        let hw = hiddenWidth, f = encoder.trackWidth, cw = encoder.sessionWidth, width = headWidth
        let sequence = SequenceBatch(values: input.steps, batchSize: batch, length: length, mask: input.mask)
        let outputs = (cache ? lstm(sequence) : lstm.apply(sequence)).values
        // h_{t−1}: the outputs shifted one step later; zeros at t = 0.
        var previous = Matrix(rows: length * batch, columns: hw)
        if length > 1 {
            previous.storage.replaceSubrange((batch * hw)..<(length * batch * hw),
                                             with: outputs.storage[0..<((length - 1) * batch * hw)])
        }
        let tasteInput = projectionInput(previous, input)
        let q = cache ? projection(tasteInput) : projection.apply(tasteInput)
        var z = Matrix(rows: length * batch, columns: width)
        z.storage.withUnsafeMutableBufferPointer { out in
        previous.storage.withUnsafeBufferPointer { hp in
        input.tracks.storage.withUnsafeBufferPointer { tr in
        input.contexts.storage.withUnsafeBufferPointer { cx in
        q.storage.withUnsafeBufferPointer { qs in
        input.targets.storage.withUnsafeBufferPointer { listened in
            // Each row's norm once, for every later row that looks back at it.
            let norms = recent.depth > 0 ? (0..<(length * batch)).map { RecentPlays.norm(tr.baseAddress! + $0 * f, f) } : []
            for t in 0..<length {
                let position = FeatureEncoder.position(t)
                for b in 0..<batch {
                    let r = t * batch + b
                    let row = out.baseAddress! + r * width
                    for k in 0..<hw { row[k] = hp[r * hw + k] }
                    for k in 0..<f { row[hw + k] = tr[r * f + k] }
                    for k in 0..<cw { row[hw + f + k] = cx[b * cw + k] }
                    row[hw + f + cw] = position
                    for k in 0..<f { row[hw + f + cw + 1 + k] = qs[r * f + k] * tr[r * f + k] }
                    if recent.depth > 0 {
                        recent.write(candidate: (tr.baseAddress! + r * f, norms[r]),
                                     recent: { k in
                                         let back = (t - k) * batch + b
                                         return k <= t ? (tr.baseAddress! + back * f, norms[back]) : nil
                                     },
                                     listened: { listened[(t - $0) * batch + b] > 0.5 },
                                     into: row + recentOffset)
                    }
                }
            }
        }}}}}}
        let logits = cache ? head(z) : NetworkSupport.infer(head, z)
        return (logits, previous)
    }

    /// The projection's input per row: `h_{t−1}`, then (listener-aware) the
    /// session's listener features.
    func projectionInput(_ previous: Matrix, _ input: SessionSequences) -> Matrix {
        let u = encoder.listenerWidth
        guard u > 0 else { return previous }
        let hw = hiddenWidth, cw = encoder.sessionWidth, c0 = FeatureEncoder.contextWidth, tw = hw + u
        var out = Matrix(rows: previous.rows, columns: tw)
        out.storage.withUnsafeMutableBufferPointer { o in
        previous.storage.withUnsafeBufferPointer { h in
        input.contexts.storage.withUnsafeBufferPointer { cx in
            for r in 0..<previous.rows {
                let b = r % input.batch
                for k in 0..<hw { o[r * tw + k] = h[r * hw + k] }
                for k in 0..<u { o[r * tw + hw + k] = cx[b * cw + c0 + k] }
            }
        }}}
        return out
    }

    func loss(_ data: some LoggedSessions, sessions: ArraySlice<Int>, backward: Bool) -> (loss: Double, plays: Int) {
        let input = sequences(data, sessions: sessions)
        let plays = data.playCount(of: sessions)
        guard plays > 0 else { return (0, 0) }
        let (logits, _) = forward(input, cache: backward)
        let loss = Loss.binaryCrossEntropy(logits: logits, targets: input.targets, weights: input.weights)
        if backward { self.backward(loss.gradient, input: input) }
        return (Double(loss.value), plays)
    }

    /// Backpropagates `∂loss/∂logits` through the head, the projection and the LSTM.
    func backward(_ dLogits: Matrix, input: SessionSequences) {
        let (batch, length) = (input.batch, input.length)
        let hw = hiddenWidth, f = encoder.trackWidth, cw = encoder.sessionWidth, width = headWidth
        let dz = head.backward(dLogits)
        let rows = length * batch
        var dPrevious = Matrix(rows: rows, columns: hw)
        var dq = Matrix(rows: rows, columns: f)
        dz.storage.withUnsafeBufferPointer { g in
        input.tracks.storage.withUnsafeBufferPointer { tr in
        dPrevious.storage.withUnsafeMutableBufferPointer { dh in
        dq.storage.withUnsafeMutableBufferPointer { dqs in
            for r in 0..<rows {
                for k in 0..<hw { dh[r * hw + k] = g[r * width + k] }
                for k in 0..<f { dqs[r * f + k] = g[r * width + hw + f + cw + 1 + k] * tr[r * f + k] }
            }
        }}}}
        let dTaste = projection.backward(dq)
        if encoder.listenerWidth == 0 {
            dPrevious += dTaste
        } else {
            let tw = hw + encoder.listenerWidth
            dTaste.storage.withUnsafeBufferPointer { g in
            dPrevious.storage.withUnsafeMutableBufferPointer { dh in
                for r in 0..<rows {
                    for k in 0..<hw { dh[r * hw + k] += g[r * tw + k] }
                }
            }}
        }
        // h_{t−1} is the LSTM output of step t − 1: shift the gradient one step earlier.
        var dOutputs = Matrix(rows: rows, columns: hw)
        if length > 1 {
            dOutputs.storage.replaceSubrange(0..<((length - 1) * batch * hw),
                                             with: dPrevious.storage[(batch * hw)..<(rows * hw)])
        }
        _ = lstm.backward(dOutputs, inputGradient: false)   // the inputs are data
    }

    public func predict(_ data: some LoggedSessions, sessions: [Int]) -> [Float] {
        var out: [Float] = []
        var start = 0
        while start < sessions.count {
            let end = min(start + 256, sessions.count)
            let chunk = sessions[start..<end]
            let input = sequences(data, sessions: chunk)
            let (logits, _) = forward(input, cache: false)
            for (b, s) in chunk.enumerated() {
                for t in 0..<data.length(of: s) { out.append(1 / (1 + expf(-logits.storage[t * input.batch + b]))) }
            }
            start = end
        }
        return out
    }
}
