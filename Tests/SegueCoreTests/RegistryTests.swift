import XCTest
import SegueCore

final class Widget {
    let size: Int
    init(size: Int) { self.size = size }
}

final class RegistryTests: XCTestCase {
    func descriptor(_ name: String, version: Int = 1) -> ComponentDescriptor {
        ComponentDescriptor(kind: .agent, name: name, version: version, summary: "a widget v\(version)",
                            parameters: [.int("size", 3, range: 1...10, "how big"),
                                         .choice("mode", ["fast", "slow"], "fast", "how fast"),
                                         .bool("loud", false, "whether it is loud")],
                            make: { p, _ in Widget(size: p.int("size") * version) })
    }

    func testBareNameGetsTheNewestVersionAndVersionedNamesStayReachable() throws {
        let registry = Registry()
        try registry.register(descriptor("widget", version: 1))
        try registry.register(descriptor("widget", version: 2))
        let context = ComponentContext(registry: registry)
        let newest: Widget = try registry.make(.agent, ComponentSpec("widget"), context: context)
        let old: Widget = try registry.make(.agent, ComponentSpec("widget-v1"), context: context)
        XCTAssertEqual(newest.size, 6)
        XCTAssertEqual(old.size, 3)
        XCTAssertEqual(registry.names(.agent), ["widget", "widget-v1", "widget-v2"])
    }

    func testDuplicateRegistrationIsRefused() throws {
        let registry = Registry()
        try registry.register(descriptor("widget"))
        XCTAssertThrowsError(try registry.register(descriptor("widget"))) { error in
            XCTAssertTrue("\(error)".contains("already registered"), "\(error)")
        }
    }

    func testTyposGetDidYouMean() throws {
        let registry = Registry()
        try registry.register(descriptor("widget"))
        XCTAssertThrowsError(try registry.descriptor(.agent, "widgt")) { error in
            XCTAssertTrue("\(error)".contains("did you mean 'widget'"), "\(error)")
        }
        XCTAssertThrowsError(try registry.descriptor(.userModel, "widget")) { error in
            XCTAssertTrue("\(error)".contains("is a agent"), "\(error)")
        }
    }

    func testParametersAreValidatedAgainstTheSchema() throws {
        let registry = Registry()
        try registry.register(descriptor("widget"))
        let context = ComponentContext(registry: registry)
        func message(_ pairs: [(String, String)]) -> String {
            do {
                let _: Widget = try registry.make(.agent, ComponentSpec("widget", pairs), context: context)
                return "no error"
            } catch { return "\(error)" }
        }
        XCTAssertTrue(message([("sise", "4")]).contains("no parameter 'sise' — did you mean 'size'?"))
        XCTAssertTrue(message([("size", "four")]).contains("expects an integer, got \"four\""))
        XCTAssertTrue(message([("size", "11")]).contains("must be in 1...10, got 11"))
        XCTAssertTrue(message([("mode", "fsat")]).contains("did you mean 'fast'"))
        XCTAssertTrue(message([("loud", "maybe")]).contains("expects true or false"))
        XCTAssertEqual(message([("size", "4"), ("mode", "slow"), ("loud", "yes")]), "no error")
    }

    func testDescribeShowsEveryParameterWithDefaultRangeAndHelp() throws {
        let help = descriptor("widget").help
        XCTAssertTrue(help.hasPrefix("widget-v1 (agent, built-in): a widget v1"))
        XCTAssertTrue(help.contains("size  int = 3 in 1...10  — how big"), help)
        XCTAssertTrue(help.contains("mode  fast|slow = fast  — how fast"), help)
    }

    func testWrongProductTypeIsAClearError() throws {
        let registry = Registry()
        try registry.register(descriptor("widget"))
        XCTAssertThrowsError(try registry.make(.agent, ComponentSpec("widget"), context: ComponentContext(registry: registry)) as any Agent) { error in
            XCTAssertTrue("\(error)".contains("which is not a"), "\(error)")
        }
    }

    func testComponentSpecsParse() throws {
        let spec = try ComponentSpec.parse("random-pool(size=200, extra = x)")
        XCTAssertEqual(spec.name, "random-pool")
        XCTAssertEqual(spec.orderedParameters.map(\.0), ["size", "extra"])
        XCTAssertEqual(spec.parameters["extra"], "x")
        XCTAssertEqual(spec.description, "random-pool(size=200, extra=x)")
        XCTAssertEqual(ComponentSpec.splitTopLevel("a(x=1,y=2),b", separator: ","), ["a(x=1,y=2)", "b"])
        XCTAssertThrowsError(try ComponentSpec.parse("a(x=1"))
        XCTAssertThrowsError(try ComponentSpec.parse("a(x)"))
    }

    func testComponentKindsParseWithSuggestions() throws {
        XCTAssertEqual(try ComponentKind.parse("agents"), .agent)
        XCTAssertEqual(try ComponentKind.parse("user-model"), .userModel)
        XCTAssertThrowsError(try ComponentKind.parse("agnet")) { XCTAssertTrue("\($0)".contains("did you mean 'agent'")) }
    }
}
