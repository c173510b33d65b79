import GRDB

/// What `verify` found. No faults means: SQLite's integrity and foreign-key checks pass,
/// every entry is in the hash chain with the hash it should have, and every stored
/// counter equals a recount from the entries.
public struct VerifyReport: Sendable {
    public var entries: Int
    public var headHash: String
    public var countersChecked: Int
    public var faults: [String]
    public var isClean: Bool { faults.isEmpty }
}

extension Ledger {
    public func verify() throws -> VerifyReport {
        try read { db in
            var faults: [String] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { faults += integrity.map { "integrity_check: \($0)" } }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                faults.append("foreign_key_check: \(row[0] as String? ?? "?") row \(row[1] as Int64? ?? 0) refers to a missing \(row[2] as String? ?? "?")")
            }
            // The hash chain: every link, every hash, every payload against its row.
            var previous = Store.genesisHash
            var entries = 0
            var counted: [String: Int] = [:]
            let tables = Dictionary(uniqueKeysWithValues: Store.journalTables.map { ($0.kind, $0.table) })
            for row in try Row.fetchAll(db, sql: "SELECT seq, kind, entity, payload, prev_hash, hash FROM journal ORDER BY seq") {
                entries += 1
                let seq: Int64 = row[0], kind: String = row[1], entity: Int64 = row[2]
                let payload: String = row[3], prev: String = row[4], hash: String = row[5]
                counted[kind, default: 0] += 1
                if prev != previous { faults.append("journal \(seq): does not link to the entry before it") }
                if Store.chainHash(previous: prev, kind: kind, payload: payload) != hash {
                    faults.append("journal \(seq): hash does not match its content")
                }
                if let table = tables[kind] {
                    let current = try? Store.canonicalPayload(db, table: table, rowID: entity)
                    if current != payload { faults.append("journal \(seq): \(kind) \(entity) differs from what was recorded") }
                }
                previous = hash
            }
            for (kind, table) in Store.journalTables {
                let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
                if rows != counted[kind, default: 0] {
                    faults.append("journal: \(rows) \(table) rows but \(counted[kind, default: 0]) journal entries")
                }
            }
            // The counters against a recount from the entries.
            let stored = try Store.allCounters(db)
            let recount = Recount.counters(try Store.vacancies(db))
            for key in Set(stored.keys).union(recount.keys) {
                let s = stored[key] ?? Counters(), r = recount[key] ?? Counters()
                if s != r { faults.append("counters \(key.department) period \(key.periodID): stored \(describe(s)), recounted \(describe(r))") }
            }
            return VerifyReport(entries: entries, headHash: previous, countersChecked: stored.count,
                                faults: faults.sorted())
        }
    }

    private func describe(_ c: Counters) -> String {
        "n=\(c.vacancies) offered=\(c.offered) pending=\(c.pending) referred=\(c.referred) rehoused=\(c.rehoused) returned=\(c.returned) withheld=\(c.withheldCap)/\(c.withheldFourth)/\(c.withheldExempt) forced=\(c.forcedVoids)"
    }
}
