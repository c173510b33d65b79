import GRDB
import GRDBSQLite

// How the ledger's own value types are read from a column, through GRDB's documented fast
// path (`StatementColumnConvertible`: the value is made from the statement's column, with
// no `DatabaseValue` in between). Listings decode every row of a year or of the history, so
// a stored word is matched by its bytes and a date parsed in place: no `String` for either.

/// A value stored as text, read from the column's UTF-8 bytes.
protocol StoredText: Sendable {
    /// `nil` for text the ledger never writes for this type.
    init?(storedBytes: UnsafeRawBufferPointer)
    var storedText: String { get }
}

/// GRDB's column conversion for a `StoredText` (the domain types stay free of GRDB).
struct StoredColumn<Value: StoredText>: DatabaseValueConvertible, StatementColumnConvertible {
    let value: Value

    init?(sqliteStatement: SQLiteStatement, index: CInt) {
        let start = sqlite3_column_text(sqliteStatement, index)   // before `bytes`, as SQLite asks
        let count = start == nil ? 0 : Int(sqlite3_column_bytes(sqliteStatement, index))
        guard let value = Value(storedBytes: UnsafeRawBufferPointer(start: start, count: count)) else { return nil }
        self.value = value
    }

    private init(value: Value) { self.value = value }

    var databaseValue: DatabaseValue { value.storedText.databaseValue }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoredColumn? {
        guard var text = String.fromDatabaseValue(dbValue) else { return nil }
        return text.withUTF8 { Value(storedBytes: UnsafeRawBufferPointer($0)) }.map(StoredColumn.init(value:))
    }
}

extension Row {
    /// The value of `column` of a projection whose columns start at `start` in the SELECT
    /// list (0: the query selects `P.selection()` first). A value the ledger never writes —
    /// a NULL where the schema forbids one, a word outside the vocabulary — is the error of
    /// a damaged file, naming the column.
    func decode<Value: DatabaseValueConvertible & StatementColumnConvertible, P: Projection>(
        _ column: P, from start: Int32 = 0
    ) throws -> Value {
        do {
            return try decode(Value.self, atIndex: Int(start) + column.rawValue)
        } catch {
            throw LedgerError.damaged(detail: "a stored \(column.name) is not one the ledger writes")
        }
    }

    func decode<Value: StoredText, P: Projection>(_ column: P, from start: Int32 = 0) throws -> Value {
        (try decode(column, from: start) as StoredColumn<Value>).value
    }

    func decode<Value: StoredText, P: Projection>(_ column: P, from start: Int32 = 0) throws -> Value? {
        (try decode(column, from: start) as StoredColumn<Value>?)?.value
    }
}

/// An enumeration stored as its raw value, matched by its bytes.
protocol StoredWord: StoredText, CaseIterable, RawRepresentable<String> {
    static var words: WordTable<Self> { get }
}

extension StoredWord {
    init?(storedBytes: UnsafeRawBufferPointer) {
        guard let word = Self.words.match(storedBytes) else { return nil }
        self = word
    }

    var storedText: String { rawValue }
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

/// A word that is also stored in lists: `rules` (space-separated) and `criteria`
/// (comma-separated), as `storageText` writes them.
protocol StoredListWord: StoredWord {
    static var separator: UInt8 { get }
    /// A list in any other form, read as the ledger reads its text.
    static func stored(_ text: String) -> [Self]
}

extension RuleID: StoredListWord { static let separator = UInt8(ascii: " ") }
extension Criterion: StoredListWord { static let separator = UInt8(ascii: ",") }

/// A stored list column as its words, split as bytes (empty parts skipped, as `split` skips
/// them); a list in another form is read by `stored`.
struct StoredList<Word: StoredListWord>: StoredText {
    let words: [Word]

    init(storedBytes bytes: UnsafeRawBufferPointer) {
        var words: [Word] = []
        var first = 0
        for end in 0...bytes.count where end == bytes.count || bytes[end] == Word.separator {
            if end > first {
                guard let word = Word.words.match(UnsafeRawBufferPointer(rebasing: bytes[first..<end])) else {
                    self.words = Word.stored(String(decoding: bytes, as: UTF8.self))
                    return
                }
                words.append(word)
            }
            first = end + 1
        }
        self.words = words
    }

    var storedText: String { words.map(\.rawValue).joined(separator: String(UnicodeScalar(Word.separator))) }
}

extension CivilDate: StoredText {
    init?(storedBytes: UnsafeRawBufferPointer) { self.init(utf8: storedBytes) }
    var storedText: String { description }
}
