import Foundation
import XCTest

/// End-to-end: the real binary in a terminal (tmux) and over pipes.
final class TerminalTests: TerminalTestCase {
    func testTabCompletesCommandsAndComponentNames() {
        startShell()
        driver.send("compa", "Tab")
        XCTAssertTrue(driver.waitFor("segue> compare"), driver.screen())
        driver.send("C-u", "describe random-po", "Tab")
        XCTAssertTrue(driver.waitFor("describe random-pool"), driver.screen())
        driver.send("Enter")
        XCTAssertTrue(driver.waitFor("candidates per pool (C)"), driver.screen())
        driver.send("env episodes=random-", "Tab")
        XCTAssertTrue(driver.waitFor("env episodes=random-pool"), driver.screen())
    }

    func testHistoryIsRecalledAfterARestart() {
        startShell()
        enter("list termination", expect: "consecutive-skips-v1")
        driver.send("C-d")
        Thread.sleep(forTimeInterval: 0.5)
        driver.stop()
        startShell()
        driver.send("Up")
        XCTAssertTrue(driver.waitFor("segue> list termination"), driver.screen())
    }

    func testCtrlCStopsLongWorkAndTheShellStaysResponsive() {
        startShell()
        driver.send("rollout random episodes=100000000", "Enter")
        Thread.sleep(forTimeInterval: 1.5)
        driver.send("C-c")
        XCTAssertTrue(driver.waitFor("(interrupted)"), driver.screen())
        enter("vars", expect: "env    env over 'demo'")
    }

    func testCtrlCDuringTrainingLeavesTheAgentIntactAndUsable() {
        startShell()
        enter("a = agent ahdqn", expect: "a: agent ahdqn")
        enter("train a steps=100000000 every=500", expect: "steps/s")
        Thread.sleep(forTimeInterval: 1)
        driver.send("C-c")
        XCTAssertTrue(driver.waitFor("interrupted between updates: the agent is consistent and usable"), driver.screen())
        enter("compare a random episodes=20", expect: "vs a (paired)")
        enter("train a steps=200", expect: "a: 200 steps (")
    }

    /// Keys typed while `train` redraws its live view are not echoed into it
    /// (which would shift the redraw and leave broken frames); they wait in
    /// the input queue and appear at the next prompt, as typed-ahead keys do
    /// in a Unix shell.
    func testKeysTypedDuringTrainingWaitForTheNextPrompt() {
        startShell()
        enter("a = agent ahdqn", expect: "a: agent ahdqn")
        enter("train a steps=40000 every=500", expect: "ETA")
        driver.send("vars", "Enter")
        Thread.sleep(forTimeInterval: 1.5)
        let during = driver.screen()
        XCTAssertTrue(during.contains("ETA") && !during.contains("vars"), "typed keys echoed into the live view:\n\(during)")
        XCTAssertTrue(driver.waitFor("a: 40000 steps (", timeout: 120), driver.screen())
        // The typed-ahead line runs at the next prompt.
        XCTAssertTrue(driver.waitFor("env    env over"), driver.screen())
        // Echoed keys (the Enter above all) would have shifted the redraw and left a stale frame line.
        XCTAssertFalse(driver.screen().contains("ETA"), "the live view left a broken frame:\n\(driver.screen())")
    }

    func testAfterACrashTheJournalRestoresTheSession() {
        startShell()
        enter("small = world demo tracks=200 users=20 sessions=0", expect: "small: world 'demo': 200 tracks")
        driver.crash()
        driver.start()
        XCTAssertTrue(driver.waitFor("Restore it by replaying them?"), driver.screen())
        enter("y", expect: "Tab completes")
        enter("vars", expect: "small  world 'demo': 200 tracks")
    }

    /// `segue < FILE` and a pipe run the commands given, as a session file; the
    /// first error ends the run with `<stdin>:LINE`. (scripts/segue, not segue,
    /// chooses the quickstart when there is no terminal.)
    func testCommandsFromStandardInputAreRun() throws {
        let sessions = "\(driver.folder)/Sessions"
        try FileManager.default.createDirectory(atPath: sessions, withIntermediateDirectories: true)
        try "echo the quickstart ran\n".write(toFile: "\(sessions)/quickstart.segue", atomically: true, encoding: .utf8)
        let piped = TerminalDriver.run("/bin/sh", ["-c", "cd \(driver.folder) && printf 'list termination\\nvars\\n' | \(TerminalDriver.binary)"])
        XCTAssertEqual(piped.status, 0, piped.output)
        XCTAssertTrue(piped.output.contains("consecutive-skips-v1"), piped.output)
        XCTAssertFalse(piped.output.contains("the quickstart ran"), piped.output)
        try "world demo tracks=200 users=20 sessions=0\nvars\nnot-a-command\necho after\n".write(toFile: "\(driver.folder)/commands.txt", atomically: true, encoding: .utf8)
        let redirected = TerminalDriver.run("/bin/sh", ["-c", "cd \(driver.folder) && \(TerminalDriver.binary) < commands.txt"])
        XCTAssertEqual(redirected.status, 1, redirected.output)
        XCTAssertTrue(redirected.output.contains("world  world 'demo': 200 tracks"), redirected.output)
        XCTAssertTrue(redirected.output.contains("<stdin>:3: unknown command 'not-a-command'"), redirected.output)
        XCTAssertFalse(redirected.output.contains("segue> echo after"), redirected.output)
    }

    func testRunStopsAtTheFirstErrorWithFileAndLine() throws {
        let file = "\(driver.folder)/bad.segue"
        try "world demo tracks=200 users=20 sessions=0\nenv episodes=random-pool(size=0)\nvars\n".write(toFile: file, atomically: true, encoding: .utf8)
        let result = TerminalDriver.run(TerminalDriver.binary, ["run", file])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.output.contains("\(file):2: random-pool-v1: parameter 'size' must be in 1...1000000, got 0"), result.output)
        XCTAssertFalse(result.output.contains("segue> vars"))
    }

    func testPluginsInSessionFilesNeedConsent() throws {
        let file = "\(driver.folder)/plugin.segue"
        let plugin = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Plugins/ConstantListener").path
        try "plugin load \(plugin)\nlist user-model\n".write(toFile: file, atomically: true, encoding: .utf8)
        let refused = TerminalDriver.run(TerminalDriver.binary, ["run", file])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.output.contains("--allow-plugins"), refused.output)
        let allowed = TerminalDriver.run(TerminalDriver.binary, ["run", "--allow-plugins", file])
        XCTAssertEqual(allowed.status, 0, allowed.output)
        XCTAssertTrue(allowed.output.contains("constant-listener-v1"), allowed.output)
    }
}
