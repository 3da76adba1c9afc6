import XCTest
import SegueCore

final class SeedKeyTests: XCTestCase {
    func testDrawsArePureFunctionsOfKeyAndIndex() {
        let a = SeedKey(99), b = SeedKey(99)
        XCTAssertEqual((0..<100).map { a.u64($0) }, (0..<100).map { b.u64($0) })
        XCTAssertNotEqual(a.u64(0), SeedKey(100).u64(0))
        XCTAssertNotEqual(a.derive(0), a.derive(1))
    }

    func testUniformsAreInRangeAndRoughlyUniform() {
        let key = SeedKey(5)
        let draws = (0..<20_000).map { key.uniform(UInt64($0)) }
        XCTAssertTrue(draws.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(draws.reduce(0, +) / Double(draws.count), 0.5, accuracy: 0.01)
        let indices = (0..<20_000).map { key.index(UInt64($0), below: 10) }
        XCTAssertEqual(Set(indices), Set(0..<10))
    }

    func testNormalsHaveUnitVariance() {
        let key = SeedKey(11)
        let values = (0..<20_000).map { key.normal(UInt64($0)) }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        XCTAssertEqual(mean, 0, accuracy: 0.03)
        XCTAssertEqual(variance, 1, accuracy: 0.05)
    }

    func testSequentialGeneratorWalksTheStream() {
        var generator = SeededGenerator(seed: 3)
        XCTAssertEqual(generator.next(), SeedKey(3).u64(0))
        XCTAssertEqual(generator.next(), SeedKey(3).u64(1))
        var copy = generator
        XCTAssertEqual(copy.next(), generator.next())
    }
}
