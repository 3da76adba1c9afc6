import Foundation

/// Logged sessions folded into one compact binary file, opened by mapping it
/// into memory: what the models need of each play (a track and four outcome
/// bits) and of each session (premium, hour, context type), with no text but
/// the tables of distinct track ids and context types.
///
/// A log is parsed once (`SessionCacheBuilder`); every later load maps the
/// file, so opening costs a page-table update, not a parse. Layout (little
/// endian, every section 8-byte aligned), after a header of 16 `UInt64`s:
///
///     playStart   UInt64 × (sessions + 1)   session s owns plays playStart[s] ..< playStart[s+1]
///     sessionInfo UInt32 × sessions         bit 0 premium, bit 1 complete, bits 2–6 hour, bits 8–23 context type
///     playTrack   UInt32 × plays            index into the track-id table
///     playFlags   UInt8  × plays            bit 0 not_skipped, 1 skip_1, 2 skip_2, 3 skip_3
///     track ids, context types, first error: string tables (UInt64 offsets, then bytes)
///
/// - Complexity: opening is O(1) in the number of plays (plus the string
///   tables when `trackIDs` is first read).
public final class SessionCache {
    /// `SEGUESC1`, the first eight bytes.
    static let magic: UInt64 = 0x3143_5345_5547_4553
    static let headerWords = 16

    /// The file.
    public let path: String
    /// The key of the inputs and options the file was built from.
    public let key: UInt64
    public let sessionCount: Int
    public let playCount: Int
    /// What reading the logs counted (rows, skips, sample, incomplete sessions).
    public let summary: LogReadSummary
    /// Session s owns plays `playStart[s] ..< playStart[s + 1]`.
    public let playStart: UnsafeBufferPointer<UInt64>
    /// Per session: bit 0 premium, bit 1 complete, bits 2–6 hour, bits 8–23 context type.
    public let sessionInfo: UnsafeBufferPointer<UInt32>
    /// Per play: the index of its track id in `trackIDs`.
    public let playTrack: UnsafeBufferPointer<UInt32>
    /// Per play: bit 0 not_skipped, bit 1 skip_1, bit 2 skip_2, bit 3 skip_3.
    public let playFlags: UnsafeBufferPointer<UInt8>
    /// Distinct track ids, in order of first play.
    public let trackIDs: [String]
    /// Distinct context types, in order of first session.
    public let contextTypes: [String]

    private let base: UnsafeMutableRawPointer
    private let length: Int

    /// Maps the cache at `path`.
    /// - Parameter key: the key the file must carry; nil accepts any.
    /// - Returns: nil when there is no such file, or it is short, damaged,
    ///   of another format or built from other inputs (the caller ingests again).
    public static func open(path: String, key: UInt64?) -> SessionCache? {
        let descriptor = Foundation.open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { Foundation.close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_size >= headerWords * 8 else { return nil }
        let length = Int(info.st_size)
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else { return nil }
        guard let cache = SessionCache(path: path, base: mapped, length: length), key == nil || cache.key == key else {
            munmap(mapped, length)
            return nil
        }
        return cache
    }

    private init?(path: String, base: UnsafeMutableRawPointer, length: Int) {
        let header = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt64.self), count: SessionCache.headerWords)
        guard header[0] == SessionCache.magic else { return nil }
        let sessions = Int(header[2]), plays = Int(header[3])
        var reader = SectionReader(base: base, length: length, offset: SessionCache.headerWords * 8)
        guard let starts = reader.take(UInt64.self, sessions + 1),
              let info = reader.take(UInt32.self, sessions),
              let tracks = reader.take(UInt32.self, plays),
              let flags = reader.take(UInt8.self, plays),
              let ids = reader.strings(Int(header[4])),
              let contexts = reader.strings(Int(header[5])),
              let firstError = reader.strings(1),
              reader.offset == length, starts.last == UInt64(plays) else { return nil }
        self.path = path
        self.base = base
        self.length = length
        key = header[1]
        sessionCount = sessions
        playCount = plays
        playStart = starts
        sessionInfo = info
        playTrack = tracks
        playFlags = flags
        trackIDs = ids
        contextTypes = contexts
        var summary = LogReadSummary()
        summary.files = Int(header[6])
        summary.rowsRead = Int(header[7])
        summary.rowsSkipped = Int(header[8])
        summary.sessions = sessions
        summary.sessionsSampledOut = Int(header[9])
        summary.incompleteSessions = Int(header[10])
        if !firstError[0].isEmpty { summary.firstErrorMessage = firstError[0] }
        self.summary = summary
    }

    deinit { munmap(base, length) }

    /// The plays of session `s`.
    @inline(__always) public func plays(of s: Int) -> Range<Int> { Int(playStart[s]) ..< Int(playStart[s + 1]) }
    /// Whether session `s`'s listener is premium.
    @inline(__always) public func premium(_ s: Int) -> Bool { sessionInfo[s] & 1 != 0 }
    /// Whether session `s` held every position (none absent or skipped).
    @inline(__always) public func isComplete(_ s: Int) -> Bool { sessionInfo[s] & 2 != 0 }
    /// The hour session `s` started, 0 to 23.
    @inline(__always) public func hourOfDay(_ s: Int) -> Int { Int((sessionInfo[s] >> 2) & 31) }
    /// The context type of session `s`'s first play.
    @inline(__always) public func contextType(_ s: Int) -> String { contextTypes[Int((sessionInfo[s] >> 8) & 0xFFFF)] }
    /// Whether play `p` was played to the end (`not_skipped`).
    @inline(__always) public func notSkipped(_ p: Int) -> Bool { playFlags[p] & 1 != 0 }
    /// Whether play `p` was skipped early (`skip_2`).
    @inline(__always) public func skip2(_ p: Int) -> Bool { playFlags[p] & 4 != 0 }
    /// The size of the file in bytes.
    public var byteCount: Int { length }
}

/// Walks the sections of a mapped cache, checking that each fits.
struct SectionReader {
    let base: UnsafeMutableRawPointer
    let length: Int
    var offset: Int

    mutating func take<T>(_: T.Type, _ count: Int) -> UnsafeBufferPointer<T>? {
        let bytes = count * MemoryLayout<T>.stride
        guard count >= 0, offset + bytes <= length else { return nil }
        let buffer = UnsafeBufferPointer(start: (base + offset).assumingMemoryBound(to: T.self), count: count)
        offset += (bytes + 7) & ~7
        return buffer
    }

    mutating func strings(_ count: Int) -> [String]? {
        guard let offsets = take(UInt64.self, count + 1), let total = offsets.last,
              let bytes = take(UInt8.self, Int(total)) else { return nil }
        var result: [String] = []
        result.reserveCapacity(count)
        for i in 0..<count {
            let start = Int(offsets[i]), stop = Int(offsets[i + 1])
            guard start <= stop, stop <= bytes.count else { return nil }
            result.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self))
        }
        return result
    }
}
