import CSV
import Foundation
import GRDB
import Testing
@testable import VacancyLedger

/// Issue 10: reads from what the database keeps, not from the history.
@Suite struct ScaleTests {
    /// m006's triggers keep lettings by route through logs, returns, voided returns and voided
    /// vacancies; what they keep equals a recount from the entries, and the audit's figures
    /// from the kept table equal those it recounts over the whole period.
    @Test func lettingsKeptByTriggersEqualARecount() throws {
        let ledger = try memoryLedger()
        try ledger.add("KAB-4", step: 4)
        try ledger.add("AAB-1", step: 1, atRisk: true)
        var offers: [Int64] = []
        for day in 1...28 {
            for department in ["KAB-4", "AAB-1"] {
                let report = try ledger.log(department, "2024-03-\(day < 10 ? "0" : "")\(day)")
                if report.offered { offers.append(report.vacancy!) }
            }
        }
        #expect(offers.count >= 6)
        _ = try ledger.settle(vacancy: offers[0], outcome: .returned, date: "2024-04-01", by: "t")
        _ = try ledger.settle(vacancy: offers[1], outcome: .returned, date: "2024-04-01", by: "t")
        _ = try ledger.settle(vacancy: offers[2], outcome: .referred, date: "2024-04-01", by: "t")
        _ = try ledger.void(vacancy: offers[1], reason: "returned in error", settlementOnly: true, force: false, by: "t")
        _ = try ledger.void(vacancy: offers[0], reason: "never vacant", settlementOnly: false, force: false, by: "t")
        _ = try ledger.void(vacancy: offers[3], reason: "never vacant", settlementOnly: false, force: false, by: "t")
        _ = try ledger.settle(vacancy: offers[4], outcome: .returned, date: "2024-04-02", by: "t")

        let (kept, recounted) = try ledger.database.read { db in
            (try Store.allLettings(db), Recount.lettings(try Store.vacancies(db)))
        }
        #expect(kept == recounted)
        let letDwellings: Int = kept.values.map { $0.values.reduce(0, +) }.reduce(0, +)
        #expect(letDwellings == 54, "56 logged, two voided")
        let fromCounters = try ledger.audit()
        let recount = try ledger.audit(window: AuditWindow(from: "2024-01-01", to: "2027-12-31"))
        let a: [[Route: Int]] = fromCounters.departmentRows.map(\.lettingsByRoute)
        let b: [[Route: Int]] = recount.departmentRows.map(\.lettingsByRoute)
        #expect(a == b)
        #expect(try ledger.verify().isClean)

        // verify notices kept lettings that differ from the entries.
        try ledger.database.write { db in
            try db.execute(sql: "UPDATE lettings SET dwellings = dwellings + 1 WHERE department = 'KAB-4' AND route = 'flexible'")
        }
        #expect(try ledger.verify().faults.contains { $0.hasPrefix("lettings KAB-4") })
    }

    /// `CSVText` writes CSV itself (CSV.swift's stream writer was slow); it must write what
    /// CSV.swift writes, quoting included, for any fields and either delimiter.
    @Test func csvTextWritesWhatCSVSwiftWrites() throws {
        var state: UInt64 = 42
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        let pieces = ["a", "Ærtebjerg", "ø", "å", " ", ",", ";", "\"", "\r", "\n", "\r\n", "12", "", "x\"y"]
        for delimiter in [",", ";"] as [UnicodeScalar] {
            for _ in 0..<200 {
                let rows = (0..<(1 + next() % 4)).map { _ in
                    (0..<(1 + next() % 5)).map { _ in (0..<(next() % 4)).map { _ in pieces[next() % pieces.count] }.joined() }
                }
                let writer = try CSVWriter(stream: .toMemory(), delimiter: String(delimiter), newline: .crlf)
                for row in rows { try writer.write(row: row) }
                writer.stream.close()
                let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
                let reference = String(decoding: data, as: UTF8.self) + "\r\n"
                #expect(CSVText.render(rows, delimiter: delimiter) == reference, "\(rows)")
            }
        }
    }

    /// `verify --since`: only what was appended after a checkpoint, plus the checkpoint.
    @Test func verifySinceACheckpointChecksOnlyWhatWasAppended() throws {
        let ledger = try memoryLedger()
        try ledger.add("KAB-4", step: 4)
        try ledger.add("AAB-1", step: 1)
        for day in 1...20 { _ = try ledger.log(day % 2 == 0 ? "KAB-4" : "AAB-1", "2024-03-\(day < 10 ? "0" : "")\(day)") }
        let checkpoint = try ledger.checkpoint()
        for day in 21...28 { _ = try ledger.log("KAB-4", "2024-03-\(day)") }
        let clean = try ledger.verify(since: checkpoint)
        #expect(clean.isClean, "\(clean.faults)")
        #expect(clean.entries == 8 && clean.sinceEntry == checkpoint.seq)
        #expect(clean.countersChecked == 1, "only KAB-4 was touched")

        // An appended row edited behind the ledger's back.
        let last = try ledger.database.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM vacancy")! }
        try ledger.database.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER vacancy_no_update")
            try db.execute(sql: "UPDATE vacancy SET unit = 'forged' WHERE id = ?", arguments: [last])
        }
        let edited = try ledger.verify(since: checkpoint)
        #expect(edited.faults.contains { $0.contains("vacancy \(last) differs from what was recorded") }, "\(edited.faults)")
        #expect(edited.faults.contains { $0.contains("vacancy_no_update is missing") })

