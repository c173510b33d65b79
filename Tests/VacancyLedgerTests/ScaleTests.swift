import CSV
import Foundation
import GRDB
import LedgerMigrations
import PropertyBased
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

    /// m009's monthly and m010's daily counters, through logs, settlements of every outcome,
    /// voided settlements and voided vacancies over two years: what the triggers keep equals
    /// a recount, the backfills write the same, windowed audits (whole months and edge days
    /// summed) equal a recount of the window's vacancies, and verify notices a tampered month
    /// or day.
    @Test func countersByMonthAndDayEqualARecountAndWindowedAuditsUseThem() throws {
        var state: UInt64 = 2024
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
        for n in day("2023-12-01").dayNumber...day("2028-03-31").dayNumber {
            #expect(CivilDate(dayNumber: n).dayNumber == n)
        }
        #expect(CivilDate(dayNumber: day("2024-02-29").dayNumber + 1) == day("2024-03-01"))
        let ledger = try memoryLedger()
        let departments = ["KAB-4", "AAB-1", "FSB-2"]
        try ledger.add("KAB-4", step: 4)
        try ledger.add("AAB-1", step: 1, atRisk: true)
        try ledger.add("FSB-2", .area, step: 2)
        var date = day("2024-01-03")
        var offers: [(id: Int64, date: CivilDate)] = [], logged: [Int64] = []
        var voidedSettlements: [Outcome: Int] = [:]
        while date < day("2025-09-30") {
            let report = try ledger.log(departments[next(3)], date.description)
            logged.append(report.vacancy!)
            if report.offered { offers.append((report.vacancy!, date)) }
            // Now and then the municipality answers an older offer, a settlement or a vacancy is voided.
            if next(3) == 0, !offers.isEmpty {
                let offer = offers.remove(at: next(offers.count))
                let outcome: Outcome = [.referred, .rehoused, .returned, .returned][next(4)]
                let settled = (try? ledger.settle(vacancy: offer.id, outcome: outcome, date: date.description, by: "t")) != nil
                if settled, next(4) == 0,
                   (try? ledger.void(vacancy: offer.id, reason: "wrong answer", settlementOnly: true, force: false, by: "t")) != nil {
                    voidedSettlements[outcome, default: 0] += 1
                }
            }
            if next(12) == 0 {
                _ = try? ledger.void(vacancy: logged[next(logged.count)], reason: "never vacant", settlementOnly: false, force: false, by: "t")
            }
            date = CivilDate(dayNumber: date.dayNumber + 1 + next(3))
        }
        func keptDays(_ db: Database) throws -> [DayKey: MonthFigures] {
            Dictionary(uniqueKeysWithValues: try Array(Store.days(db)))
        }
        let (kept, days, vacancies) = try ledger.database.read { db in (try Store.months(db), try keptDays(db), try Store.vacancies(db)) }
        var recount = Recount(months: true, days: true)
        for v in vacancies { recount.add(v) }
        #expect(kept == recount.months)
        #expect(kept.count >= 3 * 18 - 3, "three departments over 21 months")
        #expect(days.filter { $0.value != MonthFigures() } == recount.days)
        #expect(recount.days.count > 200 && days.count == Set(vacancies.map { DayKey(day: $0.date, key: CounterKey(department: $0.department, periodID: $0.periodID)) }).count)
        #expect(vacancies.contains { $0.voided != nil } && vacancies.contains { $0.outcome == .returned }
                && vacancies.contains { $0.outcome == .referred } && vacancies.contains { $0.settlement == nil && $0.offered })
        #expect(voidedSettlements[.returned, default: 0] >= 2 && voidedSettlements[.referred, default: 0] >= 1, "\(voidedSettlements)")

        // The backfill (the migration's INSERT … SELECT) writes what the triggers kept.
        let sql = EmbeddedMigrations.all.first { $0.identifier == "m009_counters_by_month" }!.sql
        let insert = sql[sql.range(of: "INSERT INTO counters_by_month")!.lowerBound...].prefix { $0 != ";" }
        let backfilled = try ledger.database.write { db in
            try db.execute(sql: "DROP TRIGGER counters_by_month_no_delete; DELETE FROM counters_by_month; " + insert)
            let noDelete = sql[sql.range(of: "CREATE TRIGGER counters_by_month_no_delete")!.lowerBound...]
            try db.execute(sql: String(noDelete))
            return try Store.months(db)
        }
        #expect(backfilled == recount.months)
        let daySQL = EmbeddedMigrations.all.first { $0.identifier == "m010_counters_by_day" }!.sql
        let dayInsert = daySQL[daySQL.range(of: "INSERT INTO counters_by_day")!.lowerBound...].prefix { $0 != ";" }
        let backfilledDays = try ledger.database.write { db in
            try db.execute(sql: "DROP TRIGGER counters_by_day_no_delete; DELETE FROM counters_by_day; " + dayInsert)
            try db.execute(sql: String(daySQL[daySQL.range(of: "CREATE TRIGGER counters_by_day_no_delete")!.lowerBound...]))
            return try keptDays(db)
        }
        #expect(backfilledDays == recount.days)

        // Windows: whole years, whole months, odd days, one day, no whole month.
        var windows = [try AuditWindow(year: 2024), try AuditWindow(year: 2025), try AuditWindow(from: "2024-02-01", to: "2024-02-29"),
                       try AuditWindow(from: "2024-03-15", to: "2024-04-10"), try AuditWindow(from: "2024-12-31", to: "2024-12-31")]
        for _ in 0..<20 {
            let from = CivilDate(dayNumber: day("2024-01-01").dayNumber + next(640))
            windows.append(try AuditWindow(from: from.description, to: CivilDate(dayNumber: from.dayNumber + next(200)).description))
        }
        for window in windows {
            var expected = Recount()
            for v in vacancies where window.contains(v.date) { expected.add(v) }
            // The whole city (the date index) and one department (its own index).
            for row in try ledger.audit(window: window).departmentRows + ledger.audit(department: "AAB-1", window: window).departmentRows {
                let key = CounterKey(department: row.department!, periodID: row.period.id)
                var counters = expected.counters[key] ?? Counters()
                counters.forcedVoids = row.counters.forcedVoids
                #expect(row.counters == counters, "\(window) \(key)")
                #expect(row.lettingsByRoute == expected.lettings[key] ?? [:], "\(window) \(key)")
            }
        }

        #expect(try ledger.verify().isClean)
        try ledger.database.write { db in
            try db.execute(sql: "UPDATE counters_by_month SET pending = pending + 1, offered = offered + 1 WHERE department = 'KAB-4' AND month = '2024-05'")
        }
        #expect(try ledger.verify().faults.contains { $0.hasPrefix("counters by month KAB-4 period") && $0.contains("2024-05") })

        // A day moved within its month keeps the month's sums: only the days show it, in a
        // full verify and in one since a checkpoint (the department is touched after it).
        let checkpoint = try ledger.checkpoint()
        // (From the backfill's days: it leaves out the zeros of days whose vacancies were all voided.)
        let fsb = Set(backfilledDays.keys.filter { $0.key.department.rawValue == "FSB-2" }.map(\.day))
        let moved = backfilledDays.keys.filter { $0.key.department.rawValue == "FSB-2" && $0.day.day < 28 && !fsb.contains($0.day.adding(days: 1)) }.sorted()[1]
        try ledger.database.write { db in
            try db.execute(sql: "UPDATE counters_by_day SET day = ? WHERE day = ? AND department = 'FSB-2'",
                           arguments: [moved.day.adding(days: 1).description, moved.day.description])
            #expect(db.changesCount == 1)
        }
        _ = try ledger.log("FSB-2", "2025-10-01")
        for report in [try ledger.verify(), try ledger.verify(since: checkpoint)] {
            #expect(report.faults.contains { $0.hasPrefix("counters by day FSB-2 period") && $0.contains(moved.day.description) }, "\(report.faults)")
            #expect(!report.faults.contains { $0.hasPrefix("counters by month FSB-2") })
        }
    }

    /// m011's `letting` through logs, settlements of every outcome, voided settlements (and
    /// the offer settled again), voided vacancies and voided settled offers over two years,
    /// in departments whose ids sort by number (ÆBL-9 before ÆBL-10) and carry a suffix: the
    /// triggers keep exactly the history's lettings (date, outcome, hash), the backfill writes
    /// the same, the export lists them in its order, and verify — full and since a checkpoint
    /// — names a row deleted, added or changed.
    @Test func keptLettingsAreTheHistorysAndTheExportReadsThem() throws {
        var state: UInt64 = 11
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
        let ledger = try memoryLedger()
        let departments = ["ÆBL-10", "ÆBL-9", "KAB-4B", "FSB-2"]
        try ledger.add("ÆBL-10", step: 1, atRisk: true)
        try ledger.add("ÆBL-9", step: 4)
        try ledger.add("KAB-4B", step: 1)
        try ledger.add("FSB-2", .area, step: 2)
        var date = day("2024-01-03")
        var offers: [Int64] = [], logged: [Int64] = []
        var resettled = 0
        while date < day("2025-12-20") {
            for _ in 0...next(2) {
                let report = try ledger.log(departments[next(departments.count)], date.description)
                logged.append(report.vacancy!)
                if report.offered { offers.append(report.vacancy!) }
            }
            if next(2) == 0, !offers.isEmpty {
                let offer = offers.remove(at: next(offers.count))
                let outcome: Outcome = [.referred, .rehoused, .returned][next(3)]
                if (try? ledger.settle(vacancy: offer, outcome: outcome, date: date.description, by: "t")) != nil, next(5) == 0,
                   (try? ledger.void(vacancy: offer, reason: "wrong answer", settlementOnly: true, force: false, by: "t")) != nil {
                    offers.append(offer)
                    resettled += 1
                }
            }
            if next(10) == 0 {
                _ = try? ledger.void(vacancy: logged[next(logged.count)], reason: "never vacant", settlementOnly: false, force: false, by: "t")
            }
            date = CivilDate(dayNumber: date.dayNumber + 1 + next(2))
        }
        struct Letting: Hashable { var vacancy: Int64; var date: String; var outcome: String?; var hash: String }
        func kept(_ db: Database) throws -> Set<Letting> {
            Set(try Row.fetchAll(db, sql: "SELECT vacancy_id, letting_date, outcome, hash FROM letting").map {
                Letting(vacancy: $0[0], date: $0[1], outcome: $0[2], hash: $0[3])
            })
        }
        let (stored, vacancies, hashes) = try ledger.database.read { db in
            (try kept(db), try Store.vacancies(db), try Store.journalHashes(db, kind: "vacancy"))
        }
        let lettings = vacancies.filter { $0.isActive && (!$0.offered || $0.settlement != nil) }
        let expected = Set(lettings.map {
            Letting(vacancy: $0.id, date: ($0.settlement?.date ?? $0.date).description, outcome: $0.outcome?.rawValue, hash: hashes[$0.id]!)
        })
        #expect(stored == expected)
        #expect(vacancies.contains { $0.voided != nil && $0.settlement != nil } && vacancies.contains { $0.offered && $0.settlement == nil }
                && resettled >= 2 && Set(lettings.compactMap(\.outcome)).count == 3, "\(resettled)")

        // The backfill (the migration's INSERT … SELECT) writes what the triggers kept.
        let sql = EmbeddedMigrations.all.first { $0.identifier == "m011_letting" }!.sql
        let insert = sql[sql.range(of: "INSERT INTO letting")!.lowerBound...].prefix { $0 != ";" }
        let backfilled = try ledger.database.write { db in
            try db.execute(sql: "DELETE FROM letting; " + insert)
            return try kept(db)
        }
        #expect(backfilled == expected)

        // The export lists each year's lettings in its order: letting date, then department
        // as `DepartmentID` sorts (ÆBL-9 before ÆBL-10), then number.
        for year in [2024, 2025] {
            let export = try ledger.export(year: year)
            let ids = lettings.filter { ($0.settlement?.date ?? $0.date).year == year }
                .sorted { a, b in
                    ((a.settlement?.date ?? a.date), a.department, a.number) < ((b.settlement?.date ?? b.date), b.department, b.number)
                }.map(\.id)
            #expect(export.lettings.map(\.vacancy) == ids)
            #expect(export.lettings.allSatisfy { $0.hash == hashes[$0.vacancy] })
            #expect(export.lettings.count > 100)
        }
        #expect(try ledger.verify().isClean)

        // Tampered rows, each named by a full verify and by one since a checkpoint (their
        // departments are touched after it).
        let checkpoint = try ledger.checkpoint()
        let victims = lettings.filter { $0.department.rawValue == "ÆBL-9" }
        let missing = victims[0], changed = victims[1]
        try ledger.database.write { db in
            try db.execute(sql: "DELETE FROM letting WHERE vacancy_id = ?", arguments: [missing.id])
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "UPDATE letting SET outcome = 'referred' WHERE vacancy_id = ?", arguments: [changed.id])
            }
            try db.execute(sql: """
                INSERT INTO letting SELECT '2025-12-31', organisation, department_number, department, number, vacancy_id,
                       outcome, staircase, step, policy_version, hash FROM letting WHERE vacancy_id = ?
                """, arguments: [changed.id])
        }
        _ = try ledger.log("ÆBL-9", "2025-12-30")
        for report in [try ledger.verify(), try ledger.verify(since: checkpoint)] {
            #expect(report.faults.contains("letting of vacancy \(changed.id) on 2025-12-31 is not the history's"), "\(report.faults)")
            #expect(report.faults.contains { $0.hasPrefix("letting holds ") && $0.contains(" true rows of ÆBL-9,") }, "\(report.faults)")
        }
    }

    /// `vacancies` reads a slimmer query than the records (`VacancyListing`): for every
    /// vacancy — settled, returned, voided, settled and voided, tightened — of the whole city,
    /// one department and a window, it lists what the full records list, in the same order.
    @Test func aListingIsWhatTheRecordShows() throws {
        let ledger = try memoryLedger()
        try ledger.add("ØBO-7", .area, step: 1, criteria: [.income, .employment])
        try ledger.add("AAB-1", step: 1, atRisk: true)
        try ledger.add("KAB-3", step: 3, reserved: 3)
        var offers: [Int64] = []
        for i in 0..<90 {
            let report = try ledger.log(["ØBO-7", "AAB-1", "KAB-3"][i % 3], "2024-0\(3 + i % 6)-\(10 + i % 18)",
                                        reservedUnit: i % 9 == 2 && i % 3 == 2)
            if report.offered { offers.append(report.vacancy!) }
        }
        _ = try ledger.settle(vacancy: offers[0], outcome: .returned, date: "2024-10-01", by: "t")
        _ = try ledger.settle(vacancy: offers[1], outcome: .referred, date: "2024-10-01", by: "t")
        _ = try ledger.settle(vacancy: offers[2], outcome: .rehoused, date: "2024-10-01", by: "t")
        _ = try ledger.void(vacancy: offers[1], reason: "wrong answer", settlementOnly: true, force: false, by: "t")
        _ = try ledger.void(vacancy: offers[2], reason: "never vacant", settlementOnly: false, force: false, by: "t")
        _ = try ledger.void(vacancy: 5, reason: "never vacant", settlementOnly: false, force: false, by: "t")
        for (department, window) in [(nil, nil), ("ØBO-7", nil), (nil, try AuditWindow(from: "2024-04-01", to: "2024-06-30"))] as [(String?, AuditWindow?)] {
            var listed: [VacancyListing] = []
            try ledger.vacancies(department: department, window: window) { listed.append($0) }
            let records = try ledger.vacancies(department: department, window: window)
            #expect(listed == records.map(VacancyListing.init), "\(department ?? "all") \(String(describing: window))")
            #expect(listed.count >= 20)
        }
        let all = try ledger.vacancies().map(VacancyListing.init)
        #expect(all.contains { $0.isVoided && $0.outcome != nil } && all.contains { $0.outcome == .returned && $0.currentRoute != .referral }
                && all.contains { !$0.currentCriteria.isEmpty } && all.contains { $0.ref == nil } && all.contains(where: \.reservedUnit))
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
