import Testing
@testable import LedgerCommandLine

/// `log` parsed on its own (`DirectParse`) must read every argument as the whole command
/// tree reads it, and leave everything it does not parse cleanly to the tree.
@Suite struct CommandParseTests {
    typealias Log = VacancyLedgerCommand.Log

    static let logs: [[String]] = [
        ["log", "AAB-1", "--unit", "12 st. th.", "--date", "2024-05-01"],
        ["log", "ÆBL-9", "--unit", "Ærøvej 3", "--date", "2025-02-28", "--by", "Åse", "--format", "json", "--db", "/tmp/x.sqlite"],
        ["log", "--db", "l.sqlite", "KAB-4B", "--unit", "u", "--date", "2026-01-01", "--ref", "r-1", "--reserved-unit", "--dry-run"],
        ["log", "ØBO-2", "--unit=u", "--date=2026-01-01", "--server", "http://localhost:8080"],
        GlobalOptions.hoisted(["--db", "l.sqlite", "log", "FSB-2", "--unit", "u", "--date", "2026-01-01", "--format", "text"]),
    ]

    static func fields(_ log: Log) -> [String] {
        [log.database.db ?? "-", log.database.server ?? "-", log.department, log.unit, log.date, log.ref ?? "-",
         log.clerk.by ?? "-", "\(log.reservedUnit)", "\(log.dryRun)", "\(log.format)"]
    }

    @Test(arguments: logs) func logParsedAloneReadsAsTheTreeReadsIt(arguments: [String]) throws {
        let alone = try #require(DirectParse.command(arguments) as? Log)
        let tree = try #require(try VacancyLedgerCommand.parseAsRoot(arguments) as? Log)
        #expect(Self.fields(alone) == Self.fields(tree))
        #expect(Self.fields(alone).contains(arguments[1]) || arguments[1] == "--db")
    }

    /// Help, bad options, values the command refuses and other commands: the tree's own
    /// messages and exit codes, so `DirectParse` gives nothing.
    @Test(arguments: [
        ["log", "--help"], ["log", "-h"], ["log"], ["log", "AAB-1", "--unit", "u", "--date", "2024-05-01", "--bogus"],
        ["log", "AAB-1", "--unit", "u", "--date", "2024-05-01", "--format", "csv"],
        ["log", "--generate-completion-script", "bash"], ["log", "--version"], ["audit"], ["help", "log"], [],
    ])
    func anythingElseIsLeftToTheTree(arguments: [String]) {
        #expect(DirectParse.command(arguments) == nil)
    }
}
