import SegueCore

/// The training batches of one epoch, drawn from `generator`.
///
/// With the whole training part given (`train`, in-memory data), it is
/// shuffled at once and cut into batches of `size`. Otherwise sessions are
/// shuffled within windows of `data.shuffleWindow` consecutive sessions,
/// the windows visited in a shuffled order; a batch may take the last few
/// sessions of one window and the first of the next. Only the window being
/// read (and the one before, whose last sessions may still be waiting) is in
/// use at a time: when a window is read, every session outside those two is
/// released (not only the window before: a page fault maps a few pages
/// around it, which may belong to windows already released). With a single
/// window the order is the whole shuffle's (shuffling one window draws nothing).
///
/// - Complexity: O(window) memory; O(sessions) time per epoch.
struct EpochBatches<Data: LoggedSessions>: IteratorProtocol {
    let data: Data
    let rule: SplitRule
    let size: Int
    var generator: SeededGenerator
    /// Sessions shuffled and not yet handed out start at `position`.
    private var pending: [Int]
    private var position = 0
    /// Windows in visiting order, and how many were read.
    private var windows: [Int] = []
    private var windowsRead = 0
    /// The last two windows read, oldest first.
    private var inUse: [Range<Int>] = []

    init(data: Data, rule: SplitRule, size: Int, train: [Int]?, generator: SeededGenerator) {
        self.data = data
        self.rule = rule
        self.size = size
        self.generator = generator
        if let train {
            pending = train.shuffled(using: &self.generator)
        } else {
            pending = []
            let window = data.passWindow
            windows = Array(0..<((data.sessionCount + window - 1) / window)).shuffled(using: &self.generator)
        }
    }

    mutating func next() -> ArraySlice<Int>? {
        while pending.count - position < size, windowsRead < windows.count { readWindow() }
        guard position < pending.count else {
            if !inUse.isEmpty { data.release(0..<data.sessionCount) }
            inUse = []
            return nil
        }
        let end = min(position + size, pending.count)
        defer { position = end }
        return pending[position..<end]
    }

    /// Appends the next window's training sessions, shuffled.
    private mutating func readWindow() {
        let window = data.passWindow, w = windows[windowsRead]
        windowsRead += 1
        let range = (w * window)..<min((w + 1) * window, data.sessionCount)
        pending.removeSubrange(0..<position)
        position = 0
        var fresh = range.filter { rule.part(of: $0) == .train }
        fresh.shuffle(using: &generator)
        pending += fresh
        inUse.append(range)
        if inUse.count > 2 { inUse.removeFirst() }
        // Release the gaps around the windows in use.
        var from = 0
        for kept in inUse.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if from < kept.lowerBound { data.release(from..<kept.lowerBound) }
            from = max(from, kept.upperBound)
        }
        if from < data.sessionCount { data.release(from..<data.sessionCount) }
    }
}
