import Crypto
import Foundation
import GRDB
import GRDBSQLite

/// Verification of the hash chain: every link and hash recomputed, every payload compared
/// with its row, read as bytes so that the walk over millions of entries makes no `String`
/// unless it finds a fault.
extension Journal {

    /// A fault found in the chain; `seq` is the journal entry it concerns, if any.
    struct Fault: Sendable {
        var seq: Int64?
        var text: String
    }

    /// What checking a stretch of the chain found.
    struct StretchResult: Sendable {
        var entries = 0
        /// The stored hash of the stretch's last entry (the head, for the last stretch).
        var last: String
        var faults: [Fault] = []
    }

    /// Walks the whole chain from the genesis hash, streaming (memory stays flat), and
    /// checks every link, every hash, every payload against its row, and that every ledger
    /// row has an entry.
    ///
    /// With `after` (an entry's seq and hash, known good: a checkpoint), only the entries
    /// appended after it and the rows written after it are checked: each row is looked up
    /// instead of walked, so the cost follows what was appended, not the history.
    static func verify(_ db: Database, after: (seq: Int64, hash: String)? = nil) throws -> (entries: Int, head: String, faults: [Fault]) {
        let stretch = try verifyStretch(db, after: after?.seq ?? 0, through: nil, previous: after?.hash ?? genesisHash, walk: after == nil)
        return (stretch.entries, stretch.last, stretch.faults + (try unchainedRows(db, after: after?.seq)))
    }

    /// The entries after `after` up to `through` (the head if `nil`), the first linking to
    /// `previous`: each link, hash and payload. `walk` reads each kind's rows alongside in
    /// rowid order (a whole chain or a long stretch of it); otherwise each row is looked up
    /// (a few entries since a checkpoint). Stretches that meet end to end check the same as
    /// one: the second's first link is checked against the first's last stored hash, and
    /// that hash against its content by the first — so `verify` splits the chain and checks
    /// the stretches on several connections at once.
    static func verifyStretch(_ db: Database, after: Int64, through: Int64?, previous start: String, walk: Bool) throws -> StretchResult {
        var faults: [Fault] = []
        // Bytes throughout (hashes as lower-case hex, payloads as UTF-8): the loop runs once
        // per entry, millions of times, so nothing in it builds a String unless it finds a fault.
        var previous = Array(start.utf8)
        var expectedSeq: Int64 = after + 1
        var entries = 0
        var walkers: [String: RowWalker] = [:]
        typealias J = JournalRow.Columns
        let statement = try db.makeStatement(sql: "SELECT \(JournalRow.selection()) FROM journal WHERE seq > ? AND seq <= ? ORDER BY seq")
        let cursor = try Row.fetchCursor(statement, arguments: [after, through ?? Int64.max])
        let row = CurrentRow(statement)
        var computed: [UInt8] = []
        computed.reserveCapacity(64)
        while try cursor.next() != nil {
            entries += 1
            let seq = row.int64(J.seq), entity = row.int64(J.entity)
            let kindName = row.text(J.kind)
            if seq != expectedSeq {
                faults.append(Fault(seq: seq, text: "journal \(seq): expected entry \(expectedSeq) here (an entry is missing or inserted)"))
            }
            try row.withText(J.payload) { payload in
                row.withText(J.prev_hash) { prev in
                    if !previous.withUnsafeBytes({ sameBytes($0, prev) }) {
                        faults.append(Fault(seq: seq, text: "journal \(seq): does not link to the entry before it"))
                    }
                    computed.removeAll(keepingCapacity: true)
                    row.withText(J.kind) { kind in
                        Journal.appendChainHash(previous: prev, kind: kind, payload: payload, to: &computed)
                    }
                }
                row.withText(J.hash) { hash in
                    if !computed.withUnsafeBytes({ sameBytes($0, hash) }) {
                        faults.append(Fault(seq: seq, text: "journal \(seq): hash does not match its content"))
                    }
                    previous.removeAll(keepingCapacity: true)
                    previous.append(contentsOf: hash)
                }
                guard let kind = kindsByName[kindName] else {
                    faults.append(Fault(seq: seq, text: "journal \(seq): unknown kind '\(kindName)'"))
                    return
                }
                let matches: Bool?
                if walk {
                    // Created at the stretch's first entry of the kind: its rows from there on.
                    if walkers[kindName] == nil { walkers[kindName] = try RowWalker(db, kind, from: entity) }
                    matches = try walkers[kindName]!.matches(db, rowID: entity, recorded: payload)
                } else {
                    matches = try self.payload(db, kind, rowID: entity).map { Array($0.utf8).withUnsafeBytes { sameBytes($0, payload) } }
                }
                switch matches {
                case nil: faults.append(Fault(seq: seq, text: "journal \(seq): \(kindName) \(entity) is missing from table \(kind.table)"))
                case false?: faults.append(Fault(seq: seq, text: "journal \(seq): \(kindName) \(entity) differs from what was recorded"))
                case true?: break
                }
            }
            expectedSeq = seq + 1
        }
        return StretchResult(entries: entries, last: String(decoding: previous, as: UTF8.self), faults: faults)
    }

