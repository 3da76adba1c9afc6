import Foundation
import SegueCore

/// The settings a sweep runs: for each swept parameter the values it takes,
/// and every combination of them as one task.
///
/// `lr=1e-4,3e-4,1e-3` lists values; `seed=0..7` is the whole numbers 0 to 7
/// (both ends included). A name given once takes one value in every task.
public struct SweepGrid: Equatable, Codable {
    /// One swept parameter and its values in the order given.
    public struct Axis: Equatable, Codable {
        public var name: String
        public var values: [String]
    }

    /// The parameters in the order given on the command line.
    public var axes: [Axis]

    public init(axes: [Axis]) { self.axes = axes }

    /// The grid of `arguments` (`NAME=VALUES` each), checked against the
    /// parameters `parameters` declares.
    /// - Throws: `SegueError` naming the argument for text that is not
    ///   `NAME=VALUES`, an empty value, a bad range, a name given twice or
    ///   one the session file does not declare.
    public init(arguments: [String], parameters: SessionParameters) throws {
        axes = []
        for text in arguments {
            guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
                throw SegueError("sweep: '\(text)' is not NAME=VALUES", hint: "e.g. lr=1e-4,3e-4 or seed=0..7")
            }
            let name = String(text[..<eq])
            let spec = String(text[text.index(after: eq)...])
            if axes.contains(where: { $0.name == name }) {
                throw SegueError("sweep: parameter '\(name)' is given twice", hint: "list all its values in one argument: \(name)=A,B,C")
            }
            var probe = parameters
            try probe.set(name, to: "x")   // an unknown name fails here, with the file's names
            axes.append(Axis(name: name, values: try SweepGrid.values(of: spec, argument: text)))
        }
        guard !axes.isEmpty else {
            throw SegueError("sweep: no parameters to sweep",
                             hint: parameters.names.isEmpty ? "declare some in the file with `#! param NAME DEFAULT`"
                                                            : "give values, e.g. \(parameters.names[0])=A,B (parameters: \(parameters.names.joined(separator: ", ")))")
        }
    }

    /// The values of one `VALUES` text: `A,B,C` or `FIRST..LAST`.
    /// - Throws: `SegueError` naming `argument` for an empty value or a bad range.
    static func values(of spec: String, argument: String) throws -> [String] {
        if let dots = spec.range(of: "..") {
            let lower = spec[..<dots.lowerBound], upper = spec[dots.upperBound...]
            guard let a = Int(lower), let b = Int(upper) else {
                throw SegueError("sweep: '\(argument)': a range is FIRST..LAST of whole numbers, e.g. seed=0..7")
            }
            guard a <= b else { throw SegueError("sweep: '\(argument)': the range is empty (\(a) > \(b))", hint: "write it lowest first: \(b)..\(a)") }
            guard b - a < 100_000 else { throw SegueError("sweep: '\(argument)': \(b - a + 1) values is too many for one sweep") }
            return (a...b).map(String.init)
        }
        let values = spec.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if values.contains(where: { $0.isEmpty || $0.contains(where: \.isWhitespace) }) {
            throw SegueError("sweep: '\(argument)' has an empty value", hint: "separate values by single commas: NAME=A,B,C")
        }
        if Set(values).count != values.count {
            throw SegueError("sweep: '\(argument)' repeats a value", hint: "each setting runs once; use seed=… for repeats")
        }
        return values
    }

    /// The names in order.
    public var names: [String] { axes.map(\.name) }

    /// Every combination, the first parameter varying slowest.
    public var tasks: [SweepTaskSpec] {
        var combos: [[String]] = [[]]
        for axis in axes { combos = combos.flatMap { c in axis.values.map { c + [$0] } } }
        return combos.enumerated().map { SweepTaskSpec(index: $0.offset, values: $0.element) }
    }

    /// The parameters that are not the seed: a setting is a value of each.
    public var settingNames: [String] { names.filter { $0 != SweepGrid.seedName } }

    /// The name of the parameter a report averages over.
    public static let seedName = "seed"
}

/// One task of a sweep: its number and a value for every swept parameter
/// (in the grid's order).
public struct SweepTaskSpec: Equatable, Codable {
    public var index: Int
    public var values: [String]

    /// `NAME=VALUE` for each parameter of `grid`.
    public func assignments(in grid: SweepGrid) -> [String] {
        zip(grid.names, values).map { "\($0)=\($1)" }
    }
}
