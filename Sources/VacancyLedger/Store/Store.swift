import Foundation
import GRDB

/// The thin store: all SQL outside `Migrations/`. It reads state and appends entries;
/// it never decides a route. Every function runs inside the caller's transaction.
enum Store {
    // MARK: Periods and policies

    static func periods(_ db: Database) throws -> [PeriodRecord] {
        try PeriodRow.fetchAll(db.cachedStatement(sql: "SELECT \(PeriodRow.selection()) FROM period ORDER BY starts")).map(\.record)
    }

    static func period(_ db: Database, id: Int64) throws -> PeriodRecord? {
        try PeriodRow.fetchOne(db.cachedStatement(sql: "SELECT \(PeriodRow.selection()) FROM period WHERE id = ?"),
                               arguments: [id])?.record
    }

    static func insertPeriod(_ db: Database, _ range: DateRange) throws -> Int64 {
        try db.execute(sql: "INSERT INTO period (starts, ends) VALUES (?, ?)",
                       arguments: [range.start.description, range.end.description])
        let id = db.lastInsertedRowID
        try Journal.append(db, kind: "period", rowID: id)
        return id
    }

    private static let policyColumns = PolicyVersionRow.selection()

    /// A policy row with its parsed policy: the JSON and source are read only the first
    /// time the process meets the content hash.
    private static func policyRecord(_ db: Database, _ row: PolicyVersionRow) throws -> PolicyRecord {
        let (policy, sourceText) = try PolicyCache.shared.policy(hash: row.contentHash) {
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: "SELECT content_json, source_text FROM policy_version WHERE id = ?"),
                                             arguments: [row.id])
            guard let full = try cursor.next() else { throw LedgerError.damaged(detail: "policy \(row.id) vanished") }
            return (full["content_json"], full["source_text"])
        }
        return row.record(policy: policy, sourceText: sourceText)
    }

    static func latestPolicy(_ db: Database, periodID: Int64) throws -> PolicyRecord? {
        try PolicyVersionRow.fetchOne(db.cachedStatement(sql: """
            SELECT \(policyColumns) FROM policy_version WHERE period_id = ? ORDER BY version DESC LIMIT 1
            """), arguments: [periodID]).map { try policyRecord(db, $0) }
    }

    /// The cap of a period's policy (I1's "one in three"). Every period is loaded with its
    /// policy in one transaction, so a period without one is a damaged file.
    static func capEvery(_ db: Database, periodID: Int64) throws -> Int {
        guard let cap = try Int.fetchOne(db.cachedStatement(sql: """
            SELECT cap_every FROM policy_version WHERE period_id = ? ORDER BY version DESC LIMIT 1
            """), arguments: [periodID]) else {
            throw LedgerError.damaged(detail: "agreement period \(periodID) has no policy")
        }
        return cap
    }

    static func policy(_ db: Database, id: Int64) throws -> PolicyRecord? {
        try PolicyVersionRow.fetchOne(db.cachedStatement(sql: "SELECT \(policyColumns) FROM policy_version WHERE id = ?"),
                                      arguments: [id]).map { try policyRecord(db, $0) }
    }

    static func policies(_ db: Database) throws -> [PolicyRecord] {
        try PolicyVersionRow.fetchAll(db, sql: "SELECT \(policyColumns) FROM policy_version ORDER BY period_id, version")
            .map { try policyRecord(db, $0) }
    }

    static func policyVersion(_ db: Database, periodID: Int64, contentHash: String) throws -> Int? {
        try Int.fetchOne(db, sql: "SELECT version FROM policy_version WHERE period_id = ? AND content_hash = ?",
                         arguments: [periodID, contentHash])
    }

    static func insertPolicy(_ db: Database, periodID: Int64, version: Int, policy: Policy, source: String,
                             at: String, by: String) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO policy_version (period_id, version, name, cap_every, rehousing_every, content_json,
                                        content_hash, source_text, loaded_at, loaded_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [periodID, version, policy.name, policy.referralCap.every, policy.rehousing.every,
                             policy.canonicalJSON(), policy.contentHash, source, at, by])
        let id = db.lastInsertedRowID
        try Journal.append(db, kind: "policy", rowID: id)
        return id
    }

    /// Whether every entry of the ledger was recorded by `by` (the demo's own ledgers).
    static func everythingRecorded(_ db: Database, by: String) throws -> Bool {
        try !(Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM policy_version WHERE loaded_by <> ?1)
                OR EXISTS (SELECT 1 FROM department WHERE created_by <> ?1)
                OR EXISTS (SELECT 1 FROM placement WHERE recorded_by <> ?1)
                OR EXISTS (SELECT 1 FROM vacancy WHERE recorded_by <> ?1)
                OR EXISTS (SELECT 1 FROM settlement WHERE recorded_by <> ?1)
                OR EXISTS (SELECT 1 FROM correction WHERE recorded_by <> ?1)
                OR EXISTS (SELECT 1 FROM access_token)
            """, arguments: [by]) ?? true)
    }

    /// SQLite's own checks: page integrity and foreign keys.
    static func sqliteFaults(_ db: Database) throws -> [String] {
        var faults: [String] = []
        let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
        if integrity != ["ok"] { faults += integrity.map { "integrity_check: \($0)" } }
        for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
            faults.append("foreign_key_check: \(row["table"] as String? ?? "?") row \(row["rowid"] as Int64? ?? 0) refers to a missing \(row["parent"] as String? ?? "?")")
        }
        return faults
    }

    /// Bulk loading (the demo): no sync per commit; `LedgerDatabase.buildAtomically` syncs
    /// the whole file before it is put in place.
    static func relaxDurability(_ db: Database) throws {
        try db.execute(sql: "PRAGMA synchronous = OFF")
    }

    /// The connection's page cache setting (`PRAGMA cache_size`: pages, or KiB if negative).
    static func pageCache(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "PRAGMA cache_size") ?? "-2000"
    }

    static func setPageCache(_ db: Database, to setting: String) throws {
        try db.execute(sql: "PRAGMA cache_size = \(setting)")
    }

    // MARK: The hash chain (see `Journal`)

    static func headHash(_ db: Database) throws -> String { try Journal.headHash(db) }

    /// Entry hashes of one kind, by entity (rowid).
    static func journalHashes(_ db: Database, kind: String) throws -> [Int64: String] {
        var result: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT entity, hash FROM journal WHERE kind = ?", arguments: [kind]) {
            result[row[JournalRow.Columns.entity.name]] = row[JournalRow.Columns.hash.name]
        }
        return result
    }

    static func journalHash(_ db: Database, kind: String, entity: Int64) throws -> String? {
        try String.fetchOne(db, sql: "SELECT hash FROM journal WHERE kind = ? AND entity = ?", arguments: [kind, entity])
    }

    static func journalSeq(_ db: Database, hash: String) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT seq FROM journal WHERE hash = ?", arguments: [hash])
    }

    /// The entries after `seq` that record, settle or void vacancy `id` (or void one of its
    /// settlements), in order; each branch an indexed lookup.
    static func laterEntries(_ db: Database, vacancy id: Int64, after seq: Int64) throws -> [(seq: Int64, kind: String)] {
        try Row.fetchAll(db, sql: """
            SELECT seq, kind FROM journal WHERE kind = 'vacancy' AND entity = ?1 AND seq > ?2
            UNION ALL
            SELECT j.seq, j.kind FROM settlement s JOIN journal j ON j.kind = 'settlement' AND j.entity = s.id
            WHERE s.vacancy_id = ?1 AND j.seq > ?2
            UNION ALL
            SELECT j.seq, j.kind FROM correction c JOIN journal j ON j.kind = 'correction' AND j.entity = c.id
            WHERE (c.vacancy_id = ?1 OR c.settlement_id IN (SELECT id FROM settlement WHERE vacancy_id = ?1)) AND j.seq > ?2
            ORDER BY seq
            """, arguments: [id, seq]).map { (seq: $0["seq"], kind: $0["kind"]) }
    }

    // MARK: Helpers

    /// A department id's organisation and number in SQL, as `DepartmentID` reads them and
    /// m011's `letting` keeps them: the text before the first `-`, and the rest as a number.
    static func organisationSQL(_ id: String) -> String { "substr(\(id), 1, instr(\(id), '-') - 1)" }
    static func departmentNumberSQL(_ id: String) -> String { "CAST(substr(\(id), instr(\(id), '-') + 1) AS INTEGER)" }

    /// `DepartmentID`'s order in SQL over the id column `id`: organisation, the number as a
    /// number, then the id (`3B-9` before `3B-10`). Text compares by bytes in both (UTF-8
    /// order is scalar order, and ids are stored NFC).
    static func departmentOrder(_ id: String) -> String { "\(organisationSQL(id)), \(departmentNumberSQL(id)), \(id)" }

    /// The key of a row that selects `department` and `period_id`.
    static func counterKey(_ row: Row) -> CounterKey {
        CounterKey(department: DepartmentID(stored: row["department"]), periodID: row["period_id"])
    }

    /// Dates in the ledger were validated on the way in (and by CHECKs).
    static func date(_ text: String) -> CivilDate { CivilDate(text)! }
}
