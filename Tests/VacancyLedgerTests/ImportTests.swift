import Foundation
import Testing
@testable import VacancyLedger

/// `import` (issue 9): the same decisions as logging one by one, idempotent, all or nothing
/// on bad data, refusals and disagreements listed.
@Suite struct ImportTests {
    static let header = "ref,department,unit,date,reserved_unit,outcome,settled_on,recorded_route,by"

    /// A seeded stream over three departments (steps 1, 2 and 4) with answers.
    static func stream(seed: UInt64, rows: Int) -> [[String]] {
        var state = seed
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        var lines: [[String]] = []
        for i in 0..<rows {
            let department = ["AAB-1", "FSB-2", "KAB-4"][Int(next() % 3)]
            let day = CivilDate(year: 2024, month: 1, day: 1)!.adding(days: Int(next() % 700))
            let answer = Int(next() % 4)
            let outcome = answer == 0 ? "" : ["referred", "rehoused", "returned"][answer - 1]
            let settled = outcome.isEmpty ? "" : day.adding(days: Int(next() % 30)).description
            lines.append(["R\(i)", department, "u\(i)", day.description, "false", outcome, settled, "", ""])
        }
        return lines
    }

    static func csv(_ rows: [[String]]) -> String {
        ([header] + rows.map { $0.joined(separator: ",") }).joined(separator: "\n") + "\n"
    }

    /// The rows' events by hand, in the import's documented order (date, loggings first on a
    /// day, then line): each vacancy logged, each answer to an offered one settled, S1's
    /// refusals counted. The vacancy id of each row, and the answers settled and refused.
    static func replayInDateOrder(_ rows: [[String]], into ledger: Ledger, by: String) throws
        -> (ids: [Int: Int64], settled: Int, refused: Int) {
        var events: [(date: String, kind: Int, line: Int)] = []
        for (i, row) in rows.enumerated() {
            events.append((row[3], 0, i))
            if !row[5].isEmpty { events.append((row[6], 1, i)) }
        }
        events.sort { ($0.date, $0.kind, $0.line) < ($1.date, $1.kind, $1.line) }
        var ids: [Int: Int64] = [:]
        var settled = 0, refused = 0
        for event in events {
            let row = rows[event.line]
            if event.kind == 0 {
                ids[event.line] = try ledger.log(LogRequest(department: row[1], unit: row[2], date: row[3], ref: row[0], by: by)).vacancy
            } else if try ledger.vacancy(ids[event.line]!).offered {
                do {
                    _ = try ledger.settle(vacancy: ids[event.line]!, outcome: Outcome(rawValue: row[5])!, date: row[6], by: by)
                    settled += 1
                } catch let error as LedgerError where error.rule == .S1 { refused += 1 }
            }
        }
        return (ids, settled, refused)
    }

    func ledger() throws -> Ledger {
        let ledger = try memoryLedger()
        try ledger.add("AAB-1", step: 1, atRisk: true)
        try ledger.add("FSB-2", step: 2, exempt: true)
        try ledger.add("KAB-4", step: 4)
        return ledger
    }

