import Foundation

/// Restoring a session after a crash: the journal's plan is shown, the user
/// chooses all, none, or up to a command, and the replay runs quietly
/// with a counter.
extension Shell {
    /// Lines to replay at start, and whether the journal is the user's own.
    struct Restoring {
        var lines: [String]
        var own: Bool
    }

    /// Where Segue before 0.1.0's journals lived: the working folder, where
    /// a cloned repository can plant one. Never replayed as the user's own.
    static let plantableJournal = ".segue/journal.segue"

    /// Asks whether to restore the unfinished session of this folder, or to
    /// replay a journal found in the folder itself; nil when there is none
    /// or the answer is no.
    func restore() -> Restoring? {
        let contents = journal.read()
        if let damage = contents.damage {
            print("warning: \(damage); restoring can replay only the \(contents.entries.count) command\(contents.entries.count == 1 ? "" : "s") above it")
        }
        let own = contents.entries
        if !own.isEmpty {
            // In the user's home, but changed by someone else or for another folder: not trusted.
            return journal.isOwn(folder: folder)
                ? askOwn(RestorePlan(own, own: true)) : askForeign(RestorePlan(own, own: false), path: journal.path)
        }
        let planted = URL(fileURLWithPath: folder).appendingPathComponent(Shell.plantableJournal).standardizedFileURL.path
        let plantedContents = Journal(path: planted).read()
        if let damage = plantedContents.damage { print("warning: \(damage)") }
        let foreign = plantedContents.entries
        guard !foreign.isEmpty else { return nil }
        return askForeign(RestorePlan(foreign, own: false), path: planted)
    }

    private func askOwn(_ plan: RestorePlan) -> Restoring? {
        print("The last session here ended without quitting (journal \(journal.path)).")
        guard !plan.replay.isEmpty else {
            print("Nothing in it to replay: " + plan.skipped.map { "\($0.line) (\($0.reason))" }.joined(separator: "; "))
            return nil
        }
        print("Restoring replays \(plan.replay.count) command\(plan.replay.count == 1 ? "" : "s"), quietly:")
        for (i, line) in plan.replay.enumerated() { print(String(format: "  %3d  %@", i + 1, line)) }
        if !plan.skipped.isEmpty {
            print("and leaves out:")
            for (line, reason) in plan.skipped { print("       \(line)   (\(reason))") }
        }
        let answer = editor.readLine(prompt: "Restore it by replaying them? [Y/n, or the number of the last to replay] ",
                                     remember: false)?.trimmingCharacters(in: .whitespaces).lowercased() ?? "n"
        if let n = Int(answer), n >= 1 { return Restoring(lines: plan.prefix(n).replay, own: true) }
        return answer.isEmpty || answer.hasPrefix("y") ? Restoring(lines: plan.replay, own: true) : nil
    }

    private func askForeign(_ plan: RestorePlan, path: String) -> Restoring? {
        print("Found a journal that Segue did not write for you: \(path) (\(plan.replay.count) commands).")
        print("Replaying it runs it as a session file from someone else: no plugins, files written only under \(folder).")
        let effects = plan.effects
        if effects.isEmpty {
            print("None of its commands loads code, runs a file or writes one.")
        } else {
            print("These of its commands load code, run a file or write one:")
            for effect in effects { print("  \(effect)") }
        }
        let answer = editor.readLine(prompt: "Replay it? [y/N] ", remember: false)
        guard Shell.yes(answer) else {
            print("Not replayed. (Delete or move \(path) to stop this question.)")
            return nil
        }
        return Restoring(lines: plan.replay, own: false)
    }

    /// Replays restored lines with their output hidden and a counter shown;
    /// a journal not the user's own under the session-file rules.
    func replay(_ restoring: Restoring) {
        let (sink, statusSink) = (session.sink, session.statusSink)
        let (plugins, policy) = (session.pluginsAllowed, session.writePolicy)
        session.sink = { _ in }
        session.statusSink = { _, _ in }
        if !restoring.own {
            session.pluginsAllowed = false
            session.writePolicy = .confined(root: folder)
        }
        defer {
            (session.sink, session.statusSink) = (sink, statusSink)
            (session.pluginsAllowed, session.writePolicy) = (plugins, policy)
        }
        let start = Date()
        var errors: [String] = []
        var done = 0
        for line in restoring.lines {
            Swift.print("\r\u{1B}[Krestoring \(done + 1)/\(restoring.lines.count): \(line.prefix(60))", terminator: "")
            fflush(stdout)
            journal.record(Replay.parse(line).line)
            do {
                try session.execute(line)
            } catch {
                errors.append("  [\(session.cells.count)] \(line): \(error)")
            }
            journal.record(outcome: Shell.outcome(of: session.cells.last))
            done += 1
            if Interrupts.isRequested { break }
        }
        Interrupts.clear()
        sink(String(format: "\r\u{1B}[Krestored %d of %d commands in %.1f s", done, restoring.lines.count, Date().timeIntervalSince(start))
             + (errors.isEmpty ? "" : "; these failed:\n" + errors.joined(separator: "\n")))
    }
}
