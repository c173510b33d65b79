import Crypto
import Foundation
import GRDB

/// The hash chain. Every row of every ledger table has one journal entry whose hash is
/// SHA-256 over the previous entry's hash, the kind and the row's canonical payload. The
/// database refuses an entry that does not link to the head (`journal_chain`); `verify`
/// recomputes every hash and compares every payload with its row.
enum Journal {
    /// A kind of entry: the table it chains and the columns of its payload.
    ///
    /// Payloads are built from these named columns, never `SELECT *`, so a later
    /// `ADD COLUMN` cannot change the payload of an older row. A column added later goes in
    /// `optionalColumns`: it joins a payload only when not NULL, so rows written before it
    /// existed recompute to the payload they were chained with.
    struct Kind: Sendable {
        var name: String
        var table: String
        var columns: [String]
        var optionalColumns: [String] = []

        /// Whether the table assigns the row's `id` (its first column), rather than being given it.
        var assignsID: Bool { columns.first == "id" }
        /// The columns an INSERT names.
        var insertedColumns: [String] { assignsID ? Array(columns.dropFirst()) : columns }
        /// `INSERT INTO table (…) VALUES (?, …)` over `insertedColumns`.
        var insertSQL: String {
            "INSERT INTO \(table) (\(insertedColumns.joined(separator: ", "))) VALUES (\(insertedColumns.map { _ in "?" }.joined(separator: ", ")))"
        }
    }

    /// Every ledger table, in the order of m001/m002's columns (the payloads of entries
    /// written before m003 list the columns in schema order; these lists reproduce them).
    static let kinds: [Kind] = [
        Kind(name: "period", table: "period", columns: ["id", "starts", "ends"]),
        Kind(name: "policy", table: "policy_version", columns: [
            "id", "period_id", "version", "name", "cap_every", "rehousing_every", "content_json", "content_hash",
            "source_text", "loaded_at", "loaded_by",
        ]),
        Kind(name: "organisation", table: "organisation", columns: ["code"]),
        Kind(name: "department", table: "department", columns: [
            "id", "organisation", "name", "units", "created_at", "created_by",
        ]),
        Kind(name: "placement", table: "placement", columns: [
            "id", "department", "effective_from", "staircase", "step", "base_step", "at_risk", "exempt", "reserved",
            "criteria", "recorded_at", "recorded_by",
        ]),
        Kind(name: "placement_basis", table: "placement_basis", columns: [
            "placement_id", "residents", "area_list", "area_residents", "outside_work_share", "conviction_ratio",
            "primary_school_only_share", "income_ratio", "referred_share", "at_risk", "exempt", "need", "reasons",
        ], optionalColumns: ["non_western_share"]),
        Kind(name: "vacancy", table: "vacancy", columns: [
            "id", "department", "period_id", "number", "vacancy_date", "unit", "ref", "reserved_unit", "rehousing",
            "pattern_route", "route", "fallback_route", "offered", "withheld", "criteria", "rules", "placement_id",
            "policy_version_id", "at_vacancies", "at_offered", "at_pending", "at_realised", "at_returned",
            "at_withheld", "recorded_at", "recorded_by",
        ]),
        Kind(name: "settlement", table: "settlement", columns: [
            "id", "vacancy_id", "outcome", "settled_on", "recorded_at", "recorded_by",
        ], optionalColumns: ["forced"]),
        Kind(name: "correction", table: "correction", columns: [
            "id", "vacancy_id", "settlement_id", "reason", "forced", "recorded_at", "recorded_by",
        ]),
        Kind(name: "import_line", table: "import_line", columns: ["vacancy_id", "file_sha256", "line"]),
        Kind(name: "token", table: "access_token", columns: [
            "id", "name", "role", "organisation", "token_sha256", "issued_at", "issued_by",
        ]),
        Kind(name: "token_revocation", table: "token_revocation", columns: ["token_id", "revoked_at", "revoked_by"]),
    ]

    static let kindsByName = Dictionary(uniqueKeysWithValues: kinds.map { ($0.name, $0) })

    /// Each kind's INSERT, built once.
    private static let insertSQL = Dictionary(uniqueKeysWithValues: kinds.map { ($0.name, $0.insertSQL) })

    static func kind(_ name: String) -> Kind { kindsByName[name]! }

    static let genesisHash = String(repeating: "0", count: 64)

    static func headHash(_ db: Database) throws -> String {
        try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM journal ORDER BY seq DESC LIMIT 1")) ?? genesisHash
    }

