import GRDB

/// A query's projection, declared once: the cases are its columns in SELECT order, so the
/// SELECT list and each column's position both come from the declaration, and no number
/// names a column. A case's name is its column's (snake_case, as in `Migrations/`); `sql`
/// says otherwise where the column is an expression or comes through a table alias.
///
/// The cases are numbered from 0 by the compiler (`Int` raw values): a position is the
/// case's place in the declaration, so reordering the cases reorders the SELECT list with it.
/// The name is `CodingKey`'s, which the compiler writes out for each case (no reflection).
protocol Projection: RawRepresentable<Int>, CaseIterable, CodingKey, Sendable {
    /// The column's expression in the SELECT list.
    var sql: String { get }
}

extension Projection {
    /// The column's name: the case's own.
    var name: String { stringValue }
    var sql: String { name }

    /// `column, …` for a SELECT list, each through `alias` if given.
    static func selection(_ alias: String? = nil) -> String {
        allCases.map { column in alias.map { "\($0).\(column.sql)" } ?? column.sql }.joined(separator: ", ")
    }

    /// `alias.column AS prefix_column, …`: for a join, where another table has columns of the same names.
    static func selection(_ alias: String, prefixed prefix: String) -> String {
        allCases.map { "\(alias).\($0.sql) AS \(prefix)_\($0.name)" }.joined(separator: ", ")
    }

    /// The number of columns: where the next table's columns start in a joined SELECT list.
    static var width: Int32 { Int32(allCases.count) }
}

extension Row {
    /// The value of `column` of a query that selects `P.selection()` first, read by its
    /// position (GRDB's fast path for `StatementColumnConvertible` values).
    subscript<Value: DatabaseValueConvertible & StatementColumnConvertible, P: Projection>(_ column: P) -> Value {
        self[column.rawValue]
    }
}
