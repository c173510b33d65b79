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
        ], optionalColumns: ["token_id"]),
        Kind(name: "placement", table: "placement", columns: PlacementRow.Columns.allCases.map(\.name),
             optionalColumns: ["token_id"]),
        Kind(name: "placement_basis", table: "placement_basis", columns: [
            "placement_id", "residents", "area_list", "area_residents", "outside_work_share", "conviction_ratio",
            "primary_school_only_share", "income_ratio", "referred_share", "at_risk", "exempt", "need", "reasons",
        ], optionalColumns: ["non_western_share"]),
        Kind(name: "vacancy", table: "vacancy", columns: VacancyRow.Columns.allCases.map(\.name), optionalColumns: ["token_id"]),
        Kind(name: "settlement", table: "settlement", columns: SettlementRow.Columns.allCases.map(\.name),
             optionalColumns: ["forced", "token_id"]),
        Kind(name: "correction", table: "correction", columns: CorrectionRow.Columns.allCases.map(\.name),
             optionalColumns: ["token_id"]),
        Kind(name: "import_line", table: "import_line", columns: ["vacancy_id", "file_sha256", "line"]),
        Kind(name: "token", table: "access_token", columns: [
            "id", "name", "role", "organisation", "token_sha256", "issued_at", "issued_by",
        ], optionalColumns: ["expires_on", "replaces"]),
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
    /// `id`, which the table assigns), and `optional` the optional columns to set (a NULL
    /// one is left out). The payload is built from the values as bound: a STRICT table
    /// stores exactly what it is given and a trigger cannot change a new row, so it equals
    /// the payload `verify` rebuilds from the row, without reading it back (the hot path of
    /// `log` and the import). The optional columns follow the others by name, as
    /// `selectedColumns` orders them.
    @discardableResult
    static func insert(_ db: Database, kind name: String, values: [DatabaseValue],
                       optional: [(column: String, value: DatabaseValue)] = [], keeper: HeadKeeper? = nil) throws -> Int64 {
        let kind = kind(name)
        precondition(values.count == kind.insertedColumns.count,
                     "\(name): \(values.count) values for columns \(kind.insertedColumns)")
        let set = optional.filter { !$0.value.isNull }.sorted { $0.column < $1.column }
        precondition(set.allSatisfy { kind.optionalColumns.contains($0.column) }, "\(name): \(set.map(\.column)) are not optional columns")
        let columns = kind.insertedColumns + set.map(\.column)
        let arguments = values + set.map(\.value)
        let statement = try db.cachedStatement(sql: set.isEmpty ? insertSQL[name]! : """
            INSERT INTO \(kind.table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))
            """)
        // The values match the columns by construction (the preconditions above).
        statement.setUncheckedArguments(StatementArguments(arguments))
        try statement.execute()
        let rowID = db.lastInsertedRowID
        var members: [(String, JSONValue)] = []
        members.reserveCapacity(columns.count + 1)
        if kind.assignsID { members.append(("id", .int(rowID))) }
        for (column, value) in zip(columns, arguments) { members.append((column, json(value))) }
        try append(db, kind: name, rowID: rowID, payload: JSONValue.object(members).serialized(), keeper: keeper)
        return rowID
    }

    /// An entry's hash: SHA-256 over the previous entry's hash, the kind and the payload, a
    /// line feed apart, as lower-case hex after `out`'s bytes. The one definition of the
    /// chain: appending an entry and `verify` both hash through it.
    static func appendChainHash(previous: UnsafeRawBufferPointer, kind: UnsafeRawBufferPointer,
                                payload: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(ascii: "\n")) { newline in
            hasher.update(bufferPointer: previous)
            hasher.update(bufferPointer: newline)
            hasher.update(bufferPointer: kind)
            hasher.update(bufferPointer: newline)
            hasher.update(bufferPointer: payload)
        }
        ByteWriter.appendHex(hasher.finalize(), to: &out)
    }

    static func chainHash(previous: String, kind: String, payload: String) -> String {
        var previous = previous, kind = kind, payload = payload
        var out: [UInt8] = []
        previous.withUTF8 { previous in
            kind.withUTF8 { kind in
                payload.withUTF8 { payload in
                    appendChainHash(previous: UnsafeRawBufferPointer(previous), kind: UnsafeRawBufferPointer(kind),
                                    payload: UnsafeRawBufferPointer(payload), to: &out)
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
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
    static func selectedColumns(_ db: Database, _ kind: Kind) throws -> [String] {
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
}
