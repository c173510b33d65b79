import Foundation
import GRDB
import Testing
@testable import VacancyLedger

/// The schema as the last line of defence, the hash chain, and real files.
@Suite struct StoreTests {
    /// A ledger with one offer realised, one returned and a withheld dwelling.
    func populated() throws -> Ledger {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 1)
        for _ in 1...7 {
            let r = try ledger.log("AAB-1")
            if r.offered { _ = try ledger.settle(vacancy: r.vacancy!, outcome: r.number == 3 ? .referred : .returned, date: "2024-12-01", by: "t") }
        }
        return ledger
    }

    @Test(arguments: ["period", "policy_version", "organisation", "department", "placement", "vacancy", "settlement", "journal", "journal_kind"])
    func ledgerRowsAreAppendOnly(table: String) throws {
        let ledger = try populated()
        try ledger.database.write { db in
            #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM \(table)") }
            let column = try db.columns(in: table).last!.name
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE \(table) SET \(column) = \(column)") }
        }
    }

    /// `recorded_at` is written by hand; it must read as Foundation's ISO 8601 does, from
    /// the epoch to leap days, ends of years and the last second of a day.
    @Test(arguments: [0, 951_782_400, 1_704_067_199, 1_709_164_800, 1_735_689_599, 1_795_000_123, 4_102_444_799])
    func recordedAtReadsAsFoundationsISO8601(seconds: Int) {
        #expect(RecordedAt.format(secondsSince1970: seconds) == Date(timeIntervalSince1970: Double(seconds)).ISO8601Format())
    }

    @Test func recordedAtIsNow() throws {
        let before = Date().ISO8601Format()
        let stamp = RecordedAt.now()
        let after = Date().ISO8601Format()
        #expect(before <= stamp && stamp <= after)
    }

    @Test func correctionsAreAppendOnlyToo() throws {
        let ledger = try populated()
        _ = try ledger.void(vacancy: 2, reason: "test", settlementOnly: false, force: false, by: "t")
        try ledger.database.write { db in
            #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM correction") }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE correction SET reason = 'x'") }
        }
    }

    @Test func I1_theDatabaseRefusesCountersThatBreakIt() throws {
        let ledger = try populated()
        try ledger.database.write { db in
            // Counters move only with entries; a hand-made breach is refused by I1's CHECK.
            // Every other CHECK holds for this update (offered = realised, nothing pending,
            // returned or withheld), so only I1 can refuse it.
            let error = #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    UPDATE counters SET referred = vacancies, rehoused = 0, offered = vacancies, pending = 0, returned = 0,
                                        withheld_cap = 0, withheld_fourth = 0, withheld_exempt = 0
                    WHERE vacancies > 0
                    """)
            }
            #expect(error?.resultCode == .SQLITE_CONSTRAINT)
            #expect(error?.message?.contains("cap_every * (referred + rehoused) <= vacancies") == true, "\(String(describing: error))")
            // Within one in three the same kind of update is accepted: the CHECK is I1, not a blanket refusal.
            try db.execute(sql: "SAVEPOINT probe")
            try db.execute(sql: """
                UPDATE counters SET referred = vacancies / cap_every, rehoused = 0, offered = vacancies / cap_every, pending = 0,
                                    returned = 0, withheld_cap = 0, withheld_fourth = 0, withheld_exempt = 0
                """)
            try db.execute(sql: "ROLLBACK TO probe; RELEASE probe")
            #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM counters") }
        }
    }

    @Test func theDatabaseRefusesASecondActiveSettlementAndAnOfferlessOne() throws {
        let ledger = try populated()
        try ledger.database.write { db in
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO settlement (vacancy_id, outcome, settled_on, recorded_at, recorded_by) VALUES (3, 'returned', '2024-12-02', 'x', 'x')")
            }
            #expect(throws: DatabaseError.self) {  // vacancy 2 was not offered
                try db.execute(sql: "INSERT INTO settlement (vacancy_id, outcome, settled_on, recorded_at, recorded_by) VALUES (2, 'returned', '2024-12-02', 'x', 'x')")
            }
            #expect(throws: DatabaseError.self) {  // impossible date
                try db.execute(sql: "INSERT INTO period (starts, ends) VALUES ('2030-02-30', '2031-01-01')")
            }
            #expect(throws: DatabaseError.self) {  // overlapping period
                try db.execute(sql: "INSERT INTO period (starts, ends) VALUES ('2027-06-01', '2031-01-01')")
            }
        }
    }

    @Test func theDatabaseRefusesAPlacementWhoseFlagsDoNotFit() throws {
        let ledger = try populated()
        try ledger.database.write { db in
            _ = #expect(throws: DatabaseError.self) {
                try db.execute(sql: """
                    INSERT INTO placement (department, effective_from, staircase, step, base_step, at_risk, exempt, reserved, criteria, recorded_at, recorded_by)
                    VALUES ('AAB-1', '2026-01-01', 'area', 1, NULL, 1, 0, 0, '', 'x', 'x')
                    """)
            }
        }
    }

    @Test func verifyDetectsATamperedEntry() throws {
        let ledger = try populated()
        #expect(try ledger.verify().isClean)
        try ledger.database.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER vacancy_no_update")
            try db.execute(sql: "UPDATE vacancy SET unit = 'tampered' WHERE id = 2")
        }
        let report = try ledger.verify()
        #expect(report.faults.contains { $0.contains("vacancy 2 differs") })
    }

    @Test func verifyDetectsCountersThatDisagreeWithTheEntries() throws {
        let ledger = try populated()
        try ledger.database.write { db in try db.execute(sql: "UPDATE counters SET returned = returned + 1, offered = offered + 1") }
        #expect(try ledger.verify().faults.contains { $0.hasPrefix("counters AAB-1") })
    }

    @Test func hashChainLinksEveryEntry() throws {
        let ledger = try populated()
        let rows = try ledger.database.read { db in try Row.fetchAll(db, sql: "SELECT prev_hash, hash, kind, payload FROM journal ORDER BY seq") }
        #expect(rows.count > 10)
        var previous = Journal.genesisHash
        for row in rows {
            #expect(row[0] as String == previous)
            #expect(Journal.chainHash(previous: row[0], kind: row[2], payload: row[3]) == row[1] as String)
            previous = row[1]
        }
    }

    /// SQLite sorts the departments; the order must be `DepartmentID`'s own (numbers as
    /// numbers, Danish letters by their scalars), or audits and forecasts change order.
    @Test func departmentsComeInTheirIdentifiersOrder() throws {
        let ledger = try memoryLedger()
        let ids = ["AAB-10", "ØBO-7", "AAB-2B", "3B-1", "AAB-2", "ÆBL-1", "AAB-2A", "3B-10", "ÅKB-3", "3B-9", "AAB-100", "A-1", "AA-1"]
        for id in ids { try ledger.add(id, step: 1) }
        let stored = try ledger.database.read { db in try Store.departments(db).map(\.id) }
        let expected = ids.map { DepartmentID(stored: $0) }.sorted()
        #expect(stored.map(\.rawValue) == expected.map(\.rawValue))
        #expect(stored.map(\.rawValue).prefix(4) == ["3B-1", "3B-9", "3B-10", "A-1"])
    }

    @Test func realFileSurvivesReopeningAndOpensReadOnly() throws {
        let (ledger, path) = try fileLedger()
        try ledger.add("ØBO-7", step: 4)
        let logged = try ledger.log("ØBO-7", unit: "Åvej 1")
        let reader = try Ledger.open(path: path, readOnly: true)
        #expect(try reader.vacancy(logged.vacancy!).unit == "Åvej 1")
        expectError({ $0.category == .failure }) { _ = try reader.log("ØBO-7") }
        #expect(try reader.verify().isClean)
    }

    @Test func aDatabaseFromANewerVersionIsRefused() throws {
        let (ledger, path) = try fileLedger()
        try ledger.database.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('m999_from_the_future')")
        }
        expectError(isUnsupported) { _ = try Ledger.open(path: path, readOnly: false) }
        expectError(isUnsupported) { _ = try Ledger.open(path: path, readOnly: true) }
        expectError(isUnsupported) { _ = try Ledger.initialise(path: path, policySource: nil, by: "t") }
    }

    @Test func anOlderLedgerIsUpgradedByAWriterAndRefusedByAReaderUntilThen() throws {
        let dir = try temporaryFolder()
        let path = dir.appendingPathComponent("v1.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try LedgerDatabase.migrator.migrate(queue, upTo: "m001_initial")
        try queue.write { db in try db.execute(sql: "PRAGMA application_id = \(LedgerDatabase.applicationID)") }
        try queue.close()
        expectError(isUnsupported) { _ = try Ledger.open(path: path, readOnly: true) }
        let ledger = try Ledger.open(path: path, readOnly: false)
        #expect(try ledger.database.read { db in try LedgerDatabase.migrator.hasCompletedMigrations(db) })
        _ = try ledger.loadPolicy(source: Policy.defaultSource, by: "t")
        try ledger.add("AAB-1", step: 1)
        #expect(try Ledger.open(path: path, readOnly: true).verify().isClean)
    }

    @Test func aMissingOrForeignFileIsRefused() throws {
        let dir = try temporaryFolder()
        expectError(isUnsupported) { _ = try Ledger.open(path: dir.appendingPathComponent("none.sqlite").path, readOnly: false) }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("none.sqlite").path), "nothing created")
        let foreign = dir.appendingPathComponent("other.sqlite").path
        try DatabaseQueue(path: foreign).write { db in try db.execute(sql: "CREATE TABLE x (a)") }
        expectError(isUnsupported) { _ = try Ledger.initialise(path: foreign, policySource: nil, by: "t") }
        expectError(isUnsupported) { _ = try Ledger.open(path: foreign, readOnly: true) }
    }

    @Test func aCorrectionNeverLeavesHalfAnEntry() throws {
        // A write that fails in the middle (here: the journal refuses) rolls the vacancy back too.
        let ledger = try populated()
        let before = try ledger.verify()
        try ledger.database.write { db in
            try db.execute(sql: "CREATE TRIGGER fail_journal BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
        }
        expectError({ _ in true }) { _ = try ledger.log("AAB-1") }
        try ledger.database.write { db in try db.execute(sql: "DROP TRIGGER fail_journal") }
        let after = try ledger.verify()
        #expect(after.isClean && after.entries == before.entries)
        #expect(try ledger.department("AAB-1").counters[0].counters.vacancies == 7)
    }
}
