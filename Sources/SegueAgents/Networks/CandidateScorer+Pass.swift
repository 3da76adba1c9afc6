import Foundation
import SegueTensor

/// Cache-free inference over chosen candidate rows of many states: the hot paths
/// of AH-DQN, acting (one state, all C rows) and target values (B next states,
/// their unused candidates: up to 64 × 200 rows per update).
///
/// The rows are cut into blocks of at most `rowsPerBlock`; a block goes through
/// every layer before the next starts, so its activations stay in L2 cache:
///
///     h₁ = broadcast(context·Wc + b₁) + features·Wf      one sgemm into the preloaded h₁ (β = 1)
///     hᵢ₊₁ = broadcast(bᵢ₊₁) + relu(hᵢ)·Wᵢ₊₁              one sgemm per further hidden layer
///     score = b_out + relu(hₙ)·w_out                     a fused ReLU and dot product per row
///
/// Preloading the output with the bias and accumulating into it (β = 1) spares
/// OpenBLAS's separate pass that zeroes C. The context's share `context·Wc + b₁` is
/// computed once per state (one sgemm over the states) and broadcast.
///
/// Blocks are independent and `workerCount` threads take them in turn. A block
/// is cut from the rows alone and computed the same way whichever thread runs it,
/// so the scores do not depend on the number of workers.
extension CandidateScorer {
    /// Rows per block: two 64-wide activations of 1,024 rows (512 KB) stay near L2.
    static let rowsPerBlock = 1_024

    /// The best score over each state's unused candidates, `max_{c: mask} score(s, c)`,
    /// for the states with `wanted[s]`; 0 for the others and where no candidate is
    /// unused. `contexts` is `[S, contextSize]`, `pools[s]` state `s`'s `[C·F]`
    /// features, `masks` `[S·C]` (true: unused).
    public func maxScores(contexts: Matrix, pools: [[Float]], masks: [Bool], wanted: [Bool]) -> [Float] {
        let states = contexts.rows
        precondition(pools.count == states && wanted.count == states && masks.count % max(states, 1) == 0,
                     "CandidateScorer.maxScores: \(pools.count) pools, \(masks.count) mask entries, \(wanted.count) flags for \(states) states")
        let c = masks.count / max(states, 1)
        var plan = takePlan()
        defer { sparePlan = plan }
        masks.withUnsafeBufferPointer { mask in
            for s in 0..<states {
                plan.appendState(candidates: wanted[s] ? c : 0, unused: mask.baseAddress! + s * c)
            }
        }
        let scores = run(plan, contexts: contexts, pools: pools)
        return (0..<states).map { s in
            let rows = plan.rows(of: s)
            guard !rows.isEmpty else { return 0 }
            var best = -Float.infinity
            for r in rows { best = max(best, scores[r]) }
            return best
        }
    }

    /// Every candidate's score, `[S, C]`: `contexts` `[S, contextSize]`, `pools[s]`
    /// state `s`'s `[C·F]` features (the same `C` for every state).
    public func scores(contexts: Matrix, pools: [[Float]]) -> Matrix {
        let states = contexts.rows
        let c = pools.first.map { $0.count / featureSize } ?? 0
        precondition(pools.count == states && pools.allSatisfy { $0.count == c * featureSize },
                     "CandidateScorer.scores: \(pools.count) pools for \(states) states, or pools of different sizes")
        var plan = takePlan()
        defer { sparePlan = plan }
        for _ in 0..<states { plan.appendState(candidates: c) }
        return Matrix(rows: states, columns: c, storage: run(plan, contexts: contexts, pools: pools))
    }

    /// The scores of one state's pool: `[C]` for `candidates` `[C·F]` row-major.
    public func scores(context: [Float], candidates: [Float]) -> [Float] {
        scores(contexts: Matrix(rows: 1, columns: contextSize, storage: context), pools: [candidates]).storage
    }

    /// The spare plan, emptied; hand it back to `sparePlan` when done.
    private func takePlan() -> ScoringPlan {
        var plan = sparePlan
        sparePlan = ScoringPlan()
        plan.clear()
        return plan
    }