    /// Rows of ledger tables without a journal entry (written outside the ledger), at most
    /// 100 a table; since a checkpoint (`after`): rows above the highest one chained by then.
    static func unchainedRows(_ db: Database, after: Int64?) throws -> [Fault] {
        var faults: [Fault] = []
        for kind in kinds {
            let floor = try after.map { after in
                try Int64.fetchOne(db, sql: "SELECT coalesce(max(entity), 0) FROM journal WHERE kind = ? AND seq <= ?",
                                   arguments: [kind.name, after]) ?? 0
            } ?? Int64.min
            let unchained = try Int64.fetchAll(db, sql: """
                SELECT rowid FROM \(kind.table)
                WHERE rowid > ? AND rowid NOT IN (SELECT entity FROM journal WHERE kind = ?) ORDER BY rowid LIMIT 100
                """, arguments: [floor, kind.name])
            for rowID in unchained {
                faults.append(Fault(seq: nil, text: "\(kind.table) row \(rowID) is not in the journal (written outside the ledger)"))
            }
        }
        return faults
    }

    /// The hash of entry `seq`, or of the last one before it if it is missing.
    static func hash(_ db: Database, atOrBefore seq: Int64) throws -> String? {
        try String.fetchOne(db, sql: "SELECT hash FROM journal WHERE seq <= ? ORDER BY seq DESC LIMIT 1", arguments: [seq])
    }

    /// Entries of each kind up to entry `seq`.
    static func counts(_ db: Database, upTo seq: Int64) throws -> [String: Int64] {
        var counts: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT kind, count(*) AS entries FROM journal WHERE seq <= ? GROUP BY kind", arguments: [seq]) {
            counts[row[JournalRow.Columns.kind.name]] = row["entries"]
        }
        return counts
    }

    /// The hash of entry `seq`, if the journal has one.
    static func hash(_ db: Database, seq: Int64) throws -> String? {
        try String.fetchOne(db, sql: "SELECT hash FROM journal WHERE seq = ?", arguments: [seq])
    }

    /// Each kind's rows in rowid order, walked alongside the journal: entries of a kind are
    /// appended in rowid order, so each row is read once by a cursor instead of looked up
    /// one query per entry. An entry out of that order is looked up.
    private final class RowWalker {
        let kind: Kind
        let statement: Statement
        let cursor: RowCursor
        let writer: PayloadWriter
        /// The row the cursor is on and its payload bytes (reused).
        var currentID: Int64?
        var payload: [UInt8] = []
        var started = false
        /// What the walk selects before the kind's own columns.
        enum Leading: Int, Projection { case rowid }

        init(_ db: Database, _ kind: Kind, from first: Int64) throws {
            self.kind = kind
            let columns = try Journal.selectedColumns(db, kind)
            writer = PayloadWriter(columns: columns, required: kind.columns.count)
            statement = try db.makeStatement(sql: "SELECT \(Leading.selection()), \(columns.joined(separator: ", ")) FROM \(kind.table) WHERE rowid >= ? ORDER BY rowid")
            cursor = try Row.fetchCursor(statement, arguments: [first])
            payload.reserveCapacity(1024)
        }

        /// Whether the row `rowID` exists and its payload is `recorded`: `nil` if there is no such row.
        func matches(_ db: Database, rowID: Int64, recorded: UnsafeRawBufferPointer) throws -> Bool? {
            if !started || (currentID.map { $0 < rowID } ?? false) {
                started = true
                currentID = nil
                let row = CurrentRow(statement)
                while try cursor.next() != nil {
                    let id = row.int64(Leading.rowid)
                    if id >= rowID {
                        currentID = id
                        writer.write(row, offset: Leading.width, into: &payload)
                        break
                    }
                }
            }
            if currentID == rowID { return payload.withUnsafeBytes { sameBytes($0, recorded) } }
            return try Journal.payload(db, kind, rowID: rowID).map { Array($0.utf8).withUnsafeBytes { sameBytes($0, recorded) } }
        }
    }
}

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
            let type = row.type(at: column)
            if index >= required && type == SQLITE_NULL { continue }
            // The first member written opens the object, whichever column it is.
            out.append(out.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
            out.append(contentsOf: key)
            switch type {
            case SQLITE_INTEGER: ByteWriter.appendDecimal(row.int64(at: column), to: &out)
            case SQLITE_TEXT: row.withText(at: column) { ByteWriter.appendJSONString($0, to: &out) }
            case SQLITE_NULL: out.append(contentsOf: "null".utf8)
            default: out.append(contentsOf: Journal.json(row.databaseValue(at: column)).serialized().utf8)
            }
        }
        if out.isEmpty { out.append(UInt8(ascii: "{")) }
        out.append(UInt8(ascii: "}"))
    }
}

/// Whether two byte buffers hold the same bytes (`memcmp`: `elementsEqual` compared them
/// one generic element at a time).
func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    guard a.count > 0, let x = a.baseAddress, let y = b.baseAddress else { return true }
    return memcmp(x, y, a.count) == 0
}