    static func head(_ db: Database) throws -> (seq: Int64, hash: String) {
        // Two single values: GRDB builds a column dictionary for every query that returns rows.
        guard let seq = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM journal")),
              let hash = try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM journal WHERE seq = ?"), arguments: [seq])
        else { return (0, genesisHash) }
        return (seq, hash)
    }

    /// Appends the row's canonical payload to the journal, chained to the head.
    static func append(_ db: Database, kind name: String, rowID: Int64) throws {
        let kind = kind(name)
        guard let payload = try payload(db, kind, rowID: rowID) else {
            throw LedgerError.damaged(detail: "journal: no \(kind.table) row \(rowID) to chain")
        }
        try append(db, kind: name, rowID: rowID, payload: payload)
    }

    /// Keeps the head of the chain between appends, for a writer that knows nobody else
    /// appends meanwhile (the import's `KeptState`); `nil` means read it from the journal.
    final class HeadKeeper {
        var head: (seq: Int64, hash: String)?
    }

    private static func append(_ db: Database, kind name: String, rowID: Int64, payload: String,
                               keeper: HeadKeeper? = nil) throws {
        let head = try keeper?.head ?? head(db)
        let hash = chainHash(previous: head.hash, kind: name, payload: payload)
        try db.cachedStatement(sql: "INSERT INTO journal (seq, kind, entity, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)")
            .execute(arguments: [head.seq + 1, name, rowID, payload, head.hash, hash])
        keeper?.head = (head.seq + 1, hash)
    }

    /// Inserts a row of `kind` and chains it: `values` in the kind's column order (without
    /// `id`, which the table assigns). The payload is built from the values as bound: a
    /// STRICT table stores exactly what it is given and a trigger cannot change a new row, so
    /// it equals the payload `verify` rebuilds from the row, without reading it back (the
    /// hot path of `log` and the import). Optional columns are left NULL, so they join no
    /// payload; a row that sets one is inserted by its own statement and chained by `append`,
    /// which reads it back.
    @discardableResult
    static func insert(_ db: Database, kind name: String, values: [DatabaseValue], keeper: HeadKeeper? = nil) throws -> Int64 {
        let kind = kind(name)
        precondition(values.count == kind.insertedColumns.count,
                     "\(name): \(values.count) values for columns \(kind.insertedColumns)")
        let columns = kind.insertedColumns
        let statement = try db.cachedStatement(sql: insertSQL[name]!)
        // The values match the columns by construction (the precondition above).
        statement.setUncheckedArguments(StatementArguments(values))
        try statement.execute()
        let rowID = db.lastInsertedRowID
        var members: [(String, JSONValue)] = []
        members.reserveCapacity(kind.columns.count)
        if kind.assignsID { members.append(("id", .int(rowID))) }
        for (column, value) in zip(columns, values) { members.append((column, json(value))) }
        try append(db, kind: name, rowID: rowID, payload: JSONValue.object(members).serialized(), keeper: keeper)
        return rowID
    }

    /// SHA-256 over the previous hash, the kind and the payload.
    static func chainHash(previous: String, kind: String, payload: String) -> String {
        var hasher = SHA256()
        for (index, part) in [previous, kind, payload].enumerated() {
            if index > 0 { hasher.update(data: [UInt8(ascii: "\n")]) }
            var part = part
            part.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        return hex(hasher.finalize())
    }

    /// Lower-case hex of a digest over `out` (64 bytes for SHA-256).
    static func writeHex(_ digest: some Sequence<UInt8>, into out: inout [UInt8]) {
        let digits: StaticString = "0123456789abcdef"
        var i = 0
        for byte in digest {
            out[i] = digits.utf8Start[Int(byte >> 4)]
            out[i + 1] = digits.utf8Start[Int(byte & 0x0F)]
            i += 2
        }
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The row as a JSON object of the kind's named columns; `nil` if there is no such row.
    static func payload(_ db: Database, _ kind: Kind, rowID: Int64) throws -> String? {
        let columns = try selectedColumns(db, kind)
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: "SELECT \(columns.joined(separator: ", ")) FROM \(kind.table) WHERE rowid = ?"),
                                         arguments: [rowID])
        guard let row = try cursor.next() else { return nil }
        return payload(kind, columns: columns, row: row, offset: 0)
    }

