import Foundation
import XCTest
@testable import SegueTensor

final class SafeTensorsTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("SegueTensorTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Little-endian bytes of float32 values, built by hand.
    private func littleEndianBytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { value -> [UInt8] in
            let bits = value.bitPattern
            return [UInt8(bits & 0xFF), UInt8((bits >> 8) & 0xFF), UInt8((bits >> 16) & 0xFF), UInt8(bits >> 24)]
        }
    }

    /// A safetensors buffer assembled byte by byte, as Python's `safetensors` lays it out.
    private func handBuiltFile(header: String, data: [UInt8]) -> [UInt8] {
        var json = Array(header.utf8)
        while json.count % 8 != 0 { json.append(0x20) }
        let n = UInt64(json.count)
        let length = (0..<8).map { UInt8((n >> (8 * UInt64($0))) & 0xFF) }
        return length + json + data
    }

    func testModelRoundTripIsBitIdenticalAndKeepsMetadata() throws {
        var generator = TestGenerator(seed: 60)
        let model = Sequential(TestModels.dense(&generator), ReLU(), TestModels.dense(&generator))
        let special: [Float] = [-0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e-38, -.infinity, .nan]
        (model.layers[0] as! Dense).weight.value.storage.replaceSubrange(0..<special.count, with: special)
        let url = folder.appendingPathComponent("model.safetensors")
        let metadata = ["agent": "dqn", "sizes": "4,6,6,2", "note": "quotes \" and / slashes"]
        try model.saveWeights(to: url, metadata: metadata)

        var otherGenerator = TestGenerator(seed: 61)
        let restored = Sequential(TestModels.dense(&otherGenerator), ReLU(), TestModels.dense(&otherGenerator))
        let loadedMetadata = try restored.loadWeights(from: url)
        XCTAssertEqual(loadedMetadata, metadata)
        for (a, b) in zip(model.parameters, restored.parameters) {
            XCTAssertEqual(a.value.shape, b.value.shape)
            XCTAssertEqual(a.value.storage.map(\.bitPattern), b.value.storage.map(\.bitPattern))
        }
        // The atomic write leaves no temporary file behind.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["model.safetensors"])
    }

    func testEncodedLayoutHeaderIsExactAndAligned() throws {
        let file = SafeTensors(tensors: [(name: "w", matrix: Matrix([[1, 2]]))], metadata: ["k": "v"])
        let bytes = try file.encoded()
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24
        XCTAssertEqual(bytes[4..<8], [0, 0, 0, 0])
        XCTAssertEqual(headerLength % 8, 0)
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        // The checksum as documented: FNV-1a 64 over name, NUL, rows and columns
        // (u64 LE), the float32 data, then each metadata key and value with a NUL.
        var hashed: [UInt8] = Array("w".utf8) + [0] + [1, 0, 0, 0, 0, 0, 0, 0] + [2, 0, 0, 0, 0, 0, 0, 0]
        hashed += littleEndianBytes([1, 2]) + Array("k".utf8) + [0] + Array("v".utf8) + [0]
        var sum: UInt64 = 0xcbf29ce484222325
        for byte in hashed { sum = (sum ^ UInt64(byte)) &* 0x100000001b3 }
        let hex = String(sum, radix: 16)
        let checksum = "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
        XCTAssertEqual(
            header.trimmingCharacters(in: .whitespaces),
            #"{"__metadata__":{"k":"v","segue_checksum":""# + checksum
                + #""},"w":{"data_offsets":[0,8],"dtype":"F32","shape":[1,2]}}"#)
        XCTAssertEqual(Array(bytes[(8 + headerLength)...]), littleEndianBytes([1, 2]))
    }

    func testHandBuiltBufferFromPythonLayoutParses() throws {
        let header = #"{"b":{"dtype":"F32","shape":[3],"data_offsets":[16,28]},"#
            + #""a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"__metadata__":{"format":"pt"}}"#
        let bytes = handBuiltFile(header: header, data: littleEndianBytes([1, 2, 3, 4, 0.5, -1.5, 2.25]))
        let file = try SafeTensors(decoding: bytes)
        XCTAssertEqual(file.tensors.map(\.name), ["a", "b"])
        XCTAssertEqual(file["a"], Matrix([[1, 2], [3, 4]]))
        XCTAssertEqual(file["b"], Matrix(rowVector: [0.5, -1.5, 2.25]))
        XCTAssertEqual(file.metadata, ["format": "pt"])

        // A rank-1 tensor loads into a [1, n] parameter.
        let dense = Dense(weight: .zeros(2, 2), bias: .zeros(1, 2))
        let fitted = SafeTensors(tensors: [(name: "weight", matrix: file["a"]!),
                                           (name: "bias", matrix: Matrix(rowVector: [7, 8]))])
        try dense.loadWeights(from: try SafeTensors(decoding: try fitted.encoded()))
        XCTAssertEqual(dense.bias.value, Matrix([[7, 8]]))
    }

    func testShapeMismatchNamesTheFileAndTensor() throws {
        var generator = TestGenerator(seed: 62)
        let url = folder.appendingPathComponent("small.safetensors")
        try Dense(inputSize: 3, outputSize: 4, using: &generator).saveWeights(to: url)
        let wider = Dense(inputSize: 5, outputSize: 4, using: &generator)
        let before = wider.weight.value
        XCTAssertThrowsError(try wider.loadWeights(from: url)) { error in
            let error = error as? WeightFileError
            XCTAssertEqual(error?.tensor, "weight")
            XCTAssertEqual(error?.file, url.path)
            XCTAssertTrue(error?.description.contains("small.safetensors") ?? false)
            XCTAssertTrue(error?.description.contains("[3, 4]") ?? false, "\(String(describing: error))")
        }
        XCTAssertEqual(wider.weight.value, before, "a failed load changes nothing")
    }

    func testMissingExtraAndBadDtypeTensorsAreNamed() throws {
        var generator = TestGenerator(seed: 63)
        let dense = Dense(inputSize: 1, outputSize: 1, using: &generator)
        let onlyWeight = SafeTensors(tensors: [(name: "weight", matrix: .zeros(1, 1))])
        XCTAssertThrowsError(try dense.loadWeights(from: onlyWeight)) {
            XCTAssertEqual(($0 as? WeightFileError)?.tensor, "bias")
        }
        let extra = SafeTensors(tensors: [(name: "weight", matrix: .zeros(1, 1)), (name: "bias", matrix: .zeros(1, 1)),
                                          (name: "scale", matrix: .zeros(1, 1))])
        XCTAssertThrowsError(try dense.loadWeights(from: extra)) {
            XCTAssertEqual(($0 as? WeightFileError)?.tensor, "scale")
        }
        let half = handBuiltFile(header: #"{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#,
                                 data: [0, 0, 0, 0])
        XCTAssertThrowsError(try SafeTensors(decoding: half, source: "half.safetensors")) { error in
            XCTAssertEqual((error as? WeightFileError)?.tensor, "h")
            XCTAssertTrue("\(error)".contains("F16"))
        }
        let short = handBuiltFile(header: #"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: [0, 0])
        XCTAssertThrowsError(try SafeTensors(decoding: short)) {
            XCTAssertEqual(($0 as? WeightFileError)?.tensor, "x")
        }
        XCTAssertThrowsError(try SafeTensors(decoding: [1, 2, 3]))
        XCTAssertThrowsError(try SafeTensors(contentsOf: folder.appendingPathComponent("absent.safetensors")))
    }

    func testDuplicateNamesAreRejected() {
        let file = SafeTensors(tensors: [(name: "a", matrix: .zeros(1, 1)), (name: "a", matrix: .zeros(1, 1))])
        XCTAssertThrowsError(try file.encoded()) {
            XCTAssertEqual(($0 as? WeightFileError)?.tensor, "a")
        }
    }

    func testRecurrentWeightsRoundTrip() throws {
        var generator = TestGenerator(seed: 64)
        let lstm = LSTM(inputSize: 2, hiddenSizes: [3, 3], using: &generator)
        let url = folder.appendingPathComponent("lstm.safetensors")
        try lstm.saveWeights(to: url, metadata: ["hiddenSizes": "3,3"])
        // Overwriting an existing file works too.
        try lstm.saveWeights(to: url, metadata: ["hiddenSizes": "3,3"])
        let copy = LSTM(inputSize: 2, hiddenSizes: [3, 3], using: &generator)
        XCTAssertEqual(try copy.loadWeights(from: url)["hiddenSizes"], "3,3")
        for (a, b) in zip(lstm.parameters, copy.parameters) { XCTAssertEqual(a.value, b.value) }
    }
}

/// Small model builders for the weight-file tests.
private enum TestModels {
    static func dense(_ generator: inout TestGenerator) -> Dense {
        Dense(inputSize: 4, outputSize: 4, biasInitializer: .uniform(limit: 1), using: &generator)
    }
}