    /// Scores every row of `plan` (state `s`'s rows read `pools[s]`); returns one score a row.
    private func run(_ plan: ScoringPlan, contexts: Matrix, pools: [[Float]]) -> [Float] {
        let rowCount = plan.candidate.count
        guard rowCount > 0 else { return [] }
        let widths = hidden, f = featureSize, h0 = widths[0]
        precondition(contexts.columns == contextSize && pools.allSatisfy { $0.count % f == 0 },
                     "CandidateScorer: contexts of \(contexts.columns) (expected \(contextSize)) or pools not rows of \(featureSize)")
        // The context's share per state, bias included.
        var perState = Matrix(rows: contexts.rows, columns: h0)
        Matrix.gemm(contexts, first.contextWeight.value, into: &perState)
        perState.addRowVector(first.bias.value)

        let blockCount = (rowCount + Self.rowsPerBlock - 1) / Self.rowsPerBlock
        let workers = min(workerCount, blockCount)
        while workspaces.count < workers {
            workspaces.append(ScoringWorkspace(rows: Self.rowsPerBlock, featureSize: f, widths: widths))
        }
        let spaces = workspaces
        var scores = [Float](repeating: 0, count: rowCount)
        let weights = [first.featureWeight.value.storage] + denses.flatMap { [$0.weight.value.storage, $0.bias.value.storage] }
        let next = BlockCounter(count: blockCount)
        scores.withUnsafeMutableBufferPointer { out in
            let out = out.baseAddress!
            withElementPointers(weights) { w in
                perState.storage.withUnsafeBufferPointer { perState in
                    plan.start.withUnsafeBufferPointer { start in
                        plan.candidate.withUnsafeBufferPointer { rowCandidate in
                            let block = BlockInputs(perState: perState.baseAddress!, start: start,
                                                    rowCandidate: rowCandidate.baseAddress!, pools: pools, weights: w)
                            let work = { (worker: Int) in
                                while let b = next.take() {
                                    let lower = b * Self.rowsPerBlock
                                    self.score(rows: lower ..< min(lower + Self.rowsPerBlock, rowCount), block,
                                               space: spaces[worker], into: out + lower)
                                }
                            }
                            if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
                        }
                    }
                }
            }
        }
        return scores
    }

    /// One block: gathers its feature rows, runs every layer, writes one score a row to `out`.
    private func score(rows: Range<Int>, _ input: BlockInputs, space: ScoringWorkspace, into out: UnsafeMutablePointer<Float>) {
        let m = rows.count, f = featureSize, widths = hidden
        let x = space.features, h = space.hidden
        // Gather the rows' features; preload h₁ with each row's context share.
        var s = input.state(ofRow: rows.lowerBound), r = rows.lowerBound
        while r < rows.upperBound {
            while input.start[s + 1] <= r { s += 1 }
            let end = min(input.start[s + 1], rows.upperBound)
            input.pools[s].withUnsafeBufferPointer { pool in
                for row in r ..< end {
                    let local = row - rows.lowerBound
                    copy(f, from: pool.baseAddress! + Int(input.rowCandidate[row]) * f, to: x + local * f)
                    copy(widths[0], from: input.perState + s * widths[0], to: h[0] + local * widths[0])
                }
            }
            r = end
        }
        BLAS.gemm(m: m, n: widths[0], k: f, a: x, lda: f, b: input.weights[0], ldb: widths[0], beta: 1, c: h[0], ldc: widths[0])
        for i in 1 ..< widths.count {
            relu(h[i - 1], count: m * widths[i - 1])
            let (weight, bias) = (input.weights[2 * i - 1], input.weights[2 * i])
            for row in 0..<m { copy(widths[i], from: bias, to: h[i] + row * widths[i]) }
            BLAS.gemm(m: m, n: widths[i], k: widths[i - 1], a: h[i - 1], lda: widths[i - 1], b: weight, ldb: widths[i],
                      beta: 1, c: h[i], ldc: widths[i])
        }
        // The output layer, the last ReLU fused in: one pass over the last activations.
        let last = h[widths.count - 1], width = widths[widths.count - 1]
        let (w, bias) = (input.weights[2 * widths.count - 1], input.weights[2 * widths.count][0])
        for row in 0..<m { out[row] = bias + reluDot(last + row * width, w, count: width) }
    }
}

/// `x = max(x, 0)` over `count` floats.
@inline(__always)
private func relu(_ x: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { x[i] = max(x[i], 0) }
}

