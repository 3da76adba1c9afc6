import Foundation
@testable import SegueData

/// Fuzz entry for the CSV tokenizer: reads every row of the input, once with
/// 16-byte chunks and 256-byte rows (so rows and quotes straddle refills and hit
/// the row limit) and once with 4 KiB chunks and rows, skipping malformed rows.
enum FuzzCSV {
    /// Whether the input read without a malformed row.
    @discardableResult
    static func run(_ bytes: [UInt8]) -> Bool {
        let path = FuzzScratch.write(bytes)
        var clean = true
        for (chunk, row) in [(16, 256), (4096, 4096)] {
            guard let tokenizer = try? CSVTokenizer(path: path, file: "fuzz.csv", chunkSize: chunk, maxRowBytes: row) else {
                return false
            }
            var rows = 0
            while rows < 100_000 {
                do {
                    guard try tokenizer.nextRow() else { break }
                    _ = tokenizer.fields
                    rows += 1
                } catch {
                    clean = false
                    _ = "\(error)"
                    do { try tokenizer.skipMalformedRow() } catch { break }
                }
            }
            tokenizer.close()
        }
        return clean
    }
}
