import Foundation
import XCTest

/// Drives the real `segue` binary as a person would: in a tmux terminal,
/// typing keys and reading the screen.
final class TerminalDriver {
    let name: String
    /// The tmux server socket of the current start: each start gets its own
    /// server, so nothing of an earlier (crashed) terminal lingers.
    private var socket = ""
    private var starts = 0
    let folder: String
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("segue").path
    }

    /// Whether tmux and the built binary are both there.
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: binary) && shell(["tmux", "-V"]).status == 0
    }

    /// A temporary working folder for the shell (history, journal, worlds).
    init(folder: String? = nil) {
        name = "segue-test-\(UUID().uuidString.prefix(8))"
        self.folder = folder ?? NSTemporaryDirectory() + name
        try? FileManager.default.createDirectory(atPath: self.folder, withIntermediateDirectories: true)
    }

    /// Starts `segue` in a fresh terminal of 120×40.
    func start(arguments: String = "") {
        starts += 1
        socket = "\(name)-\(starts)"
        let command = "cd \(self.folder) && SEGUE_HOME=\(self.folder)/.segue \(TerminalDriver.binary) \(arguments)"
        _ = TerminalDriver.shell(["tmux", "-L", socket, "new-session", "-d", "-s", name, "-x", "120", "-y", "40", command])
    }

    /// Types keys (tmux key names such as "Enter", "Tab", "C-c", "Up").
    func send(_ keys: String...) {
        _ = TerminalDriver.shell(["tmux", "-L", socket, "send-keys", "-t", name] + keys)
    }

    /// The visible screen and scroll-back.
    func screen() -> String {
        TerminalDriver.shell(["tmux", "-L", socket, "capture-pane", "-t", name, "-p", "-S", "-200"]).output
    }

    /// Waits until the screen contains `text` (or `timeout` seconds pass).
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if screen().contains(text) { return true }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return false
    }

    /// Waits until `text` appears `count` times.
    @discardableResult
    func waitFor(_ text: String, count: Int, timeout: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if screen().components(separatedBy: text).count - 1 >= count { return true }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return false
    }

    /// Ends the terminal and whatever runs in it.
    func stop() {
        _ = TerminalDriver.shell(["tmux", "-L", socket, "kill-server"])
    }

    /// Kills the shell process hard, as a crash would.
    func crash() {
        let pid = TerminalDriver.shell(["tmux", "-L", socket, "list-panes", "-t", name, "-F", "#{pane_pid}"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = TerminalDriver.shell(["kill", "-9", pid])
        Thread.sleep(forTimeInterval: 0.3)
        stop()
    }

    /// Runs a command through /bin/sh with C's `system`, its output in a
    /// temporary file. (Foundation's Process can wait forever on tmux, whose
    /// client forks the server.)
    static func shell(_ words: [String]) -> (status: Int32, output: String) {
        let file = NSTemporaryDirectory() + "segue-tmux-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let quoted = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let status = system("\(quoted) > \(file) 2>&1 < /dev/null")
        return (status, (try? String(contentsOfFile: file, encoding: .utf8)) ?? "")
    }

    static func run(_ program: String, _ arguments: [String], input: String? = nil) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        if let input {
            let stdin = Pipe()
            process.standardInput = stdin
            stdin.fileHandleForWriting.write(Data(input.utf8))
            stdin.fileHandleForWriting.closeFile()
        }
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
