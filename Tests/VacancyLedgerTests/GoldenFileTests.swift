import CSV
import Foundation
import Testing

/// Golden files: the CSV, JSON and summary of a fixed small ledger, byte for byte.
/// Regenerate after an intended change with `VACANCY_LEDGER_UPDATE_GOLDEN=1 swift test
/// --filter GoldenFileTests`, and read the diff before committing.
@Suite(.serialized) struct GoldenFileTests {
    static let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func check(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Self.goldenDir.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["VACANCY_LEDGER_UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let expected = FileManager.default.contents(atPath: url.path) else {
            Issue.record("no golden file \(name); run with VACANCY_LEDGER_UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == String(decoding: expected, as: UTF8.self), "\(name) differs from its golden file", sourceLocation: sourceLocation)
    }

    /// A small ledger across the turn of 2024/2025: every route, a return, a void, a
    /// settlement in January of a December offer.
    func fixedLedger() throws -> CLITests {
        let cli = try CLITests(fixedNow: "2025-06-30T12:00:00Z")
        func ok(_ args: String...) throws {
            let result = try cli.run(args)
            #expect(result.code == 0, "\(args): \(result.stderr)")
        }
        try ok("init")
        try ok("department", "add", "AAB-15", "--name", "Ærtebjerghave", "--units", "120", "--staircase", "department", "--step", "1", "--at-risk")
        try ok("department", "add", "ØBO-7", "--name", "Østerbrogård", "--units", "80", "--staircase", "department", "--step", "4")
        try ok("department", "add", "3B-8", "--name", "Tingbjerg Nord", "--units", "300", "--staircase", "area", "--step", "2")
        try ok("department", "add", "AKB-21", "--name", "Bispeparken, Øst", "--units", "200", "--staircase", "area", "--step", "1",
               "--criteria", "income,employment")
        for (i, date) in ["2024-11-02", "2024-11-09", "2024-11-20", "2024-12-01", "2024-12-12", "2024-12-30", "2025-01-03"].enumerated() {
            try ok("log", "AAB-15", "--unit", "A\(i + 1)", "--date", date, "--ref", "aab-\(i + 1)")
        }
        for (i, date) in ["2024-06-01", "2024-12-31", "2025-01-01"].enumerated() {
            try ok("log", "ØBO-7", "--unit", "Ø\(i + 1)", "--date", date)
            try ok("log", "3B-8", "--unit", "T\(i + 1)", "--date", date)
            try ok("log", "AKB-21", "--unit", "B\(i + 1)", "--date", date)
        }
        try ok("settle", "3", "--outcome", "returned", "--date", "2024-11-25")
        try ok("settle", "5", "--outcome", "referred", "--date", "2025-01-10")  // December offer, January answer
        try ok("void", "2", "--reason", "logged twice")
        return cli
    }

    @Test func auditExportAndReportMatchTheirGoldenFiles() throws {
        let cli = try fixedLedger()
        try check("audit.csv", try cli.run("audit", "--format", "csv").stdout)
        try check("audit.json", try cli.run("audit", "--format", "json").stdout)
        try check("audit-2024-by-step.txt", try cli.run("audit", "--year", "2024", "--group-by", "step").stdout)
        try check("export-2024.csv", try cli.run("export", "--year", "2024").stdout)
        try check("export-2024-excel.csv", try cli.run("export", "--year", "2024", "--excel").stdout)
        try check("export-2025.json", try cli.run("export", "--year", "2025", "--format", "json").stdout)
        try check("report-2024.txt", try cli.run("report", "--year", "2024").stdout)
        try check("vacancies.csv", try cli.run("vacancies", "--format", "csv").stdout)
        try check("report-2024.json", try cli.run("report", "--year", "2024", "--format", "json").stdout)
        try check("offers.txt", try cli.run("offers", "--as-of", "2025-06-30").stdout)
        try check("offers.csv", try cli.run("offers", "--as-of", "2025-06-30", "--format", "csv").stdout)
        try check("offers-pending.json", try cli.run("offers", "--pending", "--as-of", "2025-06-30", "--format", "json").stdout)
    }

    @Test func outputFileFormatFollowsItsExtensionAndStrictFlagsExit4() throws {
        let cli = try fixedLedger()
        #expect(try cli.run("audit", "-o", "a.json").code == 0)
        #expect(try cli.run("audit", "-o", "a.csv").code == 0)
        let json = try String(contentsOf: cli.dir.appendingPathComponent("a.json"), encoding: .utf8)
        let csv = try String(contentsOf: cli.dir.appendingPathComponent("a.csv"), encoding: .utf8)
        #expect(json.hasPrefix("{\"window\"") && csv.hasPrefix("department,organisation,name,period"))
        cli.expectFailure(try cli.run("audit", "-o", "a.xlsx"), code: 65, mentions: ".xlsx")
        #expect(try cli.run("audit", "--strict").code == 0)
        // Nothing binds anywhere: headroom is left where something is realised or pending, and
        // where it is 0 nothing is (RULES.md §7), over the period and at the end of 2024.
        #expect(try cli.run("audit", "--strict", "--fail-at-limit").code == 0)
        #expect(try cli.run("audit", "--year", "2024", "--fail-at-limit").code == 0)
        #expect(try cli.run("audit", "--year", "2024", "--strict").code == 0)
        #expect(try cli.run("export", "--year", "2024", "-o", "e.csv").code == 0)
        #expect(try cli.run("verify", "--export", "e.csv").code == 0)
        let exported = try String(contentsOf: cli.dir.appendingPathComponent("e.csv"), encoding: .utf8)
        try exported.replacingOccurrences(of: "letting,1,", with: "letting,999,").write(
            to: cli.dir.appendingPathComponent("forged.csv"), atomically: true, encoding: .utf8)
        #expect(try cli.run("verify", "--export", "forged.csv").code == 4)
        // The same document read back from JSON and from Excel's CSV; a dropped row is caught in each.
        #expect(try cli.run("export", "--year", "2024", "-o", "e.json").code == 0)
        #expect(try cli.run("export", "--year", "2024", "--excel", "-o", "e-excel.csv").code == 0)
        let check = try cli.run("verify", "--export", "e.json", "--format", "json")
        #expect(check.code == 0 && check.json["lettings"] as? Int == 10, "\(check.stdout) \(check.stderr)")
        #expect(try cli.run("verify", "--export", "e-excel.csv").code == 0)
        let excel = try String(contentsOf: cli.dir.appendingPathComponent("e-excel.csv"), encoding: .utf8)
        let dropped = excel.split(separator: "\r\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("letting;3;") }
        try dropped.joined(separator: "\r\n").write(to: cli.dir.appendingPathComponent("dropped.csv"), atomically: true, encoding: .utf8)
        let droppedCheck = try cli.run("verify", "--export", "dropped.csv")
        #expect(droppedCheck.code == 4 && droppedCheck.stdout.contains("vacancy 3: the ledger's row is missing from the file"), "\(droppedCheck.stdout)")
    }

    @Test func theSampleExportReadBackByACSVReaderGivesTheAuditsCounts() throws {
        let cli = try CLITests()
        #expect(try cli.run("demo", "--small", "--db", cli.db).code == 0)
        for year in [2024, 2025] {
            let exported = try cli.run("export", "--year", String(year)).stdout
            let reader = try CSVReader(string: exported, hasHeaderRow: true)
            var vacancies: [String: Int] = [:], withheld: [String: Int] = [:]
            while reader.next() != nil {
                guard let section = reader["section"], section != "total", let date = reader["vacancyDate"],
                      date.hasPrefix("\(year)-"), let department = reader["department"] else { continue }
                vacancies[department, default: 0] += 1
                if reader["withheld"]?.isEmpty == false { withheld[department, default: 0] += 1 }
            }
            let audit = try cli.run("audit", "--year", String(year), "--format", "json").json
            let rows = audit["departments"] as? [[String: Any]] ?? []
            #expect(rows.count == 8)
            for row in rows {
                let department = row["department"] as? String ?? ""
                #expect(vacancies[department, default: 0] == row["vacancies"] as? Int, "\(year) \(department) vacancies")
                #expect(withheld[department, default: 0] == row["withheld"] as? Int, "\(year) \(department) withheld")
            }
        }
    }
}