        // History before the checkpoint rewritten: the checkpoint no longer matches.
        try ledger.database.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER journal_no_update")
            try db.execute(sql: "UPDATE journal SET hash = ? WHERE seq = ?", arguments: [String(repeating: "a", count: 64), checkpoint.seq])
        }
        let rewritten = try ledger.verify(since: checkpoint)
        #expect(rewritten.faults.contains { $0.contains("the history up to it was rewritten") }, "\(rewritten.faults)")
    }

    /// `log`'s hot path must not grow with the history: every statement it runs (traced,
    /// then explained) reaches the big tables through an index, never a scan. Only tables of
    /// a handful of rows (periods, policies, journal kinds) may be scanned.
    @Test func everyStatementOfLogAndSettleUsesAnIndex() throws {
        let (ledger, _) = try fileLedger()
        try ledger.add("KAB-4", step: 4)
        try ledger.add("AAB-1", step: 1, atRisk: true)
        for day in 1...9 { _ = try ledger.log("AAB-1", "2024-03-0\(day)") }
        let statements = SQLCollector()
        ledger.database.writeWithoutTransaction { db in
            db.trace { event in if case let .statement(statement) = event { statements.add(statement.sql) } }
        }
        var offer: Int64?
        for day in 10...20 {
            let report = try ledger.log("AAB-1", "2024-03-\(day)", ref: "r\(day)")
            if report.offered, offer == nil { offer = report.vacancy }
        }
        _ = try ledger.log("KAB-4", "2024-03-21")
        _ = try ledger.settle(vacancy: try #require(offer), outcome: .referred, date: "2024-04-01", by: "t")
        ledger.database.writeWithoutTransaction { db in db.trace(options: .statement, nil) }

        let small: Set<String> = ["period", "policy_version", "journal_kind", "CONSTANT"]   // CONSTANT ROW: no table
        var explained = 0
        try ledger.database.read { db in
            for sql in statements.all where !sql.hasPrefix("--") && !sql.uppercased().hasPrefix("BEGIN")
                && !sql.uppercased().hasPrefix("COMMIT") && !sql.uppercased().hasPrefix("PRAGMA")
                && !sql.uppercased().hasPrefix("SAVEPOINT") && !sql.uppercased().hasPrefix("RELEASE") {
                let statement = try db.makeStatement(sql: "EXPLAIN QUERY PLAN " + sql)
                statement.setUncheckedArguments(StatementArguments(Array(repeating: DatabaseValue.null, count: 64)))
                explained += 1
                for row in try Row.fetchAll(statement) {
                    let detail: String = row["detail"]
                    guard detail.hasPrefix("SCAN ") else { continue }
                    let table = detail.dropFirst(5).split(separator: " ").first.map(String.init) ?? ""
                    #expect(small.contains(table), "\(detail) in: \(sql)")
                }
            }
        }
        #expect(explained >= 8, "the trace saw \(explained) statements")
    }
}

extension ScaleTests {
    /// `log` reports from what it wrote, without reading the row back: the vacancy it
    /// reports must be the row as stored, for every step, flag, guard and reserved unit.
    @Test func logReportsTheRowAsStored() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 1, atRisk: true)
        try ledger.add("FSB-2", step: 2, exempt: true)
        try ledger.add("KAB-3", step: 3, reserved: 3)
        try ledger.add("ØBO-1", .area, step: 1, criteria: [.income, .employment])
        for i in 0..<80 {
            let department = ["AAB-1", "FSB-2", "KAB-3", "ØBO-1"][i % 4]
            let logged = try ledger.log(LogRequest(department: department, unit: "u\(i)", date: "2024-05-\(10 + i % 18)",
                                                   ref: i % 3 == 0 ? "ref-\(i)" : nil, reservedUnit: department == "KAB-3" && i % 8 == 2,
                                                   by: "clerk"))
            #expect(String(describing: logged) == String(describing: try ledger.vacancy(logged.vacancy!)), "vacancy \(i)")
        }
    }
}

/// Statements seen by a trace (GRDB calls it on the connection's queue).
final class SQLCollector: @unchecked Sendable {
    private var seen: [String] = []
    private let lock = NSLock()
    func add(_ sql: String) { lock.withLock { if !seen.contains(sql) { seen.append(sql) } } }
    var all: [String] { lock.withLock { seen } }
}
