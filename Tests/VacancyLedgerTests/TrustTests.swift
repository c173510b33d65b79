import Foundation
import GRDB
import Testing
@testable import VacancyLedger

/// Tampering, checkpoints, backups, free text in the schema, and half-made files: what a
/// legal ledger must survive (issue 7).
@Suite struct TrustTests {
    /// A file ledger with a row in every ledger table: a period and policy, organisations,
    /// departments, placements with a computed basis, vacancies, a settlement and a correction.
    func everyTable() throws -> (Ledger, String) {
        let (ledger, path) = try fileLedger()
        try ledger.add("AAB-1", step: 1)
        try ledger.add("ØBO-7", step: 3)
        let csv = """
            department,residents,area_list,area_residents,outside_work_share,conviction_ratio,primary_school_only_share,income_ratio,referred_share,at_risk,exempt
            ØBO-7,900,none,3000,0.45,0.5,0.65,0.8,0.26,false,false
            """
        _ = try ledger.computePlacements(csv: csv, effective: "2024-03-01", dryRun: false, by: "test")
        for _ in 1...5 { _ = try ledger.log("AAB-1", "2024-06-01") }
        _ = try ledger.log("ØBO-7", "2024-06-02")
        _ = try ledger.settle(vacancy: 3, outcome: .referred, date: "2024-06-03", by: "test")
        _ = try ledger.void(vacancy: 2, reason: "logged twice", settlementOnly: false, force: false, by: "test")
        return (ledger, path)
    }

    /// Tables and the row each tamper targets: its first row (rowid order).
    static let tables = ["period", "policy_version", "organisation", "department", "placement", "placement_basis",
                         "vacancy", "settlement", "correction"]