    /// Stopped before a batch (the service: its client went away): whole batches only, and
    /// a rerun gives the ledger one uninterrupted import gives.
    @Test func anImportStoppedBetweenBatchesKeepsWholeBatchesAndARerunFinishesIt() throws {
        let rows = Self.stream(seed: 11, rows: 200)
        let stopped = try ledger()
        var turns = 0
        let stopAfterThree = ImportTurns(write: { turn in turns += 1; try turn() }, stop: { turns >= 3 })
        #expect(throws: LedgerError.interrupted) {
            _ = try stopped.importVacancies(ImportRequest(text: Self.csv(rows), by: "import", batchSize: 25), turns: stopAfterThree)
        }
        let partial = try stopped.vacancies().count
        #expect(partial > 0 && partial <= 75 && partial < rows.count, "three batches of 25 events at most: \(partial)")
        #expect(try stopped.verify().isClean)
        let rerun = try stopped.importVacancies(ImportRequest(text: Self.csv(rows), by: "import", batchSize: 25))
        #expect(rerun.alreadyPresent == partial && rerun.added == rows.count - partial)
        let whole = try ledger()
        _ = try whole.importVacancies(ImportRequest(text: Self.csv(rows), by: "import", batchSize: 25))
        let shape = { (v: VacancyRecord) in "\(v.department) \(v.number) \(v.decidedRoute.rawValue) \(v.settlement?.outcome.rawValue ?? "-")" }
        #expect(try stopped.vacancies().map(shape) == whole.vacancies().map(shape))
    }

    @Test func importingEqualsLoggingAndSettlingOneByOne() throws {
        let rows = Self.stream(seed: 7, rows: 300)
        let imported = try ledger()
        let summary = try imported.importVacancies(ImportRequest(text: Self.csv(rows), by: "import", batchSize: 37))
        #expect(summary.added == 300 && summary.alreadyPresent == 0)

        let byHand = try ledger()
        let (ids, settled, refused) = try Self.replayInDateOrder(rows, into: byHand, by: "t")
        #expect(summary.settled == settled && summary.refused == refused)
        #expect(summary.listed.filter { $0.kind == .refused }.count == refused)
        for (i, row) in rows.enumerated() {
            let a = try imported.vacancy(ids[i]!), b = try byHand.vacancy(ids[i]!)
            #expect(a.number == b.number && a.route == b.route && a.rules == b.rules && a.outcome == b.outcome
                    && a.withheld == b.withheld && a.ref == row[0], "\(row[0])")
        }
        #expect(try imported.audit().rows.map(\.counters) == byHand.audit().rows.map(\.counters))
        #expect(try imported.verify().isClean)
    }

    @Test func aSecondImportAddsNothingAndAnExtendedFileOnlyWhatIsNew() throws {
        let ledger = try ledger()
        var rows = Self.stream(seed: 11, rows: 120)
        let unanswered = rows.map { row -> [String] in var r = row; r[5] = ""; r[6] = ""; return r }
        let first = try ledger.importVacancies(ImportRequest(text: Self.csv(unanswered), by: "import"))
        #expect(first.added == 120 && first.settled == 0)
        let entries = try ledger.verify().entries
        let again = try ledger.importVacancies(ImportRequest(text: Self.csv(unanswered), by: "import"))
        #expect(again.added == 0 && again.alreadyPresent == 120 && again.settled == 0)
        #expect(try ledger.verify().entries == entries, "the same file twice adds nothing")
        // The extended file: the answers to the old rows and 30 new rows.
        rows += Self.stream(seed: 12, rows: 30).map { row -> [String] in var r = row; r[0] = "N" + r[0]; r[2] = "n" + r[2]; return r }
        let extended = try ledger.importVacancies(ImportRequest(text: Self.csv(rows), by: "import"))
        #expect(extended.added == 30 && extended.alreadyPresent == 120)
        #expect(extended.settled + extended.refused + extended.listed.filter { $0.kind == .notOffered }.count
                == rows.filter { !$0[5].isEmpty }.count)
        let third = try ledger.importVacancies(ImportRequest(text: Self.csv(rows), by: "import"))
        #expect(third.added == 0 && third.settled == 0, "answers already recorded are not applied again")
        #expect(try ledger.verify().isClean)
    }

    @Test func aBadLineRejectsTheWholeFileListingEveryBadLine() throws {
        let ledger = try ledger()
        let entries = try ledger.verify().entries
        var rows = Self.stream(seed: 3, rows: 20)
        rows[4][3] = "2025-02-30"          // line 6: impossible date
        rows[9][1] = "AAB-99"              // line 11: unknown department
        rows[13][5] = "maybe"              // line 15: outcome
        rows[15][6] = ""; rows[15][5] = "referred"   // line 17: outcome without settled_on
        let error = expectError(isBadInput) { _ = try ledger.importVacancies(ImportRequest(text: Self.csv(rows), by: "i")) }
        guard case .importRejected(let errors)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(Set(errors.map(ImportFile.line(of:))) == [6, 11, 15, 17], "\(errors)")
        #expect(errors.contains(.atLine(11, .unknownDepartment(DepartmentID("AAB-99")!))))
        #expect(try ledger.verify().entries == entries, "nothing written")
    }

    @Test func disagreementsS1RefusalsAndUnofferedAnswersAreListedExactly() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-15", step: 1, atRisk: true)
        // Step 1: numbers 1 (cap), 2 flexible, 3 offer, 4 ordinary, 5 offer (RULES.md Example A's start).
        let text = """
            ref,department,unit,date,outcome,settled_on,recorded_route
            A1,AAB-15,1,2024-03-01,,,flexible
            A2,AAB-15,2,2024-03-02,,,ordinary
            A3,AAB-15,3,2024-03-03,referred,2024-03-05,referral
            A4,AAB-15,4,2024-03-04,,,ordinary
            A5,AAB-15,5,2024-03-05,rehoused,2024-03-06,referral
            A6,AAB-15,6,2024-03-07,returned,2024-03-08,
            """
        let summary = try ledger.importVacancies(ImportRequest(text: text, by: "i"))
        #expect(summary.added == 6 && summary.settled == 1 && summary.refused == 1 && summary.disagreements == 1)
        #expect(summary.listed == [
            ImportListing(line: 3, ref: "A2", kind: .disagreement, fileSaid: "ordinary", rulesSaid: "flexible", rules: [.R4]),
            ImportListing(line: 6, ref: "A5", kind: .refused, fileSaid: "rehoused on 2024-03-06",
                          rulesSaid: "refused: one in three would break; the offer stays pending", rules: [.S1]),
            ImportListing(line: 7, ref: "A6", kind: .notOffered, fileSaid: "returned on 2024-03-08",
                          rulesSaid: "not offered: route flexible", rules: [.R4]),
        ])
        // A5's recorded route was referral and it stays a pending offer: no disagreement.
        #expect(try ledger.vacancy(5).outcome == nil && ledger.vacancy(5).offered)
    }

    @Test func aDryRunReportsTheSameAndWritesNothing() throws {
        let ledger = try ledger()
        let text = Self.csv(Self.stream(seed: 5, rows: 80))
        let entries = try ledger.verify().entries
        let dry = try ledger.importVacancies(ImportRequest(text: text, dryRun: true, by: "i"))
        #expect(try ledger.verify().entries == entries, "nothing written")
        let real = try ledger.importVacancies(ImportRequest(text: text, by: "i"))
        #expect(dry.added == real.added && dry.settled == real.settled && dry.refused == real.refused && dry.listed == real.listed)
        #expect(dry.added == 80)
    }

    /// A file is read a piece at a time (a megabyte; here a few bytes, so records straddle
    /// many pieces): quoted commas and quoted line ends must read exactly as the same text
    /// in memory, and a file imports as its text does.
    @Test func aFileReadInPiecesReadsAsTheSameTextInMemory() throws {
        var rows = Self.stream(seed: 11, rows: 300)
        for i in rows.indices where i % 7 == 0 { rows[i][2] = "\"Blok \(i), opgang \(i % 5)\"" }
        rows[100][2] = "\"Blok\nA, \"\"B\"\"\""
        let text = Self.csv(rows)
        let dir = try temporaryFolder("vl-pieces")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("v.csv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        func read(_ source: CSVSource, pieceSize: Int = 1 << 20) throws -> [String] {
            var cells: [String] = []
            try CSVTable.forEachRow(source, anyOrder: ImportFile.required, optional: ImportFile.optional, field: .importFile,
                                    pieceSize: pieceSize, bad: { Issue.record("\($0)") }) { row in
                cells.append("\(row.line)|\(row.cell("ref"))|\(row.cell("unit"))|\(row.cell("settled_on"))")
            }
            return cells
        }
        let expected = try read(.text(text))
        #expect(expected.count == 300 && expected[100] == "102|R100|Blok\nA, \"B\"|\(rows[100][6])")
        for pieceSize in [1, 7, 64, 1000, 1 << 20] {
            #expect(try read(.file(path: file.path), pieceSize: pieceSize) == expected, "pieces of \(pieceSize) bytes")
        }
        rows[100][2] = "u100"
        try Self.csv(rows).write(to: file, atomically: true, encoding: .utf8)
        let fromFile = try ledger(), fromText = try ledger()
        let a = try fromFile.importVacancies(ImportRequest(source: .file(path: file.path), by: "i"))
        let b = try fromText.importVacancies(ImportRequest(text: Self.csv(rows), by: "i"))
        #expect(a.rows == 300 && a.added == 300)
        #expect(a.fileSHA256 == b.fileSHA256 && a.settled == b.settled && a.refused == b.refused && a.listed == b.listed)
        #expect(try fromFile.vacancies().map(\.unit) == fromText.vacancies().map(\.unit))
    }

    /// The import keeps what the rules read in memory between batches; a clerk logging
    /// through another connection between two batches must be seen (SQLite's data_version),
    /// or the import would reuse her vacancy's number and its trigger would refuse the entry.
    @Test func aClerkLoggingBetweenBatchesIsSeenByTheNextBatch() throws {
        let (ledger, path) = try fileLedger()
        try ledger.add("AAB-1", step: 1, atRisk: true)
        try ledger.add("FSB-2", step: 2, exempt: true)
        try ledger.add("KAB-4", step: 4)
        let clerk = try Ledger.open(path: path, readOnly: false)
        var logged = 0
        let rows = Self.stream(seed: 21, rows: 120)
        let summary = try ledger.importVacancies(ImportRequest(text: Self.csv(rows), by: "import", batchSize: 10)) { done, total in
            guard done < total else { return }
            logged += 1
            _ = try? clerk.log(LogRequest(department: ["AAB-1", "FSB-2", "KAB-4"][logged % 3], unit: "clerk-\(logged)",
                                          date: "2025-12-31", by: "clerk"))
        }
        #expect(logged >= 10 && summary.added == 120)
        #expect(try clerk.vacancies().filter { $0.recordedBy == "clerk" }.count == logged, "every clerk's log went in")
        for department in ["AAB-1", "FSB-2", "KAB-4"] {
            let numbers = try ledger.vacancies(department: department).map(\.number)
            #expect(numbers.sorted() == Array(1...numbers.count), "\(department): one number each")
        }
        #expect(try ledger.verify().isClean)
    }

    @Test func eachImportedVacancyRecordsItsFileAndLine() throws {
        let ledger = try ledger()
        let text = Self.csv(Self.stream(seed: 9, rows: 5))
        let summary = try ledger.importVacancies(ImportRequest(text: text, by: "i"))
        let lines = try ledger.database.read { db in
            try Int.fetchAll(db, sql: "SELECT line FROM import_line WHERE file_sha256 = ? ORDER BY line", arguments: [summary.fileSHA256])
        }
        #expect(lines == [2, 3, 4, 5, 6])
        #expect(try ledger.verify().isClean, "import_line rows are chained")
    }
}

