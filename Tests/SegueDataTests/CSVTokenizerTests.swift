import XCTest
@testable import SegueData

final class CSVTokenizerTests: XCTestCase {
    /// Every row of `text`, tokenized with chunks of `chunkSize` bytes.
    private func rows(_ text: String, chunkSize: Int = 1 << 20) throws -> [CSVRow] {
        let url = try writeFile(text, named: "t.csv", in: makeTemporaryFolder(for: self))
        let tokenizer = try CSVTokenizer(path: url.path, file: "t.csv", chunkSize: chunkSize)
        var rows: [CSVRow] = []
        while let row = try tokenizer.nextFields() { rows.append(row) }
        return rows
    }

    func testSplitsPlainRowsWithAndWithoutTrailingNewline() throws {
        let expected = [CSVRow(fields: ["a", "b"], line: 1), CSVRow(fields: ["1", "2"], line: 2)]
        XCTAssertEqual(try rows("a,b\n1,2\n"), expected)
        XCTAssertEqual(try rows("a,b\n1,2"), expected)
        XCTAssertEqual(try rows("a,b\r\n1,2\r\n"), expected)
        XCTAssertEqual(try rows("a,b\r1,2"), expected)
    }

    func testEmptyFieldsAndBlankLines() throws {
        XCTAssertEqual(try rows(",a,\n\n\r\n,,\n").map(\.fields), [["", "a", ""], ["", "", ""]])
        XCTAssertEqual(try rows(",a,\n\n\r\n,,\n").map(\.line), [1, 4])
        XCTAssertEqual(try rows(""), [])
        XCTAssertEqual(try rows("\n\n"), [])
    }

    func testQuotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let text = "id,note\n\"a,b\",\"say \"\"hi\"\"\"\n\"x\r\ny\",\"\"\nlast,\"q\"\n"
        let result = try rows(text)
        XCTAssertEqual(result.map(\.fields), [["id", "note"], ["a,b", "say \"hi\""], ["x\r\ny", ""], ["last", "q"]])
        XCTAssertEqual(result.map(\.line), [1, 2, 3, 5])
    }

    func testQuoteInsideUnquotedFieldIsText() throws {
        XCTAssertEqual(try rows("5\"2,x\n").map(\.fields), [["5\"2", "x"]])
    }

    func testSkipsByteOrderMark() throws {
        XCTAssertEqual(try rows("\u{FEFF}id,n\n1,2\n").map(\.fields), [["id", "n"], ["1", "2"]])
    }

    func testChunkBoundariesDoNotChangeTheRows() throws {
        var text = "\u{FEFF}id,\"quoted, with \"\"quotes\"\"\"\r\n"
        for index in 0..<200 {
            text += "row\(index),\"multi\nline \(index)\",plain text \(index)\r\n"
        }
        let whole = try rows(text)
        XCTAssertEqual(whole.count, 201)
        XCTAssertEqual(whole[200].line, 2 + 199 * 2)
        for chunkSize in [16, 17, 31, 64, 1000] {
            XCTAssertEqual(try rows(text, chunkSize: chunkSize), whole, "chunk size \(chunkSize)")
        }
    }

    func testUnterminatedQuoteNamesLineAndColumn() throws {
        let error = assertDataError(try rows("a,b\n1,\"open\n2,3\n"))
        XCTAssertEqual(error, .unterminatedQuote(file: "t.csv", line: 2, column: "#2"))
    }

    func testTextAfterClosingQuoteIsAnError() throws {
        let error = assertDataError(try rows("a,b\n1,\"x\"y\n"))
        XCTAssertEqual(error, .textAfterClosingQuote(file: "t.csv", line: 2, column: "#2"))
    }

    func testSkipMalformedRowResumesOnTheNextLine() throws {
        let url = try writeFile("a,b\n1,\"open\n2,3\n4,5", named: "t.csv", in: makeTemporaryFolder(for: self))
        let tokenizer = try CSVTokenizer(path: url.path, file: "t.csv", chunkSize: 16)
        XCTAssertEqual(try tokenizer.nextFields()?.fields, ["a", "b"])
        XCTAssertThrowsError(try tokenizer.nextFields())
        try tokenizer.skipMalformedRow()
        XCTAssertEqual(try tokenizer.nextFields(), CSVRow(fields: ["2", "3"], line: 3))
        XCTAssertEqual(try tokenizer.nextFields(), CSVRow(fields: ["4", "5"], line: 4))
        XCTAssertNil(try tokenizer.nextFields())
    }

    func testRowLongerThanTheLimitIsAnError() throws {
        let url = try writeFile("a\n\"" + String(repeating: "x", count: 5000), named: "t.csv",
                                in: makeTemporaryFolder(for: self))
        let tokenizer = try CSVTokenizer(path: url.path, file: "t.csv", chunkSize: 64, maxRowBytes: 1000)
        _ = try tokenizer.nextFields()
        XCTAssertEqual(assertDataError(try tokenizer.nextFields()), .rowTooLong(file: "t.csv", line: 2, limit: 1000))
    }

    func testInvalidUTF8AndNulBytesDoNotCrash() throws {
        let folder = try makeTemporaryFolder(for: self)
        let url = folder.appendingPathComponent("bin.csv")
        try Data([0x61, 0x00, 0x62, 0x2C, 0xFF, 0xFE, 0x0A, 0x63]).write(to: url)
        let tokenizer = try CSVTokenizer(path: url.path, file: "bin.csv")
        XCTAssertEqual(try tokenizer.nextFields()?.fields, ["a\0b", "\u{FFFD}\u{FFFD}"])
        XCTAssertEqual(try tokenizer.nextFields()?.fields, ["c"])
    }

    func testMissingFileAndFolderAreErrors() throws {
        let folder = try makeTemporaryFolder(for: self)
        let missing = assertDataError(try CSVTokenizer(path: folder.path + "/nope.csv", file: "nope.csv"))
        guard case .cannotOpen(file: "nope.csv", _)? = missing else { return XCTFail("\(String(describing: missing))") }
        let folderError = assertDataError(try CSVTokenizer(path: folder.path, file: "dir"))
        guard case .cannotRead(file: "dir", _)? = folderError else { return XCTFail("\(String(describing: folderError))") }
    }
}
