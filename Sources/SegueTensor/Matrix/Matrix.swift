/// A row-major matrix of `Float` with value semantics.
///
/// Element `(r, c)` lives at `storage[r * columns + c]`. Copies share storage until one
/// of them is written (copy-on-write through `Array`), so passing a matrix around is
/// cheap. A batch of vectors is a matrix with one row per example: shape
/// `[batch, features]`.
public struct Matrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Elements in row-major order; `storage.count == rows * columns`.
    ///
    /// Write elements freely; changing the count traps, since the BLAS kernels rely on it.
    public var storage: [Float] {
        didSet {
            precondition(storage.count == rows * columns,
                         "Matrix: storage resized to \(storage.count) for shape [\(rows), \(columns)]")
        }
    }

    // MARK: - Creating matrices

    /// Creates a `rows × columns` matrix with every element set to `value`.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape [\(rows), \(columns)]")
        self.rows = rows
        self.columns = columns
        self.storage = [Float](repeating: value, count: rows * columns)
    }

    /// Creates a `rows × columns` matrix over `storage`, given in row-major order.
    ///
    /// - Precondition: `storage.count == rows * columns`.
    public init(rows: Int, columns: Int, storage: [Float]) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape [\(rows), \(columns)]")
        precondition(
            storage.count == rows * columns,
            "Matrix: \(storage.count) elements do not fill shape [\(rows), \(columns)]")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// Creates a matrix from nested rows, e.g. `Matrix([[1, 2], [3, 4]])`.
    ///
    /// - Precondition: every row has the same length.
    public init(_ nestedRows: [[Float]]) {
        let columns = nestedRows.first?.count ?? 0
        var storage: [Float] = []
        storage.reserveCapacity(nestedRows.count * columns)
        for (index, row) in nestedRows.enumerated() {
            precondition(
                row.count == columns,
                "Matrix: row \(index) has \(row.count) elements, expected \(columns)")
            storage.append(contentsOf: row)
        }
        self.init(rows: nestedRows.count, columns: columns, storage: storage)
    }

    /// Creates a one-row matrix `[1, values.count]`, the shape of a bias vector.
    public init(rowVector values: [Float]) {
        self.init(rows: 1, columns: values.count, storage: values)
    }

    /// Creates a one-column matrix `[values.count, 1]`.
    public init(columnVector values: [Float]) {
        self.init(rows: values.count, columns: 1, storage: values)
    }

    /// A `rows × columns` matrix of zeros.
    public static func zeros(_ rows: Int, _ columns: Int) -> Matrix {
        Matrix(rows: rows, columns: columns)
    }

    /// A matrix of zeros with the shape of `other`.
    public static func zeros(like other: Matrix) -> Matrix {
        Matrix(rows: other.rows, columns: other.columns)
    }

    // MARK: - Shape

    /// The shape as `[rows, columns]`, the form used by weight files.
    public var shape: [Int] { [rows, columns] }

    /// Number of elements, `rows * columns`.
    public var count: Int { storage.count }

    /// Whether `other` has the same number of rows and columns.
    public func hasSameShape(as other: Matrix) -> Bool {
        rows == other.rows && columns == other.columns
    }

    /// The same elements viewed as a `newRows × newColumns` matrix.
    ///
    /// - Precondition: `newRows * newColumns == count`.
    public func reshaped(_ newRows: Int, _ newColumns: Int) -> Matrix {
        Matrix(rows: newRows, columns: newColumns, storage: storage)
    }

    // MARK: - Element and row access

    /// The element at row `row`, column `column`.
    @inlinable
    public subscript(row: Int, column: Int) -> Float {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Matrix: index (\(row), \(column)) outside shape [\(rows), \(columns)]")
            return storage[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Matrix: index (\(row), \(column)) outside shape [\(rows), \(columns)]")
            storage[row * columns + column] = newValue
        }
    }

    /// The elements of row `index`, as an array of `columns` values.
    public func row(_ index: Int) -> [Float] {
        precondition(index >= 0 && index < rows, "Matrix: row \(index) outside 0..<\(rows)")
        return Array(storage[index * columns ..< (index + 1) * columns])
    }

    /// Replaces row `index` with `values`.
    ///
    /// - Precondition: `values.count == columns`.
    public mutating func setRow(_ index: Int, to values: [Float]) {
        precondition(index >= 0 && index < rows, "Matrix: row \(index) outside 0..<\(rows)")
        precondition(values.count == columns,
                     "Matrix.setRow: \(values.count) values for \(columns) columns")
        storage.replaceSubrange(index * columns ..< (index + 1) * columns, with: values)
    }

    /// The rows at `indices`, in that order, as a new `[indices.count, columns]` matrix.
    public func gatherRows(_ indices: [Int]) -> Matrix {
        var result = Matrix(rows: indices.count, columns: columns)
        for (target, source) in indices.enumerated() {
            precondition(source >= 0 && source < rows, "Matrix.gatherRows: row \(source) outside 0..<\(rows)")
            result.storage.replaceSubrange(
                target * columns ..< (target + 1) * columns,
                with: storage[source * columns ..< (source + 1) * columns])
        }
        return result
    }

    /// The transpose, shape `[columns, rows]`.
    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        let (rowCount, columnCount) = (rows, columns)
        storage.withUnsafeBufferPointer { source in
            result.storage.withUnsafeMutableBufferPointer { target in
                for r in 0..<rowCount {
                    for c in 0..<columnCount {
                        target[c * rowCount + r] = source[r * columnCount + c]
                    }
                }
            }
        }
        return result
    }
}

extension Matrix: CustomStringConvertible {
    /// The shape followed by the rows, e.g. `Matrix[2, 2] [[1.0, 2.0], [3.0, 4.0]]`.
    public var description: String {
        let body = (0..<rows).map { "\(row($0))" }.joined(separator: ", ")
        return "Matrix[\(rows), \(columns)] [\(body)]"
    }
}
