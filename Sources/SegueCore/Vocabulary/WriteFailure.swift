import Foundation

/// Words for a failed write: Segue writes every file atomically (a temporary
/// file beside it, then a rename), so a write that fails — a full disk, a
/// read-only folder — leaves the file that was there untouched, and messages say so.
public enum WriteFailure {
    /// `"; the previous <file> is intact"` when a file is at `path`, else
    /// `"; nothing was written"`, to end a write error's message.
    public static func keptNote(_ path: String) -> String {
        FileManager.default.fileExists(atPath: path)
            ? "; the previous '\((path as NSString).lastPathComponent)' is intact"
            : "; nothing was written"
    }
}
