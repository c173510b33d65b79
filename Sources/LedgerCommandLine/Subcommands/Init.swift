import ArgumentParser
import Foundation
import VacancyLedger

extension VacancyLedgerCommand {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "init",
            abstract: Phrase.help8.text(),
            discussion: Phrase.discInit.text())

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clerk: ClerkOption

        @Option(help: ArgumentHelp(Phrase.optAPolicyFileYAML.text(), valueName: "FILE"))
        var policy: String?

        func run() throws {
                try database.requireLocal("init")
            let source = try policy.map { try readText($0, .policyFile) }
            let (_, load) = try Ledger.initialise(path: database.path, policySource: source, by: clerk.name, now: database.fixedNow)
            switch load {
            case .unchanged(let name, let version):
                emit("Ledger \(database.path): policy \(name) version \(version) already loaded; nothing changed.")
            case .added(let name, let version):
                emit("Ledger \(database.path): loaded policy \(name) version \(version).")
            }
        }
    }
}

/// Reads a UTF-8 text file named on the command line; a missing file is bad input.
package func readText(_ path: String, _ field: LedgerError.Field) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw LedgerError.badFile(field, path: path, line: nil, problem: .unreadable, accepted: .utf8File)
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw LedgerError.badFile(field, path: path, line: nil, problem: .notUTF8, accepted: .utf8File)
    }
    return text
}