    func tamper(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: sql)
        }
        try queue.close()
    }

    func entrySeq(_ ledger: Ledger, kind: String, rowID: Int64) throws -> Int64 {
        try #require(try ledger.database.read { db in
            try Int64.fetchOne(db, sql: "SELECT seq FROM journal WHERE kind = ? AND entity = ?", arguments: [kind, rowID])
        })
    }

    static func kind(of table: String) -> String { Journal.kinds.first { $0.table == table }!.name }

    @Test func aFreshLedgerChainsEveryRowOfEveryTable() throws {
        let (ledger, _) = try everyTable()
        let report = try ledger.verify()
        #expect(report.isClean, "\(report.faults)")
        try ledger.database.read { db in
            for table in Self.tables {
                let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
                let entries = try Int.fetchOne(db, sql: "SELECT count(*) FROM journal WHERE kind = ?", arguments: [Self.kind(of: table)]) ?? 0
                #expect(rows > 0, "the fixture has a \(table) row")
                #expect(entries == rows, "\(table): \(rows) rows, \(entries) entries")
            }
        }
    }

    @Test(arguments: tables)
    func editingARowIsNamedAtItsEntry(table: String) throws {
        let (ledger, path) = try everyTable()
        let rowID = try #require(try ledger.database.read { db in try Int64.fetchOne(db, sql: "SELECT min(rowid) FROM \(table)") })
        let seq = try entrySeq(ledger, kind: Self.kind(of: table), rowID: rowID)
        // A plausible edit of each table (one the table's own CHECKs accept).
        let edit = [
            "period": "ends = '2028-12-31'", "organisation": "code = 'ZZZ'", "department": "name = 'Forged'",
            "placement": "step = 4, base_step = 4", "placement_basis": "residents = residents + 1", "vacancy": "unit = 'forged'",
            "settlement": "outcome = 'rehoused'", "correction": "reason = 'forged'", "policy_version": "loaded_by = 'forged'",
        ][table]!
        try tamper(path, "DROP TRIGGER \(table)_no_update; UPDATE \(table) SET \(edit) WHERE rowid = \(rowID)")
        let report = try Ledger.open(path: path, readOnly: true).verify()
        #expect(report.firstBadEntry == seq, "\(report.faults)")
        #expect(report.faults.contains("journal \(seq): \(Self.kind(of: table)) \(rowID) differs from what was recorded"), "\(report.faults)")
        #expect(report.faults.contains("schema: trigger \(table)_no_update is missing"))
    }

    @Test(arguments: tables)
    func deletingARowIsNamedAtItsEntry(table: String) throws {
        let (ledger, path) = try everyTable()
        let rowID = try #require(try ledger.database.read { db in try Int64.fetchOne(db, sql: "SELECT max(rowid) FROM \(table)") })
        let seq = try entrySeq(ledger, kind: Self.kind(of: table), rowID: rowID)
        try tamper(path, "DROP TRIGGER \(table)_no_delete; DELETE FROM \(table) WHERE rowid = \(rowID)")
        let report = try Ledger.open(path: path, readOnly: true).verify()
        #expect(report.firstBadEntry == seq, "\(report.faults)")
        #expect(report.faults.first == "journal \(seq): \(Self.kind(of: table)) \(rowID) is missing from table \(table)", "\(report.faults)")
    }

    @Test(arguments: tables)
    func insertingARowOutsideTheLedgerIsNamed(table: String) throws {
        let (_, path) = try everyTable()
        // A row of each table written straight into the file, past the ledger (and past the
        // triggers that would refuse it as inconsistent).
        let insert = [
            "period": "INSERT INTO period (starts, ends) VALUES ('2030-01-01', '2031-12-31')",
            "policy_version": "INSERT INTO policy_version SELECT NULL, period_id, version + 10, name, cap_every, rehousing_every, content_json, 'f' || substr(content_hash, 2), source_text, loaded_at, loaded_by FROM policy_version LIMIT 1",
            "organisation": "INSERT INTO organisation (code) VALUES ('ZZZ')",
            "department": "INSERT INTO organisation (code) VALUES ('ZZZ'); INSERT INTO department VALUES ('ZZZ-1', 'ZZZ', 'Forged', 10, 't', 't', NULL)",
            "placement": "INSERT INTO placement SELECT NULL, department, '2025-06-01', staircase, step, base_step, at_risk, exempt, reserved, criteria, recorded_at, recorded_by, NULL FROM placement LIMIT 1",
            "placement_basis": "INSERT INTO placement_basis SELECT (SELECT min(id) FROM placement WHERE id NOT IN (SELECT placement_id FROM placement_basis)), residents, area_list, area_residents, outside_work_share, conviction_ratio, primary_school_only_share, income_ratio, referred_share, at_risk, exempt, need, reasons, non_western_share FROM placement_basis LIMIT 1",
            "vacancy": "INSERT INTO vacancy SELECT NULL, department, period_id, number + 100, vacancy_date, 'forged', NULL, reserved_unit, rehousing, pattern_route, route, fallback_route, offered, withheld, criteria, rules, placement_id, policy_version_id, at_vacancies, at_offered, at_pending, at_realised, at_returned, at_withheld, recorded_at, recorded_by, NULL FROM vacancy LIMIT 1",
            "settlement": "INSERT INTO settlement (vacancy_id, outcome, settled_on, recorded_at, recorded_by) SELECT vacancy_id, 'rehoused', settled_on, recorded_at, recorded_by FROM settlement LIMIT 1",
            "correction": "INSERT INTO correction VALUES (NULL, NULL, (SELECT min(id) FROM settlement), 'forged', 0, 't', 't', NULL)",
        ][table]!
        try tamper(path, """
            DROP TRIGGER IF EXISTS vacancy_consistent; DROP TRIGGER IF EXISTS settlement_valid; DROP TRIGGER IF EXISTS policy_version_sequence;
            DROP TRIGGER IF EXISTS placement_not_retroactive; DROP TRIGGER IF EXISTS correction_valid;
            DROP TRIGGER IF EXISTS counters_on_settlement; DROP TRIGGER IF EXISTS counters_on_settlement_void; DROP TRIGGER IF EXISTS counters_on_vacancy;
            DROP TRIGGER IF EXISTS letting_on_settlement;
            \(insert)
            """)
        let report = try Ledger.open(path: path, readOnly: true).verify()
        #expect(report.faults.contains { $0.hasPrefix("\(table) row ") && $0.hasSuffix("is not in the journal (written outside the ledger)") },
                "\(report.faults)")
    }

    @Test func reorderingEntriesIsNamedAtTheFirstMovedEntry() throws {
        let (ledger, path) = try everyTable()
        let head = try ledger.database.read { db in try Journal.head(db).seq }
        let a = head - 3, b = head - 2
        // Swap two entries' content, keeping each row's own hash: the chain breaks at `a`.
        try tamper(path, """
            DROP TRIGGER journal_no_update;
            UPDATE journal SET seq = -1 WHERE seq = \(a);
            UPDATE journal SET seq = \(a) WHERE seq = \(b);
            UPDATE journal SET seq = \(b) WHERE seq = -1;
            """)
        let report = try Ledger.open(path: path, readOnly: true).verify()
        #expect(report.firstBadEntry == a, "\(report.faults)")
        #expect(report.faults.first == "journal \(a): does not link to the entry before it", "\(report.faults)")
    }

    @Test func editingThePeriodEndIsCaughtAndItsVacanciesStayOutsideR7() throws {
        let (ledger, path) = try everyTable()
        try tamper(path, "DROP TRIGGER period_no_update; UPDATE period SET ends = '2028-12-31'")
        let report = try Ledger.open(path: path, readOnly: true).verify()
        let seq = try entrySeq(ledger, kind: "period", rowID: 1)
        #expect(report.firstBadEntry == seq && !report.isClean, "\(report.faults)")
    }

    /// Rewriting a row and rehashing every later entry (and restoring the dropped trigger)
    /// passes a plain `verify`: an unkeyed chain cannot see it. An older checkpoint does.
    @Test func aRewriteAndRehashIsCaughtByAnOlderCheckpoint() throws {
        let (ledger, path) = try everyTable()
        let (privateFile, publicFile, publicKey) = CheckpointKey.generate()
        let checkpoint = try ledger.checkpoint(keyFileText: privateFile)
        #expect(checkpoint.hasValidSignature && checkpoint.publicKey == publicKey)
        #expect(try ledger.verify(checkpoints: [checkpoint], trustedKey: publicKey).isClean)
        _ = try ledger.log("AAB-1", "2024-07-01")  // the ledger goes on after the checkpoint

        let vacancySeq = try entrySeq(ledger, kind: "vacancy", rowID: 1)
        let trigger = try #require(LedgerDatabase.expectedSchema.first { $0.name == "vacancy_no_update" }?.sql)
        let journalTrigger = try #require(LedgerDatabase.expectedSchema.first { $0.name == "journal_no_update" }?.sql)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER vacancy_no_update; DROP TRIGGER journal_no_update")
            try db.execute(sql: "UPDATE vacancy SET unit = 'forged' WHERE id = 1")
            var previous = try #require(try String.fetchOne(db, sql: "SELECT prev_hash FROM journal WHERE seq = ?", arguments: [vacancySeq]))
            for row in try Row.fetchAll(db, sql: "SELECT seq, kind, entity FROM journal WHERE seq >= ? ORDER BY seq", arguments: [vacancySeq]) {
                let kind = Journal.kind(row["kind"])
                let payload = try #require(try Journal.payload(db, kind, rowID: row["entity"]))
                let hash = Journal.chainHash(previous: previous, kind: kind.name, payload: payload)
                try db.execute(sql: "UPDATE journal SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                               arguments: [payload, previous, hash, row["seq"]])
                previous = hash
            }
            // The export's kept lettings (m011) carry the vacancies' hashes: rewritten too.
            try db.execute(sql: "DROP TRIGGER letting_no_update")
            try db.execute(sql: "UPDATE letting SET hash = (SELECT hash FROM journal WHERE kind = 'vacancy' AND entity = vacancy_id)")
            try db.execute(sql: try #require(LedgerDatabase.expectedSchema.first { $0.name == "letting_no_update" }?.sql))
            try db.execute(sql: trigger)
            try db.execute(sql: journalTrigger)
        }
        try queue.close()
        let reader = try Ledger.open(path: path, readOnly: true)
        #expect(try reader.verify().isClean, "the rewrite is invisible without a checkpoint")
        let caught = try reader.verify(checkpoints: [checkpoint], trustedKey: publicKey)
        #expect(caught.faults.contains { $0.contains("the history up to it was rewritten") }, "\(caught.faults)")

        // A forged checkpoint (the attacker's own head, signed with the attacker's key) is
        // not trusted; one with the head edited fails its signature.
        let forgedKey = CheckpointKey.generate()
        let forged = try reader.checkpoint(keyFileText: forgedKey.privateFile)
        #expect(try reader.verify(checkpoints: [forged], trustedKey: publicKey).faults.contains { $0.contains("not signed by the trusted key") })
        var edited = checkpoint
        edited.head = forged.head
        #expect(try reader.verify(checkpoints: [edited]).faults.contains { $0.contains("signature is not valid") })
        #expect(try CheckpointKey.publicKey(fromFileText: publicFile, file: "k.pub") == publicKey)
    }

    @Test func aCheckpointLineReadsBackAndCountsEntriesByKind() throws {
        let (ledger, _) = try everyTable()
        let checkpoint = try ledger.checkpoint()
        #expect(checkpoint.signature == nil && checkpoint.counts["vacancy"] == 6 && checkpoint.counts["correction"] == 1)
        #expect(Checkpoint(line: checkpoint.line) == checkpoint)
        #expect(!checkpoint.line.contains("\n"))
        #expect(throws: LedgerError.self) { try Checkpoint.all(in: "not a checkpoint\n", file: "x") }
    }

    @Test func aBackupWhileAClerkWritesPassesVerifyAndRestores() throws {
        let (ledger, path) = try everyTable()
        let writer = try Ledger.open(path: path, readOnly: false)
        let backupPath = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("copy.sqlite").path
        let logged = Mutex(0)
        let clerk = Thread {
            for i in 0..<60 { if (try? writer.log("AAB-1", "2024-08-01", unit: "bg\(i)")) != nil { logged.withLock { $0 += 1 } } }
        }
        clerk.start()
        let copy = try ledger.backup(to: backupPath)
        while !clerk.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        #expect(logged.withLock { $0 } == 60, "the clerk was never blocked out")
        let restored = try Ledger.open(path: backupPath, readOnly: true)
        let report = try restored.verify()
        #expect(report.isClean && Int64(report.entries) == copy.entries, "\(report.faults)")
        #expect(try ledger.verify().entries >= report.entries)
        // Restore: the copy is a ledger that takes new entries.
        let reopened = try Ledger.open(path: backupPath, readOnly: false)
        _ = try reopened.log("AAB-1", "2024-09-01", unit: "after-restore")
        #expect(try reopened.verify().isClean)
        // Never over an existing file, and never over the ledger.
        #expect(throws: LedgerError.self) { _ = try ledger.backup(to: backupPath) }
        #expect(throws: LedgerError.self) { _ = try ledger.backup(to: path) }
    }

    @Test func theDatabaseRefusesControlCharactersAndBlankTextThatBypassTheCode() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 2)
        _ = try ledger.log("AAB-1", unit: "1")
        // (A NUL in a bound Swift string ends the text at SQLite's binding; the code refuses it first.)
        let bad = ["a\nb", "\u{1B}[31m", "x\u{202E}y", "x\u{85}y", " padded", "", String(repeating: "u", count: 101)]
        try ledger.database.write { db in
            for unit in bad {
                #expect(throws: DatabaseError.self, "unit \(TextRules.shown(unit))") {
                    try db.execute(sql: "INSERT INTO vacancy SELECT NULL, department, period_id, number + 1, vacancy_date, ?, NULL, reserved_unit, 0, pattern_route, route, fallback_route, offered, withheld, criteria, rules, placement_id, policy_version_id, at_vacancies, at_offered, at_pending, at_realised, at_returned, at_withheld, recorded_at, recorded_by, NULL FROM vacancy WHERE id = 1", arguments: [unit])
                }
            }
            // The same statement with a clean unit is accepted: the refusals above are the text rules.
            try db.execute(sql: "SAVEPOINT probe")
            try db.execute(sql: "INSERT INTO vacancy SELECT NULL, department, period_id, number + 1, vacancy_date, 'Ågade 2', NULL, reserved_unit, 0, pattern_route, route, fallback_route, offered, withheld, criteria, rules, placement_id, policy_version_id, at_vacancies, at_offered, at_pending, at_realised, at_returned, at_withheld, recorded_at, recorded_by, NULL FROM vacancy WHERE id = 1")
            try db.execute(sql: "ROLLBACK TO probe; RELEASE probe")
        }
    }

    @Test func textRulesTrimNormaliseAndRefuseWithOneShortLine() throws {
        #expect(try TextRules.require("  Søren Ågård ", .clerk) == "Søren Ågård")
        #expect(try TextRules.require("A\u{030A}se", .name) == "Åse", "NFC")
        for bad in ["", "   ", "a\nb", "\u{7}", "\u{9B}", "x\u{2028}y", "x\u{2066}y", "a\0b", String(repeating: "æ", count: 101)] {
            do {
                _ = try TextRules.require(bad, .clerk)
                Issue.record("accepted \(TextRules.shown(bad))")
            } catch let error as LedgerError {
                guard case .invalid(.clerk, let value, .text(maxLength: 100, _)) = error else { Issue.record("\(error)"); continue }
                #expect(value == bad, "the error carries the value as given")
            }
        }
        let huge = "bad value " + String(repeating: "x", count: 100_000) + " (accepted: this)"
        let line = TextRules.oneLine(huge)
        #expect(line.count < 450 && line.hasSuffix("(accepted: this)") && line.contains("…"))
        #expect(TextRules.oneLine("a\nb\u{1B}") == "a\\nb\\u{1B}")
        #expect(throws: LedgerError.self) { _ = try Ledger.parseDate("0001-01-01", .from) }
        #expect(throws: LedgerError.self) { _ = try AuditWindow(year: 9999) }
    }

    /// `trimmingWhitespace` removes exactly what Foundation's `trimmingCharacters` removes,
    /// for every Unicode scalar before, after and inside text; the ASCII shortcut of
    /// `isIdentifierCharacter` agrees with Unicode's properties.
    @Test func textRulesTrimLikeFoundation() throws {
        var checked = 0
        for value in 0...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            // Every scalar of the planes where white space lives; a sample of the rest.
            guard value < 0x3100 || value % 97 == 0 || [0xFEFF, 0xFFFE].contains(value) else { continue }
            let c = String(scalar)
            for text in [c + "Ærø 7" + c, " " + c + c + "\t", c] {
                #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines),
                        "U+\(String(value, radix: 16)) and newlines")
                #expect(text.trimmingWhitespace(newlines: false) == text.trimmingCharacters(in: .whitespaces),
                        "U+\(String(value, radix: 16))")
            }
            checked += 1
        }
        #expect(checked > 20_000)
        for value in 0..<0x80 {
            let scalar = Unicode.Scalar(UInt8(value))
            let byProperties = scalar == " " || TextRules.identifierPunctuation.unicodeScalars.contains(scalar)
                || scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
            #expect(TextRules.isIdentifierCharacter(scalar) == byProperties, "\(value)")
        }
        #expect(TextRules.isIdentifierCharacter("Æ") && TextRules.isIdentifierCharacter("٣") && !TextRules.isIdentifierCharacter("€"))
    }

    // MARK: Half-made and older files

    @Test func initFinishesAFileThatAnOlderInitLeftHalfMade() throws {
        for upTo in [nil, "m001_initial", "m002_placement_basis"] as [String?] {
            let dir = try temporaryFolder("vl-half")
            let path = dir.appendingPathComponent("ledger.sqlite").path
            let queue = try DatabaseQueue(path: path)
            if let upTo {
                try LedgerDatabase.migrator.migrate(queue, upTo: upTo)  // tables, but application_id still 0
            } else {
                try queue.write { db in try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)") }
            }
            try queue.close()
            #expect(throws: LedgerError.self) { _ = try Ledger.open(path: path, readOnly: true) }
            let (ledger, load) = try Ledger.initialise(path: path, policySource: nil, by: "test")
            #expect(load == .added(name: "copenhagen-2024", version: 1))
            #expect(try ledger.verify().isClean)
        }
    }

    @Test func initRefusesAForeignDatabaseAndAFileWithEntriesButNoMark() throws {
        let dir = try temporaryFolder("vl-foreign")
        let path = dir.appendingPathComponent("other.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY)") }
        try queue.close()
        let error = expectError(isUnsupported) { _ = try Ledger.initialise(path: path, policySource: nil, by: "t") }
        #expect(error == .notALedger(path: path))
        let tables = try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(tables == ["invoices"], "nothing written")
    }

    /// A ledger written by the previous release (schema m002, before every table was
    /// chained): m003 keeps every old hash and chains the rows it had left out.
    @Test func aLedgerOfThePreviousReleaseUpgradesKeepingEveryHash() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/ledger-m002.sqlite")
        let dir = try temporaryFolder("vl-upgrade")
        let path = dir.appendingPathComponent("ledger.sqlite").path
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        let old = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
        let oldHashes = try old.read { db in try String.fetchAll(db, sql: "SELECT hash FROM journal ORDER BY seq") }
        let oldKinds = try old.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT kind FROM journal") }
        try old.close()
        #expect(!oldHashes.isEmpty && !oldKinds.contains("period"))
        let ledger = try Ledger.open(path: path, readOnly: false)
        let report = try ledger.verify()
        #expect(report.isClean, "\(report.faults)")
        let kept = try ledger.database.read { db in
            try String.fetchAll(db, sql: "SELECT hash FROM journal ORDER BY seq LIMIT ?", arguments: [oldHashes.count])
        }
        #expect(kept == oldHashes, "every hash of the previous release is kept")
        for kind in ["period", "organisation", "placement_basis"] {
            let chained = try ledger.database.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM journal WHERE kind = ?", arguments: [kind]) ?? 0
            }
            #expect(chained > 0, "\(kind) chained")
        }
        _ = try ledger.log("AAB-15", "2025-03-01", unit: "new")
        #expect(try ledger.verify().isClean)
    }

    /// A ledger written by the release before m012, whose totals rule let in an answer that
    /// breaks one in three by dates: `rehoused` on 2024-02-06 with 2 realised of 5 vacancies
    /// dated by then (of 6 in all). On upgrade it shows as `breach` and as a `verify`
    /// finding; nothing is rewritten, and a vacancy dated before the breach heals it.
    @Test func I1_anUpgradedLedgerShowsTheDatedBreachItsOldTotalsRuleLetIn() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ledger-m011-dated-breach.sqlite")
        let dir = try temporaryFolder("vl-upgrade")
        let path = dir.appendingPathComponent("ledger.sqlite").path
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        let old = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
        let oldJournal = try old.read { db in try String.fetchAll(db, sql: "SELECT hash FROM journal ORDER BY seq") }
        try old.close()
        let ledger = try Ledger.open(path: path, readOnly: false)
        let row = try #require(try ledger.audit().departmentRows.first)
        #expect(row.status == .breach && row.firstBreach == day("2024-02-06") && row.counters.realised == 2
                && row.counters.vacancies == 6, "the totals (2 of 6) hide it")
        let report = try ledger.verify()
        #expect(report.isClean, "a breach is a finding, not a fault: \(report.faults)")
        #expect(report.breaches.map(\.firstDate) == [day("2024-02-06")])
        let kept = try ledger.database.read { db in try String.fetchAll(db, sql: "SELECT hash FROM journal ORDER BY seq") }
        #expect(kept == oldJournal, "nothing rewritten, nothing added")
        _ = try ledger.log("AAB-15", "2024-02-04", unit: "late")
        #expect(try ledger.audit().departmentRows[0].status != .breach)
        #expect(try ledger.verify().isClean && ledger.verify().breaches.isEmpty)
    }
}

/// A value shared between threads in a test.
final class Mutex<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T { lock.lock(); defer { lock.unlock() }; return body(&value) }
}
