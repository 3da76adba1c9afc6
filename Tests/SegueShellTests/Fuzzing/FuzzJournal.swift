import Foundation
@testable import SegueShell

/// Fuzz entry for the journal reader: the input is read as a crash journal
/// (commands and `#=` outcome lines), planned for restoring both as the user's
/// own journal and as a planted one, and each planned line is described as the
/// restore question describes it.
enum FuzzJournal {
    /// How many entries the journal holds.
    @discardableResult
    static func run(_ bytes: [UInt8]) -> Int {
        let path = FuzzScratch.write(bytes, name: "journal.segue")
        let journal = Journal(path: path)
        let entries = journal.unfinished()
        for own in [true, false] {
            let plan = RestorePlan(entries, own: own)
            for line in plan.replay.prefix(64) {
                _ = RestorePlan.effect(of: line)
                _ = Replay.parse(line)
            }
            _ = plan.prefix(entries.count / 2)
        }
        _ = journal.isOwn(folder: FuzzScratch.folder)
        return entries.count
    }
}
