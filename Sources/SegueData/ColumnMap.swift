import Foundation

/// The columns of one schema, in their canonical (written) order.
///
/// `rawValue` is the column's position in that order; `name` its header name.
protocol CSVColumn: CaseIterable, RawRepresentable where RawValue == Int {
    var name: String { get }
}

/// Finds a schema's columns in a file's header, by name, in any order.
enum ColumnMap {
    /// The field position of each schema column, indexed by the column's `rawValue`.
    ///
    /// Names match after trimming spaces, ignoring case; unknown columns are ignored.
    /// - Throws: `DataError.missingColumn` naming the first absent column,
    ///   `.duplicateColumn` if a schema column appears twice.
    static func resolve<Column: CSVColumn>(
        _ header: [String], as _: Column.Type, file: String
    ) throws -> [Int] {
        var positionByName: [String: Int] = [:]
        var duplicated: Set<String> = []
        for (position, name) in header.enumerated() {
            let key = normalized(name)
            if positionByName[key] == nil {
                positionByName[key] = position
            } else {
                duplicated.insert(key)
            }
        }
        var positions: [Int] = []
        for column in Column.allCases {
            let key = normalized(column.name)
            guard let position = positionByName[key] else {
                let known = Set(Column.allCases.map { normalized($0.name) })
                let unknown = header.filter { !known.contains(normalized($0)) }
                throw DataError.missingColumn(file: file, column: column.name, unknownColumns: unknown)
            }
            if duplicated.contains(key) {
                throw DataError.duplicateColumn(file: file, column: column.name)
            }
            positions.append(position)
        }
        return positions
    }

    /// The header name closest to `name` by edit distance, if it is close enough
    /// to be a likely typo (at most 2 edits, or a quarter of the name's length).
    static func closest(to name: String, in header: [String]) -> String? {
        let target = Array(normalized(name))
        let limit = max(2, target.count / 4)
        var best: (name: String, distance: Int)?
        for candidate in header {
            let other = Array(normalized(candidate))
            // The distance is at least the difference in length: skip long fields
            // (a header of garbage) without the quadratic comparison.
            guard abs(other.count - target.count) <= limit else { continue }
            let distance = editDistance(target, other)
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// A header name trimmed of spaces and lowercased.
    static func normalized(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// The Levenshtein distance between two strings of characters.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
