import Foundation
import GRDB
import GRDBSQLite

/// Column reads straight from a statement's current row, through SQLite's C API, for
/// `verify`'s chain walk only: it rebuilds each entry's payload from a table's columns as
/// bytes (`PayloadWriter`), whatever their types, and compares them with the journal's
/// without making a `String` or a `DatabaseValue` per column. Every other read decodes
/// through GRDB (`Row.decode(_:)`, `StoredValues.swift`).
///
/// Columns are named by a `Projection`'s cases, or by their place in a kind's payload
/// (`Journal.kinds`), never by a literal. Valid only between the cursor's `next()` and the
/// following one.
struct CurrentRow {
    let handle: SQLiteStatement
    /// Where the projection read through this view starts in the SELECT list.
    private let base: Int32

    init(_ statement: Statement) {
        handle = statement.sqliteStatement
        base = 0
    }

    private init(handle: SQLiteStatement, base: Int32) {
        self.handle = handle
        self.base = base
    }

    /// The same row read from `offset` on: the columns of a table joined after another's
    /// (`shifted(by: VacancyColumn.width)` reads the settlement's after the vacancy's).
    func shifted(by offset: Int32) -> CurrentRow { CurrentRow(handle: handle, base: base + offset) }

    func int64<P: Projection>(_ column: P) -> Int64 { int64(at: Int32(column.rawValue)) }
    func isNull<P: Projection>(_ column: P) -> Bool { type(at: Int32(column.rawValue)) == SQLITE_NULL }

    /// The column's text as UTF-8 bytes, exactly as stored (no NUL truncation, no repair).
    func withText<P: Projection, T>(_ column: P, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try withText(at: Int32(column.rawValue), body)
    }

    // MARK: By position from `base`, for a kind's payload (`PayloadWriter`: its columns listed in `Journal.kinds`)

    func int64(at position: Int32) -> Int64 { sqlite3_column_int64(handle, base + position) }
    func type(at position: Int32) -> Int32 { sqlite3_column_type(handle, base + position) }

    func withText<T>(at position: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let start = sqlite3_column_text(handle, base + position)   // before `bytes`, as SQLite asks
        let count = Int(sqlite3_column_bytes(handle, base + position))
        return try body(UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : count))
    }

    /// The column as a `DatabaseValue` (the rare types: real, blob).
    func databaseValue(at position: Int32) -> DatabaseValue {
        let column = base + position
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return sqlite3_column_int64(handle, column).databaseValue
        case SQLITE_FLOAT: return sqlite3_column_double(handle, column).databaseValue
        case SQLITE_NULL: return .null
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard let start = sqlite3_column_blob(handle, column) else { return Data().databaseValue }
            return Data(bytes: start, count: count).databaseValue
        default: return withText(at: position) { String(decoding: $0, as: UTF8.self) }.databaseValue
        }
    }
}

extension CurrentRow {
    func text<P: Projection>(_ column: P) -> String { withText(column) { String(decoding: $0, as: UTF8.self) } }
}
