import Foundation
import GRDB
import GRDBSQLite

/// Column reads straight from a statement's current row, through SQLite's C API: no
/// `Row`, no `DatabaseValue`, no `String` per value. For the loops that read every row of
/// the history (`verify`, the export, `vacancies`); elsewhere GRDB's records decode by name.
///
/// Columns are named by a `Projection`'s cases, never by number. Valid only between the
/// cursor's `next()` and the following one.
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
    func optionalText<P: Projection>(_ column: P) -> String? { isNull(column) ? nil : text(column) }
    func bool<P: Projection>(_ column: P) -> Bool { int64(column) != 0 }
    func int<P: Projection>(_ column: P) -> Int { Int(int64(column)) }
    func date<P: Projection>(_ column: P) -> CivilDate? { withText(column) { CivilDate(utf8: $0) } }

    /// `value` as read, or the error for a stored vacancy value the ledger never writes
    /// (the schema's CHECKs keep them out; a damaged file is reported, not trapped on).
    static func known<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw LedgerError.damaged(detail: "a vacancy's \(what) is not one the ledger writes") }
        return value
    }

    /// A stored vocabulary word (a route, an outcome…) as its case, matched by bytes: no
    /// `String` made, no string switch.
    func word<P: Projection, Word: StoredWord>(_ column: P) -> Word? {
        withText(column) { Word.words.match($0) }
    }

    /// A stored list (`rules`: space-separated, `criteria`: comma-separated) as its cases;
    /// `nil` if a part is not one. Empty parts are skipped, as `split` skips them.
    func words<P: Projection, Word: StoredWord>(_ column: P, separator: UInt8) -> [Word]? {
        withText(column) { bytes in
            var result: [Word] = []
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == separator {
                if end > start {
                    guard let word = Word.words.match(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) else { return nil }
                    result.append(word)
                }
                start = end + 1
            }
            return result
        }
    }
}

/// An enumeration stored as its raw value, with its cases' bytes at hand.
protocol StoredWord: CaseIterable, RawRepresentable<String>, Sendable {
    static var words: WordTable<Self> { get }
}

/// Each case's UTF-8 bytes packed into two integers with its length: a word of up to 16
/// bytes is matched by three integer comparisons a case, no `memcmp` call.
struct WordTable<Word: RawRepresentable<String> & CaseIterable & Sendable>: Sendable {
    private struct Key: Equatable, Sendable {
        var count: Int
        var low: UInt64
        var high: UInt64
    }
    private let entries: [(key: Key, word: Word)]

    init() {
        entries = Word.allCases.map { word in
            let bytes = Array(word.rawValue.utf8)
            precondition(bytes.count <= 16, "stored word \(word.rawValue) is longer than 16 bytes")
            return (bytes.withUnsafeBytes { WordTable.key($0)! }, word)
        }
    }

    /// The bytes as a key; `nil` if longer than any word.
    private static func key(_ bytes: UnsafeRawBufferPointer) -> Key? {
        guard bytes.count <= 16 else { return nil }
        var low: UInt64 = 0, high: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { low |= UInt64(byte) << (8 * index) } else { high |= UInt64(byte) << (8 * (index - 8)) }
        }
        return Key(count: bytes.count, low: low, high: high)
    }

    func match(_ bytes: UnsafeRawBufferPointer) -> Word? {
        guard !bytes.isEmpty, let key = WordTable.key(bytes) else { return nil }
        for entry in entries where entry.key == key { return entry.word }
        return nil
    }
}

extension Route: StoredWord { static let words = WordTable<Route>() }
extension Outcome: StoredWord { static let words = WordTable<Outcome>() }
extension WithheldReason: StoredWord { static let words = WordTable<WithheldReason>() }
extension Staircase: StoredWord { static let words = WordTable<Staircase>() }
extension RuleID: StoredWord { static let words = WordTable<RuleID>() }
extension Criterion: StoredWord { static let words = WordTable<Criterion>() }
