import Foundation
import XCTest

/// A test case that drives the real `segue` binary in tmux: each test gets a
/// fresh `TerminalDriver` (its own folder and tmux server), skipped where tmux
/// or the binary is missing, and stopped and cleaned up afterwards.
class TerminalTestCase: XCTestCase {
    var driver: TerminalDriver!

    override func setUpWithError() throws {
        try XCTSkipUnless(TerminalDriver.available, "needs tmux and a built segue binary (scripts/test installs and builds both)")
        driver = TerminalDriver()
    }

    /// Starts the shell and waits for its banner: the demo world and an environment are ready.
    func startShell(file: StaticString = #filePath, line: UInt = #line) {
        driver.start()
        XCTAssertTrue(driver.waitFor("Tab completes"), driver.screen(), file: file, line: line)
    }

    /// Types `command` and Enter, and waits until `expected` shows on the screen.
    func enter(_ command: String, expect expected: String, file: StaticString = #filePath, line: UInt = #line) {
        driver.send(command, "Enter")
        XCTAssertTrue(driver.waitFor(expected), driver.screen(), file: file, line: line)
    }

    override func tearDown() {
        driver?.stop()
        if let folder = driver?.folder { try? FileManager.default.removeItem(atPath: folder) }
    }
}
