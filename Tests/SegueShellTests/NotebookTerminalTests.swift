import Foundation
import XCTest

/// End-to-end, the real binary: a shell session saved as a person makes it
/// (an interrupted `train`, a failed cell) checks; a restore after `kill -9`
/// re-runs no `save` and ends at the same step; a planted journal and a
/// session file that writes outside its folder are refused.
final class NotebookTerminalTests: TerminalTestCase {
    /// `segue ARGS` in the test folder with its Segue home, through /bin/sh.
    func segue(_ arguments: String) -> (status: Int32, output: String) {
        TerminalDriver.run("/bin/sh", ["-c", "cd \(driver.folder) && SEGUE_HOME=\(driver.folder)/.segue \(TerminalDriver.binary) \(arguments)"])
    }

    /// The issue's walk-through, about 25 s: the demo world at start, a small
    /// world and model, an agent whose training Ctrl-C stops, a failed cell,
    /// `save`, `segue check`, then `kill -9` and a restore.
    func testASavedShellSessionChecksAndARestoreAfterAKillEndsAtTheSameStep() throws {
        startShell()
        enter("w = world demo tracks=300 users=40 sessions=400", expect: "w: world 'demo': 300 tracks")
        enter("m = train-model cwm world=w epochs=1", expect: "m: user model cwm")
        enter("e = env world=w user=m episodes=random-pool(size=20) seed=3", expect: "e: env over 'demo'")
        enter("a = agent ahdqn env=e", expect: "a: agent ahdqn")
        enter("train a env=e steps=100000000 every=500", expect: "steps/s")
        Thread.sleep(forTimeInterval: 1)
        driver.send("C-c")
        XCTAssertTrue(driver.waitFor("interrupted between updates"), driver.screen())
        let steps = try XCTUnwrap(firstMatch(#"a: (\d+) steps \(\d+ in all\)"#, in: driver.screen()))
        enter("clear", expect: "unknown command 'clear'")
        enter("compare a random env=e episodes=20", expect: "vs a (paired)")
        enter("plot compare", expect: "mean return (95% CI) over 20 episodes")
        enter("save first", expect: "to Sessions/first.segue")
        enter("save first", expect: "Sessions/first.segue exists: overwrite it? [y/N]")
        enter("n", expect: "kept as it was")

        let file = "\(driver.folder)/Sessions/first.segue"
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertFalse(saved.contains("\u{1B}"), "colour codes in the saved file")
        XCTAssertTrue(saved.contains("train a env=e steps=100000000 every=500  #! interrupt \(Int(steps)! + 1)\n#> step 500/100000000"), saved)
        XCTAssertTrue(saved.contains("# failed, not replayed: clear"), saved)
        let check = segue("check Sessions/first.segue")
        XCTAssertEqual(check.status, 0, check.output)
        XCTAssertTrue(check.output.contains("1 passed, 0 failed"), check.output)

        // kill -9, then restore: `save` is not re-run (the file stays as it is), the agent is where it was.
        try "# changed after the save\n".write(toFile: file, atomically: true, encoding: .utf8)
        driver.crash()
        driver.start()
        XCTAssertTrue(driver.waitFor("Restore it by replaying them?"), driver.screen())
        XCTAssertTrue(driver.screen().contains("save first   (writes a file, which is already there)"), driver.screen())
        XCTAssertTrue(driver.screen().contains("clear   (failed)"), driver.screen())
        enter("y", expect: "Tab completes")
        XCTAssertTrue(driver.screen().contains("restored 9 of 9 commands"), driver.screen())
        XCTAssertFalse(driver.screen().contains("moving average"), "the replay's output is hidden")
        enter("train a env=e steps=10", expect: "a: 10 steps (\(Int(steps)! + 10) in all)")
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "# changed after the save\n")
        let history = try String(contentsOfFile: "\(driver.folder)/.segue/history", encoding: .utf8)
        XCTAssertFalse(history.split(separator: "\n").contains { ["y", "n"].contains($0) }, history)
    }

    /// A journal planted in the working folder (a cloned repository) is not
    /// replayed on Enter; the question names the plugin it would load and the
    /// file it would write, and nothing is loaded or written.
    func testAPlantedJournalIsNotReplayedWithoutAYes() throws {
        let plugin = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Plugins/ConstantListener").path
        try FileManager.default.createDirectory(atPath: "\(driver.folder)/.segue", withIntermediateDirectories: true)
        try "echo restored-from-journal\nplugin load \(plugin)\nsave planted\n"
            .write(toFile: "\(driver.folder)/.segue/journal.segue", atomically: true, encoding: .utf8)
        driver.start()
        XCTAssertTrue(driver.waitFor("Replay it? [y/N]"), driver.screen())
        XCTAssertTrue(driver.screen().contains("Segue did not write for you"), driver.screen())
        XCTAssertTrue(driver.screen().contains("loads or writes plugin code: plugin load \(plugin)"), driver.screen())
        XCTAssertTrue(driver.screen().contains("writes a file: save planted"), driver.screen())
        driver.send("Enter")
        XCTAssertTrue(driver.waitFor("Tab completes"), driver.screen())
        enter("list user-model", expect: "truth")
        XCTAssertFalse(driver.screen().contains("constant-listener"), driver.screen())
        XCTAssertFalse(driver.screen().contains("restored-from-journal"), driver.screen())
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(driver.folder)/Sessions/planted.segue"))
    }

    /// Without --allow-writes a session file writes only relative paths under
    /// the folder it runs from, and never over a file Segue did not write.
    func testASessionFileMayNotWriteOutsideItsFolder() throws {
        let outside = NSTemporaryDirectory() + "segue-outside-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try "mine\n".write(toFile: "\(driver.folder)/mine.csv", atomically: true, encoding: .utf8)
        let attempts = [
            ("save \(outside)", "save: a session file may not write '\(outside)'"),
            ("save ../escape", "save: a session file may not write '../escape'"),
            ("compare random episodes=2 csv=\(outside)", "compare csv=: a session file may not write"),
            ("compare random episodes=2 jsonl=mine.csv", "compare jsonl=: a session file may not write 'mine.csv': it exists and Segue did not write it"),
            ("env trackers=step-log(path=../x.jsonl)", "step-log path=: a session file may not write '../x.jsonl'"),
        ]
        for (line, expected) in attempts {
            try "echo hi; touch X\nworld demo tracks=200 users=20 sessions=0\nenv\n\(line)\n"
                .write(toFile: "\(driver.folder)/w.segue", atomically: true, encoding: .utf8)
            let result = segue("run w.segue")
            XCTAssertEqual(result.status, 1, result.output)
            XCTAssertTrue(result.output.contains("w.segue:4: \(expected)"), result.output)
            XCTAssertTrue(result.output.contains("--allow-writes"), result.output)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: outside))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(driver.folder)/../escape.segue"))
        XCTAssertEqual(try String(contentsOfFile: "\(driver.folder)/mine.csv", encoding: .utf8), "mine\n")

        // Under the folder it may write, and overwrite what Segue wrote; `save` over a file needs --force.
        try "world demo tracks=200 users=20 sessions=0\nenv\ncompare random episodes=2 csv=out/r.csv\nsave copy\n"
            .write(toFile: "\(driver.folder)/w.segue", atomically: true, encoding: .utf8)
        XCTAssertEqual(segue("run w.segue").status, 0)
        let again = segue("run w.segue")
        XCTAssertEqual(again.status, 1, again.output)
        XCTAssertTrue(again.output.contains("w.segue:4: save: 'Sessions/copy.segue' exists (`save copy --force` replaces it"), again.output)
        try "world demo tracks=200 users=20 sessions=0\nenv\ncompare random episodes=2 csv=out/r.csv\nsave copy --force\n"
            .write(toFile: "\(driver.folder)/w.segue", atomically: true, encoding: .utf8)
        XCTAssertEqual(segue("run w.segue").status, 0)
        try "world demo tracks=200 users=20 sessions=0\nenv\ncompare random episodes=2 csv=\(outside)\n"
            .write(toFile: "\(driver.folder)/w2.segue", atomically: true, encoding: .utf8)
        XCTAssertEqual(segue("run --allow-writes w2.segue").status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: outside))
    }

    func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }
}
