import Foundation

/// A vertical axis whose rows stand for round values.
///
/// Row `r` is exactly `base + r × step`, where `step` is 1, 2 or 5 times a
/// power of ten, the smallest such step whose rows cover the data; every
/// other row whose value is a multiple of `2 × step` is labelled. So the
/// axis starts near the data (not at 0), a row is a fixed, readable amount,
/// and the labels are round numbers: a gain of one listen shows as rows.
/// Rows above the row the largest value is drawn in are dropped, so a
/// chart is no taller than its data needs.
struct AxisScale {
    /// The value of row 0.
    let base: Double
    /// The value between two rows.
    let step: Double
    /// Rows in use: at most the number asked for, at least 2.
    let rows: Int

    /// The scale of at most `rows` rows (at least 2) covering `lo...hi`.
    init(covering lo: Double, _ hi: Double, rows maxRows: Int) {
        precondition(maxRows >= 2 && lo.isFinite && hi.isFinite && lo <= hi)
        // A constant series gets a span around its value.
        let span = hi - lo > 1e-12 ? hi - lo : max(abs(hi) * 0.1, 1)
        let (lo, hi) = hi - lo > 1e-12 ? (lo, hi) : (lo - span / 2, hi + span / 2)
        var exponent = floor(log10(span / Double(maxRows - 1)))
        while true {
            for mantissa in [1.0, 2.0, 5.0] {
                let step = mantissa * pow(10, exponent)
                let base = floor(lo / step) * step
                if base + step * Double(maxRows - 1) >= hi - step * 1e-9 {
                    self.base = base
                    self.step = step
                    rows = min(maxRows, max(2, Int(((hi - base) / step).rounded()) + 1))   // up to hi's row
                    return
                }
            }
            exponent += 1
        }
    }

    /// The row `value` is drawn in (clamped to the axis).
    func row(_ value: Double) -> Int {
        min(max(Int(((value - base) / step).rounded()), 0), rows - 1)
    }

    /// The value row `row` stands for.
    func value(_ row: Int) -> Double { base + Double(row) * step }

    /// The label of `row`: its value when that is a multiple of twice the step, else nil.
    func label(_ row: Int) -> String? {
        let units = Int((value(row) / step).rounded())
        guard units % 2 == 0 else { return nil }
        let decimals = max(0, Int(-floor(log10(2 * step) + 1e-9)))
        let text = String(format: "%.\(decimals)f", value(row))
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// The widest label any row gets.
    var labelWidth: Int { (0..<rows).compactMap(label).map(\.count).max() ?? 1 }
}