    /// The kind's columns as the table has them now. An optional column may not exist yet (a
    /// migration's Swift step runs before later migrations add it); GRDB caches the table's
    /// columns per connection.
    private static func selectedColumns(_ db: Database, _ kind: Kind) throws -> [String] {
        let optional = kind.optionalColumns.isEmpty ? []
            : Set(try db.columns(in: kind.table).map(\.name)).intersection(kind.optionalColumns).sorted()
        return kind.columns + optional
    }

    /// The payload from a row holding `columns` by position from `offset` (positions, not
    /// names: `verify` builds millions of them).
    private static func payload(_ kind: Kind, columns: [String], row: Row, offset: Int) -> String {
        var members: [(String, JSONValue)] = []
        members.reserveCapacity(columns.count)
        for (index, column) in columns.enumerated() {
            let value = row[offset + index] as DatabaseValue
            if index >= kind.columns.count && value.isNull { continue }   // an optional column joins only when set
            members.append((column, json(value)))
        }
        return JSONValue.object(members).serialized()
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

        init(_ db: Database, _ kind: Kind, from first: Int64) throws {
            self.kind = kind
            let columns = try Journal.selectedColumns(db, kind)
            writer = PayloadWriter(columns: columns, required: kind.columns.count)
            statement = try db.makeStatement(sql: "SELECT rowid, \(columns.joined(separator: ", ")) FROM \(kind.table) WHERE rowid >= ? ORDER BY rowid")
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
                    let id = row.int64(0)
                    if id >= rowID {
                        currentID = id
                        writer.write(row, offset: 1, into: &payload)
                        break
                    }
                }
            }
            if currentID == rowID { return payload.withUnsafeBytes { sameBytes($0, recorded) } }
            return try Journal.payload(db, kind, rowID: rowID).map { Array($0.utf8).withUnsafeBytes { sameBytes($0, recorded) } }
        }
    }

    static func json(_ value: DatabaseValue) -> JSONValue {
        switch value.storage {
        case .null: .null
        case .int64(let i): .int(i)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .blob(let b): .string(b.base64EncodedString())
        }
    }

    /// m003's Swift half: chains the rows that versions before m003 wrote without an entry
    /// (periods, organisations, placement bases), oldest first, after the existing entries.
    static func backfill(_ db: Database) throws {
        for name in ["period", "organisation", "placement_basis"] {
            let kind = kind(name)
            let missing = try Int64.fetchAll(db, sql: """
                SELECT rowid FROM \(kind.table)
                WHERE rowid NOT IN (SELECT entity FROM journal WHERE kind = ?) ORDER BY rowid
                """, arguments: [name])
            for rowID in missing { try append(db, kind: name, rowID: rowID) }
        }
    }

    // MARK: Verification

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
        let statement = try db.makeStatement(sql: "SELECT seq, kind, entity, payload, prev_hash, hash FROM journal WHERE seq > ? AND seq <= ? ORDER BY seq")
        let cursor = try Row.fetchCursor(statement, arguments: [after, through ?? Int64.max])
        let row = CurrentRow(statement)
        let newline = [UInt8(ascii: "\n")]
        var computed = [UInt8](repeating: 0, count: 64)
        while try cursor.next() != nil {
            entries += 1
            let seq = row.int64(0), entity = row.int64(2)
            let kindName = row.withText(1) { String(decoding: $0, as: UTF8.self) }
            if seq != expectedSeq {
                faults.append(Fault(seq: seq, text: "journal \(seq): expected entry \(expectedSeq) here (an entry is missing or inserted)"))
            }
            try row.withText(3) { payload in
                row.withText(4) { prev in
                    if !previous.withUnsafeBytes({ sameBytes($0, prev) }) {
                        faults.append(Fault(seq: seq, text: "journal \(seq): does not link to the entry before it"))
                    }
                    var hasher = SHA256()
                    hasher.update(bufferPointer: prev)
                    hasher.update(data: newline)
                    kindName.utf8.withContiguousStorageIfAvailable { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
                        ?? hasher.update(data: Array(kindName.utf8))
                    hasher.update(data: newline)
                    hasher.update(bufferPointer: payload)
                    Journal.writeHex(hasher.finalize(), into: &computed)
                }
                row.withText(5) { hash in
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
            counts[row[JournalRow.Columns.kind]] = row["entries"]
        }
        return counts
    }

    /// The hash of entry `seq`, if the journal has one.
    static func hash(_ db: Database, seq: Int64) throws -> String? {
        try String.fetchOne(db, sql: "SELECT hash FROM journal WHERE seq = ?", arguments: [seq])
    }
}
