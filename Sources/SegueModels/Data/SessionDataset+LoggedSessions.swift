import SegueCore

/// In-memory sessions read as `LoggedSessions`: the whole split shuffled at
/// once, nothing to release.
extension SessionDataset: LoggedSessions {
    @inline(__always) public func context(of s: Int) -> SessionContext { contexts[s] }
    @inline(__always) public func listener(of s: Int) -> Int { Int(listeners[s]) }

    @inline(__always)
    public func forEachPlay(of s: Int, _ body: (_ track: Int, _ listened: Bool) -> Void) {
        for play in plays(of: s) { body(Int(tracks[play]), labels[play] > 0.5) }
    }
}