/// `Σ max(a[j], 0)·w[j]`, summed in eight running sums (`j mod 8`) added up at
/// the end: a fixed order, the same on every machine and thread, that the
/// compiler vectorizes, unlike one running sum.
@inline(__always)
private func reluDot(_ a: UnsafePointer<Float>, _ w: UnsafePointer<Float>, count: Int) -> Float {
    var (s0, s1, s2, s3, s4, s5, s6, s7): (Float, Float, Float, Float, Float, Float, Float, Float) = (0, 0, 0, 0, 0, 0, 0, 0)
    var j = 0
    while j + 8 <= count {
        s0 += max(a[j], 0) * w[j]
        s1 += max(a[j + 1], 0) * w[j + 1]
        s2 += max(a[j + 2], 0) * w[j + 2]
        s3 += max(a[j + 3], 0) * w[j + 3]
        s4 += max(a[j + 4], 0) * w[j + 4]
        s5 += max(a[j + 5], 0) * w[j + 5]
        s6 += max(a[j + 6], 0) * w[j + 6]
        s7 += max(a[j + 7], 0) * w[j + 7]
        j += 8
    }
    var sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
    while j < count { sum += max(a[j], 0) * w[j]; j += 1 }
    return sum
}

/// Copies `count` floats in 16-float chunks, inline: rows here are 16 or 64 floats,
/// too short for a call to `memmove` to pay.
@inline(__always)
private func copy(_ count: Int, from source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>) {
    var j = 0
    while j + 16 <= count {
        UnsafeMutableRawPointer(target + j).storeBytes(of: UnsafeRawPointer(source + j).loadUnaligned(as: SIMD16<Float>.self),
                                                       as: SIMD16<Float>.self)
        j += 16
    }
    while j < count { target[j] = source[j]; j += 1 }
}

/// What every block of one pass reads.
private struct BlockInputs {
    /// `[S, H₁]`: each state's `context·Wc + b₁`.
    let perState: UnsafePointer<Float>
    /// State `s`'s rows are `start[s] ..< start[s + 1]`.
    let start: UnsafeBufferPointer<Int>
    /// The pool index of each row.
    let rowCandidate: UnsafePointer<Int32>
    /// Each state's `[C·F]` features.
    let pools: [[Float]]
    /// `Wf`, then each further dense layer's weight and bias.
    let weights: [UnsafePointer<Float>]

    /// The state whose rows hold `row` (the first, where states have none).
    func state(ofRow row: Int) -> Int {
        var (low, high) = (0, start.count - 1)   // start[low] <= row < start[high]
        while high - low > 1 {
            let middle = (low + high) / 2
            if start[middle] <= row { low = middle } else { high = middle }
        }
        return low
    }
}

/// Which candidate rows of which states a pass scores, in state order.
struct ScoringPlan {
    /// The pool index of each row.
    var candidate: [Int32] = []
    /// State `s`'s rows are `start[s] ..< start[s + 1]`.
    var start: [Int] = [0]

    /// Adds the next state with rows for its first `candidates` pool entries, or
    /// only those of them that `unused` marks.
    mutating func appendState(candidates: Int, unused: UnsafePointer<Bool>? = nil) {
        if let unused {
            for j in 0..<candidates where unused[j] { candidate.append(Int32(j)) }
        } else {
            for j in 0..<candidates { candidate.append(Int32(j)) }
        }
        start.append(candidate.count)
    }

    /// The rows of state `s`.
    func rows(of s: Int) -> Range<Int> { start[s] ..< start[s + 1] }

    /// Empties the plan, keeping its capacity.
    mutating func clear() {
        candidate.removeAll(keepingCapacity: true)
        start.removeAll(keepingCapacity: true)
        start.append(0)
    }
}

/// One worker's buffers for a block: its gathered features and each hidden
/// layer's activations, allocated once.
final class ScoringWorkspace {
    let features: UnsafeMutablePointer<Float>
    let hidden: [UnsafeMutablePointer<Float>]

    init(rows: Int, featureSize: Int, widths: [Int]) {
        features = .allocate(capacity: rows * featureSize)
        hidden = widths.map { .allocate(capacity: rows * $0) }
    }

    deinit {
        features.deallocate()
        for buffer in hidden { buffer.deallocate() }
    }
}

/// Hands out block numbers `0..<count` to workers, each once.
private final class BlockCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int

    init(count: Int) { self.count = count }

    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}

/// Runs `body` with a pointer to the elements of each of `arrays`, valid during the call.
private func withElementPointers<R>(_ arrays: [[Float]], _ body: ([UnsafePointer<Float>]) -> R) -> R {
    func walk(_ i: Int, _ pointers: [UnsafePointer<Float>]) -> R {
        guard i < arrays.count else { return body(pointers) }
        return arrays[i].withUnsafeBufferPointer { walk(i + 1, pointers + [$0.baseAddress!]) }
    }
    return walk(0, [])
}
