import Foundation

extension SessionCache {
    /// Hands the mapped pages of sessions `sessions` — their entries in
    /// `playStart` and `sessionInfo` and their plays' tracks and flags — back
    /// to the kernel (`madvise(MADV_DONTNEED)`): they leave this process's
    /// resident memory and are read again from the file (or the page cache)
    /// when next touched. The contents do not change, since the mapping is
    /// read-only; this only bounds what a pass over a large cache keeps
    /// resident. Pages are whole, so a neighbouring session's may go too.
    public func release(sessions: Range<Int>) {
        let sessions = sessions.clamped(to: 0..<sessionCount)
        guard !sessions.isEmpty else { return }
        let plays = Int(playStart[sessions.lowerBound]) ..< Int(playStart[sessions.upperBound])
        discard(playStart, sessions.lowerBound ..< sessions.upperBound + 1)
        discard(sessionInfo, sessions)
        discard(playTrack, plays)
        discard(playFlags, plays)
    }

    /// Drops the pages under `buffer[range]`, widened to whole pages.
    private func discard<T>(_ buffer: UnsafeBufferPointer<T>, _ range: Range<Int>) {
        guard !range.isEmpty, let start = buffer.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = UInt(bitPattern: start + range.lowerBound) & ~UInt(page - 1)
        let end = UInt(bitPattern: start + range.upperBound)
        let last = (end + UInt(page - 1)) & ~UInt(page - 1)
        _ = madvise(UnsafeMutableRawPointer(bitPattern: first), Int(last - first), MADV_DONTNEED)
    }
}
