import Foundation
import GRDB
import Testing
@testable import LedgerCommandLine
@testable import VacancyLedger

/// For the people who use it (issue 26): dates as Danes write them, typos answered, unit
/// designations as addresses write them, a fast failure, messages instead of log lines.
@Suite(.serialized) struct PeopleTests {
    static func ledger() throws -> CLITests {
        let cli = try CLITests()
        #expect(try cli.run("init").code == 0)
        #expect(try cli.run("department", "add", "AAB-15", "--name", "Ærtebjerghave", "--units", "420", "--staircase", "department",
                            "--step", "1").code == 0)
        return cli
    }

    @Test func danishDatesAreAcceptedAsTypedAndInFilesOneFormThroughout() throws {
        #expect(CivilDate.typed("01-02-2024")?.date == CivilDate("2024-02-01"))
        #expect(CivilDate.typed("1.2.2024")?.date == CivilDate("2024-02-01"))
        #expect(CivilDate.typed("31.2.2024") == nil && CivilDate.typed("1.2.24") == nil && CivilDate.typed("1-2-2024") == nil)
        #expect(CivilDate.typed("1.2.2024", forms: [.iso, .dashes]) == nil, "a file takes ISO or DD-MM-YYYY")
        let cli = try Self.ledger()
        for (text, expected) in [("01-03-2024", "2024-03-01"), ("2.3.2024", "2024-03-02"), ("2024-03-03", "2024-03-03")] {
            let logged = try cli.run("log", "AAB-15", "--unit", "U\(text)", "--date", text, "--format", "json")
            #expect(logged.code == 0 && logged.json["date"] as? String == expected, "\(text): \(logged.stderr)")
        }
        let bad = try cli.run("log", "AAB-15", "--unit", "x", "--date", "30.2.2024")
        cli.expectFailure(bad, code: 65, mentions: "DD-MM-YYYY or D.M.YYYY")
        // A file as Danish Excel writes it; a file that mixes forms is refused, naming the lines.
        try "ref,department,unit,date\nd1,AAB-15,1,04-03-2024\nd2,AAB-15,2,05-03-2024\n"
            .write(toFile: cli.dir.appendingPathComponent("dk.csv").path, atomically: true, encoding: .utf8)
        #expect(try cli.run("import", "dk.csv").code == 0)
        try "ref,department,unit,date\nm1,AAB-15,1,2024-03-06\nm2,AAB-15,2,07-03-2024\nm3,AAB-15,3,8.3.2024\n"
            .write(toFile: cli.dir.appendingPathComponent("mixed.csv").path, atomically: true, encoding: .utf8)
        let mixed = try cli.run("import", "mixed.csv", "--report", "mixed-report.csv")
        cli.expectFailure(mixed, code: 65, mentions: "line 3")
        let report = try String(contentsOf: cli.dir.appendingPathComponent("mixed-report.csv"), encoding: .utf8)
        #expect(report.contains("YYYY-MM-DD, the form of line 2") && report.contains("line 4"), "\(report)")
    }

    @Test func typosAreAnsweredWithTheNearestCommandOrOption() throws {
        let cli = try Self.ledger()
        let command = try cli.run("lgo", "AAB-15", "--unit", "0063")
        cli.expectFailure(command, code: 64, mentions: "unknown command 'lgo'; did you mean 'log'?")
        // Named even though the required --unit is missing too.
        let option = try cli.run("log", "AAB-15", "--unti", "0063")
        cli.expectFailure(option, code: 64, mentions: "unknown option '--unti' for `log`; did you mean '--unit'?")
        cli.expectFailure(try cli.run("help", "lgo"), code: 64, mentions: "did you mean 'log'?")
        cli.expectFailure(try cli.run("department", "ad", "X"), code: 64, mentions: "did you mean 'add'?")
        #expect(try cli.run("help", "log").code == 0)
        #expect(try cli.run("log", "AAB-15", "--unit", "1", "--date", "2024-03-01", "--db=\(cli.db)").code == 0, "--name=value")
        #expect(Typos.distance("unti", "unit") == 1 && Typos.distance("lgo", "log") == 1 && Typos.nearest("zzzz", in: ["log"]) == nil)
    }

    @Test func unitsAreStoredAsDanishAddressesWriteThemWithWidthFormsFolded() throws {
        let cli = try Self.ledger()
        for unit in ["3½", "Stuen & 1. sal", "Sankt Hans' Gade 4, st. tv."] {
            let logged = try cli.run("log", "AAB-15", "--unit", unit, "--date", "2024-03-01", "--format", "json")
            #expect(logged.code == 0 && logged.json["unit"] as? String == unit, "\(unit): \(logged.stderr)")
        }
        let wide = try cli.run("log", "ＡＡＢ-15", "--unit", "００１２", "--date", "2024-03-01", "--ref", "ｒ１", "--format", "json")
        #expect(wide.code == 0 && wide.json["unit"] as? String == "0012" && wide.json["ref"] as? String == "r1"
                && wide.json["department"] as? String == "AAB-15", "\(wide.stdout) \(wide.stderr)")
        let again = try cli.run("log", "AAB-15", "--unit", "0012", "--date", "2024-03-01", "--ref", "r1", "--format", "json")
        #expect(again.json["replayed"] as? Bool == true, "the same vacancy, folded")
        cli.expectFailure(try cli.run("log", "AAB-15", "--unit", "a;b", "--date", "2024-03-01"), code: 65, mentions: "½")
        // The database keeps the rule for whatever bypasses the code.
        #expect(throws: DatabaseError.self) {
            try DatabaseQueue(path: cli.db).write { db in
                try db.execute(sql: """
                    INSERT INTO vacancy SELECT NULL, department, period_id, number + 100, vacancy_date, '００１３', NULL, reserved_unit, rehousing,
                    pattern_route, route, fallback_route, offered, withheld, criteria, rules, placement_id, policy_version_id, at_vacancies,
                    at_offered, at_pending, at_realised, at_returned, at_withheld, recorded_at, recorded_by, NULL FROM vacancy LIMIT 1
                    """)
            }
        }
    }

    @Test func anUnreachableServerIsOneCleanLineWithinTwoSeconds() throws {
        let cli = try Self.ledger()
        let start = Date()
        let result = try cli.run("--server", "http://127.0.0.1:1", "audit")
        #expect(Date().timeIntervalSince(start) < 2.0)
        cli.expectFailure(result, code: 1, mentions: "cannot reach the ledger service at http://127.0.0.1:1: connection refused (accepted:")
        #expect(!result.stderr.contains("errno") && !result.stderr.contains("error set"), "\(result.stderr)")
    }

    @Test func writingAFileSaysWhatWasWrittenWhereAndLogLinesOnlyWhenAskedFor() throws {
        let cli = try Self.ledger()
        #expect(try cli.run("log", "AAB-15", "--unit", "1", "--date", "2024-03-01").code == 0)
        let exported = try cli.run("export", "--year", "2024", "-o", "lettings-2024.csv")
        #expect(exported.code == 0 && exported.stderr == "wrote the export of 2024 to lettings-2024.csv: 1 row of lettings and pending offers\n",
                "\(exported.stderr)")
        let audited = try cli.run("audit", "-o", "audit.json")
        #expect(audited.stderr == "wrote the audit (json) to audit.json\n", "\(audited.stderr)")
        cli.expectFailure(try cli.run("export", "--year", "2024", "-o", "lettings.xlsx"), code: 65, mentions: ".xlsx")
        #expect(!FileManager.default.fileExists(atPath: cli.dir.appendingPathComponent("lettings.xlsx").path))
        let demo = try cli.run("demo", "--small", "--db", cli.dir.appendingPathComponent("demo.sqlite").path)
        #expect(demo.code == 0 && !demo.stderr.contains(" info ") && !demo.stdout.contains(" info "), "\(demo.stderr)")
    }

    @Test func oneFlagHasOneMeaningAndEveryListedFormatIsAccepted() throws {
        let cli = try Self.ledger()
        let old = try cli.run("audit", "--by", "step")
        #expect(old.code == 0 && old.stderr.contains("`audit --by` is now `--group-by`"), "\(old.stderr)")
        cli.expectFailure(try cli.run("audit", "--by", "Søren Ågård"), code: 64, mentions: "the roll-up is now `--group-by`")
        #expect(try cli.run("audit", "--group-by", "step").code == 0)
        let help = try cli.run("log", "--help").stdout
        #expect(help.contains("text or json") && !help.contains("csv"), "\(help)")
    }

    /// The city's report (343 departments): the per-department chart shows at most 25, the
    /// breaches and limits first, says how many more there are, has a legend, and fits.
    @Test func theReportsDepartmentChartFitsACityAndTheSummaryHasTheOrganisations() throws {
        let cli = try CLITests()
        let city = cli.dir.appendingPathComponent("city.sqlite").path
        #expect(try cli.run("demo", "--db", city).code == 0)
        let written = try cli.run("report", "--year", "2024", "--db", city, "--html", "report.html")
        #expect(written.code == 0 && written.stderr.contains("wrote the report of 2024 to report.html"), "\(written.stderr)")
        let html = try String(contentsOf: cli.dir.appendingPathComponent("report.html"), encoding: .utf8)
        let first = try #require(html.range(of: "<svg")).lowerBound
        let chart = String(html[first..<(try #require(html.range(of: "</svg>", range: first..<html.endIndex)).upperBound)])
        #expect(chart.components(separatedBy: "<rect").count - 1 <= 25 + 3, "at most 25 bars and the legend's three keys")
        let height = try #require(chart.firstMatch(of: /height="([0-9]+)"/).map { Int($0.1)! })
        #expect(height <= 2000)
        #expect(chart.contains("more departments") && chart.contains("in breach") && chart.contains("within the limit"))
        #expect(html.contains("Tightened lettings (skærpede kriterier) are flexible lettings too"))
        #expect(html.contains("<main>"))
        #expect(html.contains("<td>AAB</td>") || html.contains(">AAB<"), "the organisation rows")
    }

    /// The audit fits `COLUMNS` (100 when neither it nor a terminal says), dropping the least
    /// useful columns and cutting names; `--wide` keeps them all.
    @Test func theAuditTableFitsColumnsAndWideKeepsEveryColumn() throws {
        var cli = try Self.ledger()
        #expect(try cli.run("department", "add", "FSB-20", "--name", "Østerbrogårdens Boligafdeling ved Fælledparken og Søerne",
                            "--units", "90", "--staircase", "department", "--step", "2").code == 0)
        #expect(try cli.run("log", "FSB-20", "--unit", "1", "--date", "2024-03-01").code == 0)
        func widest(_ text: String) -> Int { text.split(separator: "\n").map(\.count).max() ?? 0 }
        #expect(widest(try cli.run("audit").stdout) <= 100, "not a terminal: 100 columns")
        cli.environment["COLUMNS"] = "80"
        let narrow = try cli.run("audit").stdout
        #expect(widest(narrow) <= 80 && narrow.contains("Østerbrogården") && !narrow.contains("returned"), "\(narrow)")
        let wide = try cli.run("audit", "--wide").stdout
        #expect(widest(wide) > 100 && wide.contains("returned") && wide.contains("Fælledparken og Søerne"))
    }
}
