import CZlib
import Foundation

/// Opening input files through zlib, so gzip-compressed logs (`.csv.gz`, as
/// Spotify ships the MSSD) read like plain ones.
///
/// zlib looks at the first two bytes: the gzip magic `1f 8b` is inflated,
/// anything else is passed through unchanged, so a file is detected by its
/// content and never by its name.
enum GzipInput {
    /// The buffer zlib reads the stored file through, in bytes.
    static let bufferSize: UInt32 = 1 << 18

    /// Opens `path` for reading.
    /// - Throws: `DataError.cannotOpen` naming `file` and the system's reason.
    static func open(path: String, file: String) throws -> gzFile {
        // zlib opens missing files without complaint on some versions; ask the system first.
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw DataError.cannotOpen(file: file, reason: String(cString: strerror(errno)))
        }
        guard let stream = gzopen(path, "rb") else {
            throw DataError.cannotOpen(file: file, reason: String(cString: strerror(errno)))
        }
        gzbuffer(stream, bufferSize)
        return stream
    }

    /// Whether a short read on `stream` was a gzip stream cut off before its end.
    static func endedEarly(_ stream: gzFile) -> Bool {
        var code: Int32 = 0
        _ = gzerror(stream, &code)
        return code == Z_BUF_ERROR
    }

    /// zlib's message for the last error on `stream` (the system's reason for I/O errors).
    static func lastError(_ stream: gzFile) -> String {
        var code: Int32 = 0
        guard let text = gzerror(stream, &code) else { return "unknown error" }
        let message = String(cString: text)
        if code == Z_ERRNO { return String(cString: strerror(errno)) }
        return code == Z_DATA_ERROR || code == Z_BUF_ERROR ? "corrupt gzip data: \(message)" : message
    }
}

/// Whether a file starts with the gzip magic bytes `1f 8b`.
public func isGzipFile(atPath path: String) -> Bool {
    guard let handle = fopen(path, "rb") else { return false }
    defer { fclose(handle) }
    var magic: [UInt8] = [0, 0]
    return fread(&magic, 1, 2, handle) == 2 && magic == [0x1F, 0x8B]
}
