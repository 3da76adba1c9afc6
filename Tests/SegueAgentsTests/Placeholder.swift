import XCTest
final class PlaceholderAgentsTests: XCTestCase { func testBuilds() {} }
