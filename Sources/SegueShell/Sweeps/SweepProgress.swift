import Foundation

/// One progress line for a whole sweep: tasks done, failed and running, the
/// rate and an ETA. At a terminal it is redrawn in place; otherwise a plain
/// line is appended whenever a count changes.
final class SweepProgress {
    let total: Int
    let isTerminal: Bool
    private let started = Date()
    private var last = ""
    private var drawn = false
    /// Finished in this run (for the rate), beside those finished earlier.
    private(set) var done = 0, failed = 0, running = 0

    init(total: Int, isTerminal: Bool = isatty(1) != 0) {
        self.total = total
        self.isTerminal = isTerminal
    }

    /// Shows the counts, when they changed (or, at a terminal, the ETA did).
    func update(done: Int, failed: Int, running: Int) {
        self.done = done
        self.failed = failed
        self.running = running
        let elapsed = Date().timeIntervalSince(started)
        let finished = done + failed
        let rate = elapsed > 0 ? Double(finished) / elapsed : 0
        let left = total - finished
        let eta = rate > 0 ? LiveTrainingView.duration(Double(left) / rate) : "—"
        let counts = "\(finished)/\(total) tasks: \(done) done, \(failed) failed, \(running) running"
        if isTerminal {
            let line = counts + String(format: ", %.2f tasks/s, ETA %@", rate, eta)
            guard line != last else { return }
            last = line
            drawn = true
            FileHandle.standardOutput.write(Data(("\r" + line + "\u{1B}[K").utf8))
        } else {
            // Plain lines only when a task finishes, so a log stays short.
            let key = "\(done) \(failed)"
            guard key != last else { return }
            last = key
            Swift.print(counts + String(format: " (%.2f tasks/s, ETA %@)", rate, eta))
        }
    }

    /// Ends the in-place line so what follows starts on its own line.
    func finish() {
        if isTerminal && drawn { FileHandle.standardOutput.write(Data("\n".utf8)) }
        drawn = false
    }
}
