import ArgumentParser
import Testing
@testable import LedgerCommandLine

/// A command parsed on its own (`DirectParse`) must read every argument as the whole
/// command tree reads it, and leave everything it does not parse cleanly to the tree.
@Suite struct CommandParseTests {
    static let commandLines: [[String]] = [
        ["log", "AAB-1", "--unit", "12 st. th.", "--date", "2024-05-01"],
        ["log", "ÆBL-9", "--unit", "Ærøvej 3", "--date", "2025-02-28", "--by", "Åse", "--format", "json", "--db", "/tmp/x.sqlite"],
        ["log", "--db", "l.sqlite", "KAB-4B", "--unit", "u", "--date", "2026-01-01", "--ref", "r-1", "--reserved-unit", "--dry-run"],
        ["log", "ØBO-2", "--unit=u", "--date=2026-01-01", "--server", "http://localhost:8080"],
        GlobalOptions.hoisted(["--db", "l.sqlite", "log", "FSB-2", "--unit", "u", "--date", "2026-01-01", "--format", "text"]),
        ["settle", "12", "--outcome", "returned", "--date", "2024-06-01", "--by", "Øjvind"],
        ["void", "12", "--reason", "logget to gange", "--settlement", "--force"],
        ["explain", "7", "--format", "json"],
        ["audit", "--year", "2025", "--by", "city", "--format", "csv"],
        ["audit", "ÆBL-9", "--strict", "--fail-at-limit"],
        GlobalOptions.hoisted(["--db", "x.sqlite", "audit", "--from", "2024-01-01", "--to", "2024-06-30"]),
        ["verify", "--since", "cp.json", "--format", "json"],
        ["vacancies", "ÅB-3", "--from", "2024-01-01", "--to", "2024-12-31", "--format", "csv"],
        ["export", "--year", "2025", "--format", "csv", "--excel", "--out", "lettings.csv"],
        ["report", "--year", "2024", "--html", "r.html"],
        ["init", "--by", "Åse"],
        ["import", "feed.csv", "--dry-run", "--batch-size", "500"],
    ]

    @Test(arguments: commandLines) func aCommandParsedAloneReadsAsTheTreeReadsIt(arguments: [String]) throws {
        let alone = try #require(DirectParse.command(arguments))
        let tree = try VacancyLedgerCommand.parseAsRoot(arguments)
        // Every parsed option and argument, by name: "Log(_database: DatabaseOptions(_db: nil, …), _department: AAB-1, …)".
        #expect(String(describing: alone) == String(describing: tree))
        #expect(String(describing: alone).contains(arguments.contains("--year") ? "2025" : arguments[1]) || arguments[1].hasPrefix("--"))
    }

    /// Help, bad options, values the command refuses, commands with subcommands and the
    /// root's own flags: the tree's own messages and exit codes, so `DirectParse` gives nothing.
    @Test(arguments: [
        ["log", "--help"], ["log", "-h"], ["audit", "--help"], ["log"], ["log", "AAB-1", "--unit", "u", "--date", "2024-05-01", "--bogus"],
        ["log", "AAB-1", "--unit", "u", "--date", "2024-05-01", "--format", "csv"], ["export"], ["audit", "--by", "nowhere"],
        ["log", "--generate-completion-script", "bash"], ["log", "--version"], ["department", "list"], ["help", "log"],
        ["--version"], [],
    ])
    func anythingElseIsLeftToTheTree(arguments: [String]) {
        #expect(DirectParse.command(arguments) == nil)
    }

    /// Every command without subcommands takes part, so a new one does not quietly pay the tree.
    @Test func everyLeafCommandTakesPart() {
        let leaves = VacancyLedgerCommand.configuration.subcommands.filter { $0.configuration.subcommands.isEmpty }
        #expect(leaves.count >= 15)
        #expect(DirectParse.commands.map { $0.configuration.commandName } == leaves.map { $0.configuration.commandName })
    }
}
