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

    override func tearDown() {
        driver?.stop()
        if let folder = driver?.folder { try? FileManager.default.removeItem(atPath: folder) }
    }
}
