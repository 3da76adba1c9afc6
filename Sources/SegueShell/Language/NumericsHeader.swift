import SegueTensor

/// The `#! numerics MODE kernel=NAME fingerprint=HEX` line a recorded session
/// file starts with: how its outputs were computed.
///
/// `segue record` and `save` write it; `segue check` compares it with the
/// process's own numerics and, when they differ, says so in one line before any
/// difference, because a file recorded in another mode or by a binary whose
/// numerics changed cannot be expected to match in the last digits.
struct NumericsHeader: Equatable {
    var mode: String
    var kernel: String?
    var fingerprint: String?

    /// The current process's numerics.
    static var current: NumericsHeader {
        NumericsHeader(mode: Numerics.mode.rawValue, kernel: Numerics.kernel, fingerprint: Numerics.fingerprint)
    }

    /// Parses a `#! numerics …` line; nil for any other line.
    init?(line: String) {
        let words = line.trimmingCharacters(in: .whitespaces).dropFirst(2).split(separator: " ").map(String.init)
        guard words.first == "numerics", words.count >= 2 else { return nil }
        mode = words[1]
        for word in words.dropFirst(2) {
            let pair = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "kernel" { kernel = pair[1] }
            if pair[0] == "fingerprint" { fingerprint = pair[1] }
        }
    }

    init(mode: String, kernel: String?, fingerprint: String?) {
        self.mode = mode
        self.kernel = kernel
        self.fingerprint = fingerprint
    }

    var line: String {
        var text = "#! numerics \(mode)"
        if let kernel { text += " kernel=\(kernel)" }
        if let fingerprint { text += " fingerprint=\(fingerprint)" }
        return text
    }

    /// One line saying how `recorded` (nil: the file has none) differs from this
    /// process's numerics, or nil when it does not.
    static func note(recorded: NumericsHeader?, file: String) -> String? {
        let now = current
        guard let recorded else {
            return "note: \(file) does not say how its numbers were made (no '#! numerics' line); "
                + "this run is \(now.mode) with the \(now.kernel ?? "?") kernel (`segue record FILE` adds the line)"
        }
        if recorded.mode != now.mode {
            return "note: \(file) was recorded in \(recorded.mode) numerics (\(recorded.kernel ?? "?") kernel), "
                + "this run is \(now.mode) (\(now.kernel ?? "?")): last digits may differ; "
                + "check it with SEGUE_NUMERICS=\(recorded.mode)"
        }
        if let fingerprint = recorded.fingerprint, fingerprint != now.fingerprint {
            return "note: \(file) was recorded by a binary whose numerics differ from this one's "
                + "(fingerprint \(fingerprint), \(recorded.kernel ?? "?") kernel; now \(now.fingerprint ?? "?"), "
                + "\(now.kernel ?? "?")): a new OpenBLAS, libm or kernel; last digits may differ"
        }
        return nil
    }
}