/// `vacancy-ledger import` as a clerk runs it.
@Suite(.serialized) struct ImportCLITests {
    func setUp(_ cli: CLITests) throws {
        #expect(try cli.run("init").code == 0)
        for (id, step) in [("AAB-1", "1"), ("FSB-2", "2"), ("KAB-4", "4")] {
            #expect(try cli.run("department", "add", id, "--name", "Afdeling \(id)", "--units", "900", "--staircase", "department", "--step", step).code == 0)
        }
    }

    @Test func importPrintsTheSummaryWritesTheReportAndRejectsBadFiles() throws {
        let cli = try CLITests(fixedNow: "2026-01-01T00:00:00Z")
        try setUp(cli)
        let file = cli.dir.appendingPathComponent("feed.csv")
        var rows = ImportTests.stream(seed: 21, rows: 60)
        rows[0][7] = rows[0][7].isEmpty ? "ordinary" : rows[0][7]   // a recorded route to compare
        try Data(ImportTests.csv(rows).utf8).write(to: file)
        let dry = try cli.run("import", file.path, "--dry-run", "--format", "json")
        #expect(dry.code == 0 && dry.json["dryRun"] as? Bool == true && dry.json["added"] as? Int == 60, "\(dry.stderr)")
        #expect(dry.stderr.hasPrefix("dry run, nothing written: 60 added, 0 already present"), "\(dry.stderr)")
        let first = try cli.run("import", file.path, "--report", "report.csv")
        #expect(first.code == 0 && first.stderr.hasPrefix("60 added, 0 already present, "), "\(first.stderr)")
        let report = try String(contentsOf: cli.dir.appendingPathComponent("report.csv"), encoding: .utf8)
        #expect(report.hasPrefix("line,ref,kind,fileSaid,rulesSaid,rules"))
        // Standard input, Excel's semicolons and a BOM: the same file again adds nothing.
        let excel = "\u{FEFF}" + ImportTests.csv(rows).replacingOccurrences(of: ",", with: ";")
        try Data(excel.utf8).write(to: cli.dir.appendingPathComponent("excel.csv"))
        let again = try cli.run("import", cli.dir.appendingPathComponent("excel.csv").path)
        #expect(again.code == 0 && again.stderr.hasPrefix("0 added, 60 already present, 0 settled"), "\(again.stderr)")
        // A bad file: exit 65, one error line, nothing written.
        let entries = try cli.journalEntries()
        rows[3][3] = "2024-13-01"
        try Data(ImportTests.csv(rows).utf8).write(to: file)
        cli.expectFailure(try cli.run("import", file.path), code: 65, mentions: "line 5, column date")
        #expect(try cli.journalEntries() == entries)
        #expect(try cli.run("verify").code == 0)
    }

