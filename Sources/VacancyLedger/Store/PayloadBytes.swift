import Foundation
import GRDB
import GRDBSQLite

/// Column reads straight from a statement's current row, for `verify`'s loop over every
/// journal entry and every ledger row: no `Row`, no `DatabaseValue`, no `String` per value
/// (that path was half of `verify`'s time at 1M vacancies).
///
/// Valid only between the cursor's `next()` and the following one.
struct CurrentRow {
    let handle: SQLiteStatement

    init(_ statement: Statement) { handle = statement.sqliteStatement }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// The column's text as UTF-8 bytes, exactly as stored (no NUL truncation, no repair).
    func withText<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let start = sqlite3_column_text(handle, column)   // before `bytes`, as SQLite asks
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : count))
    }

    /// The column as a `DatabaseValue` (the rare types: real, blob).
    func databaseValue(_ column: Int32) -> DatabaseValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return int64(column).databaseValue
        case SQLITE_FLOAT: return sqlite3_column_double(handle, column).databaseValue
        case SQLITE_NULL: return .null
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard let start = sqlite3_column_blob(handle, column) else { return Data().databaseValue }
            return Data(bytes: start, count: count).databaseValue
        default: return withText(column) { String(decoding: $0, as: UTF8.self) }.databaseValue
        }
    }
}

extension CurrentRow {
    func text(_ column: Int32) -> String { withText(column) { String(decoding: $0, as: UTF8.self) } }
    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
    func bool(_ column: Int32) -> Bool { int64(column) != 0 }
    func date(_ column: Int32) -> CivilDate? { withText(column) { CivilDate(utf8: $0) } }

    /// `value` as read, or the error for a stored vacancy value the ledger never writes
    /// (the schema's CHECKs keep them out; a damaged file is reported, not trapped on).
    static func known<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw LedgerError.damaged(detail: "a vacancy's \(what) is not one the ledger writes") }
        return value
    }

    /// A stored vocabulary word (a route, an outcome…) as its case, matched by bytes: no
    /// `String` made, no string switch (the export reads five a row).
    func word<Word: StoredWord>(_ column: Int32) -> Word? {
        withText(column) { Word.words.match($0) }
    }

    /// A stored list (`rules`: space-separated, `criteria`: comma-separated) as its cases;
    /// `nil` if a part is not one. Empty parts are skipped, as `split` skips them.
    func words<Word: StoredWord>(_ column: Int32, separator: UInt8) -> [Word]? {
        withText(column) { bytes in
            var result: [Word] = []
            var start = 0
            // Cut by hand: `split` made an array of slices a row.
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

/// Writes a kind's canonical payload as UTF-8 bytes from the current row, byte for byte
/// what `JSONValue.object(…).serialized()` writes for the same values (`Journal.payload`),
/// into a buffer that is reused row after row.
struct PayloadWriter {
    /// `"column":` per column, precomputed.
    private let keys: [[UInt8]]
    /// Columns at or after this index join only when not NULL (`Kind.optionalColumns`).
    private let required: Int

    init(columns: [String], required: Int) {
        keys = columns.map { Array("\"\($0)\":".utf8) }
        self.required = required
    }

    /// The payload of the row's columns from `offset` on, written over `out`.
    func write(_ row: CurrentRow, offset: Int32, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        for (index, key) in keys.enumerated() {
            let column = offset + Int32(index)
            let type = sqlite3_column_type(row.handle, column)
            if index >= required && type == SQLITE_NULL { continue }
            // The first member written opens the object, whichever column it is.
            out.append(out.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
            out.append(contentsOf: key)
            switch type {
            case SQLITE_INTEGER: PayloadWriter.writeInteger(row.int64(column), into: &out)
            case SQLITE_TEXT: row.withText(column) { PayloadWriter.writeString($0, into: &out) }
            case SQLITE_NULL: out.append(contentsOf: "null".utf8)
            default: out.append(contentsOf: Journal.json(row.databaseValue(column)).serialized().utf8)
            }
        }
        if out.isEmpty { out.append(UInt8(ascii: "{")) }
        out.append(UInt8(ascii: "}"))
    }

    static func writeInteger(_ value: Int64, into out: inout [UInt8]) {
        if value == 0 { out.append(UInt8(ascii: "0")); return }
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            // Int64.min has no positive twin: written by its magnitude as UInt64.
            writeDigits(value.magnitude, into: &out)
        } else {
            writeDigits(UInt64(value), into: &out)
        }
    }

    private static func writeDigits(_ value: UInt64, into out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var n = value, i = 20
            while n > 0 { i -= 1; buffer[i] = UInt8(ascii: "0") + UInt8(n % 10); n /= 10 }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i...]))
        }
    }

    /// JSON string escaping as `JSONValue` does it: quote, backslash and control characters;
    /// everything else (UTF-8 included) as it is. Byte-wise is scalar-wise here: no byte of
    /// a multi-byte UTF-8 sequence is below 0x80.
    static func writeString(_ text: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var plainFrom = 0
        for (index, byte) in text.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[plainFrom..<index]))
            plainFrom = index + 1
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
            default:
                // Rare (m003's triggers refuse control characters): the digits are made here, not per call.
                let hex: StaticString = "0123456789abcdef"
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex.utf8Start[Int(byte >> 4)])
                out.append(hex.utf8Start[Int(byte & 0x0F)])
            }
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[plainFrom...]))
        out.append(UInt8(ascii: "\""))
    }
}

/// Whether two byte buffers hold the same bytes (`memcmp`: `elementsEqual` compared them
/// one generic element at a time).
func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    guard a.count > 0, let x = a.baseAddress, let y = b.baseAddress else { return true }
    return memcmp(x, y, a.count) == 0
}
