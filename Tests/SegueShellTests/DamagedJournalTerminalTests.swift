import Foundation
import XCTest

/// End-to-end, the real binary: after a crash, a journal with one flipped bit
/// is reported with its file, line and what is wrong, and only the commands
/// above the damage are offered for replay.
final class DamagedJournalTerminalTests: TerminalTestCase {
    func testABitFlippedJournalRestoresOnlyWhatComesBeforeTheDamage() throws {
        startShell()
        driver.send("echo first-cell", "Enter")
        XCTAssertTrue(driver.waitFor("first-cell", count: 2), driver.screen())
        driver.send("echo second-cell", "Enter")
        XCTAssertTrue(driver.waitFor("second-cell", count: 2), driver.screen())
        driver.crash()

        let journals = "\(driver.folder)/.segue/journals"
        let name = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: journals).first { !$0.hasSuffix("-last.segue") })
        let path = "\(journals)/\(name)"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let text = String(decoding: bytes, as: UTF8.self)
        let at = try XCTUnwrap(text.range(of: "echo second-cell")).lowerBound.utf16Offset(in: text) + 5
        bytes[at] ^= 0x02   // "second" → "qecond"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let line = text.prefix(at).filter { $0 == "\n" }.count + 1

        driver.start()
        XCTAssertTrue(driver.waitFor("Restore it by replaying them?"), driver.screen())
        let screen = driver.screen().replacingOccurrences(of: "\n", with: "")
        XCTAssertTrue(screen.contains("\(name):\(line): the line does not match its checksum"), "\(name):\(line) in " + screen)
        // The shell's start-up cells (the demo world and its environment), then the first echo.
        XCTAssertTrue(driver.screen().contains("Restoring replays 3 commands"), driver.screen())
        XCTAssertFalse(driver.screen().contains("qecond"), driver.screen())
        enter("y", expect: "restored 3 of 3 commands")
    }
}