    /// SIGKILL while an export is being written: the report is whole or absent, and no
    /// half-written temporary file is left in the folder.
    @Test func aKilledExportLeavesNothingBehind() throws {
        let cli = try CLITests(fixedNow: "2026-01-01T00:00:00Z")
        try setUp(cli)
        let feed = cli.dir.appendingPathComponent("feed.csv")
        try Data(ImportTests.csv(ImportTests.stream(seed: 7, rows: 1500)).utf8).write(to: feed)
        #expect(try cli.run("import", feed.path, "--batch-size", "500").code == 0)
        let out = cli.dir.appendingPathComponent("lettings.csv").path
        let export = ["export", "--year", "2024", "--format", "csv", "-o", out]
        let started = Date()
        #expect(try cli.run(export).code == 0)
        // Kills are drawn within this build's own export time (debug or release).
        let seconds = Date().timeIntervalSince(started)
        let whole = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(whole.count > 50_000)
        try FileManager.default.removeItem(atPath: out)
        func strayFiles() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: cli.dir.path).filter {
                !["ledger.sqlite", "ledger.sqlite-wal", "ledger.sqlite-shm", "feed.csv", "lettings.csv"].contains($0)
            }
        }
        #expect(try strayFiles().isEmpty)
        var random = CLITrustTests.SeededRandom(state: 20_261_124)
        var landed = 0
        for _ in 0..<25 {
            let process = try cli.start(export, stdout: Pipe(), stderr: Pipe())
            Thread.sleep(forTimeInterval: Double.random(in: 0...seconds, using: &random))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { landed += 1 }
            // Only a kill in the instant between naming a whole file and renaming it over
            // the last one leaves it (`.lettings.csv.partial-PID-…`), and the next export removes it.
            let strays = try strayFiles()
            #expect(strays.allSatisfy { $0.hasPrefix(".lettings.csv.partial-") }, "left behind by a killed export: \(strays)")
            if !strays.isEmpty {
                #expect(try cli.run(export).code == 0)
                #expect(try strayFiles().isEmpty, "the next export removes what a killed one left")
            }
            if FileManager.default.fileExists(atPath: out) {
                #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == whole, "the report is whole")
            }
        }
        #expect(landed >= 10, "kills that landed while the export ran: \(landed) of 25")
    }

    /// A SIGKILL mid-import, then the same import again: the same ledger as an import that
    /// was never interrupted (batches are whole; the import is idempotent).
    @Test func aKilledImportRerunGivesTheUninterruptedLedger() throws {
        // Long enough (a synced commit every 10 events) that each kill lands mid-import.
        let rows = ImportTests.stream(seed: 33, rows: 1500)
        let reference = try CLITests(fixedNow: "2026-01-01T00:00:00Z")
        try setUp(reference)
        let file = reference.dir.appendingPathComponent("feed.csv")
        try Data(ImportTests.csv(rows).utf8).write(to: file)
        let started = Date()
        #expect(try reference.run("import", file.path, "--batch-size", "10").code == 0)
        // Kills at fractions of this build's own import time (debug or release), so they land mid-import.
        let importSeconds = Date().timeIntervalSince(started)
        let expected = try reference.run("vacancies", "--format", "csv").stdout
        #expect(expected.split(whereSeparator: \.isNewline).count == 1501)
        for delay in [0.15, 0.4, 0.7].map({ $0 * importSeconds }) {
            let cli = try CLITests(fixedNow: "2026-01-01T00:00:00Z")
            try setUp(cli)
            let process = try cli.start(["import", file.path, "--batch-size", "10"], stdout: Pipe(), stderr: Pipe())
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "the kill landed during the import")
            #expect(try cli.run("verify").code == 0, "whole batches only")
            let partial = try cli.run("vacancies", "--format", "csv").stdout.split(whereSeparator: \.isNewline).count - 1
            #expect(partial < 1500, "killed after \(delay) s with \(partial) of 1500 vacancies in")
            let rerun = try cli.run("import", file.path, "--batch-size", "10")
            #expect(rerun.code == 0, "\(rerun.stderr)")
            #expect(try cli.run("vacancies", "--format", "csv").stdout == expected, "killed after \(delay) s")
        }
    }
}
