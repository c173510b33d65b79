import ArgumentParser
import Foundation
import VacancyLedger

#if canImport(Glibc)
import Glibc
#endif

extension VacancyLedgerCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a housing association's vacancies (and the municipality's answers) from a CSV file.",
            discussion: """
                Columns, named by the header in any order: ref, department, unit, date (required); reserved_unit, \
                outcome and settled_on (both or neither), recorded_route, by. UTF-8, a BOM and Excel's semicolons \
                accepted; FILE - reads standard input. Events are applied in date order (loggings before settlements \
                on the same day, then by line) through the same decisions as log and settle, in batches. Idempotent: a \
                ref already in the ledger with the same data is already present; a new outcome for it is applied. A bad \
                line rejects the whole file (exit 65, nothing written). Disagreements with recorded_route, S1 refusals, \
                outcomes for vacancies not offered and conflicts are listed, not fatal (exit 0).
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clerk: ClerkOption
        @Argument(help: ArgumentHelp("The CSV file, or - for standard input.", valueName: "FILE")) var file: String
        @Flag(name: .customLong("dry-run"), help: "Do everything and report it, write nothing.") var dryRun = false
        @Option(help: ArgumentHelp("Write every listed line to this file (.csv or .json).", valueName: "FILE")) var report: String?
        @Option(help: "text or json (the listed lines and the summary on standard output).") var format: OutputFormat = .text
        @Option(name: .customLong("batch-size"), help: "Events per transaction.") var batchSize = 1000

        func validate() throws {
            try format.require(.text, .json)
            guard batchSize >= 1 else { throw ValidationError("--batch-size \(batchSize) (accepted: 1 or more)") }
        }

        func run() throws {
            if let report {
                try OutputFile.checkWritable(report, field: .output, ledger: database.path)
                guard ["csv", "json"].contains(URL(fileURLWithPath: report).pathExtension.lowercased()) else {
                    throw LedgerError.outputRefused(.output, path: report, reason: .unknownExtension(URL(fileURLWithPath: report).pathExtension))
                }
            }
            let text: String
            if file == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                text = try readText(file, .importFile)
            }
            let ledger = try database.openForWriting()
            let started = Date()
            let bar = isatty(STDERR_FILENO) == 1
            let summary: ImportSummary
            do {
                summary = try ledger.importVacancies(ImportRequest(text: text, dryRun: dryRun, by: clerk.name, batchSize: batchSize)) { done, total in
                    guard bar, total > 0 else { return }
                    let elapsed = Date().timeIntervalSince(started), rate = Double(done) / max(elapsed, 0.001)
                    let left = rate > 0 ? Double(total - done) / rate : 0
                    FileHandle.standardError.write(Data("\rimport: \(done)/\(total) events, \(Int(rate))/s, \(Int(left.rounded())) s left   ".utf8))
                }
            } catch let LedgerError.importRejected(errors) {
                if let report { try writeReport(rejected: errors, to: report) }
                throw LedgerError.importRejected(errors)
            }
            if bar { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            if let report { try writeReport(summary.listed, to: report) }
            let line = "\(dryRun ? "dry run, nothing written: " : "")\(summary.added) added, \(summary.alreadyPresent) already present, \(summary.settled) settled, \(summary.disagreements) disagreements, \(summary.refused) refused"
            FileHandle.standardError.write(Data((line + "\n").utf8))
            if format == .json {
                emit(JSONValue.object([
                    ("rows", .int(summary.rows)), ("added", .int(summary.added)), ("alreadyPresent", .int(summary.alreadyPresent)),
                    ("settled", .int(summary.settled)), ("disagreements", .int(summary.disagreements)), ("refused", .int(summary.refused)),
                    ("dryRun", .bool(summary.dryRun)), ("fileSha256", .string(summary.fileSHA256)),
                    ("listed", .array(summary.listed.map(Self.json))),
                ]).serialized())
            } else if !summary.listed.isEmpty {
                var table = TextTable(header: ["line", "ref", "kind", "file said", "rules said", "rules"])
                for l in summary.listed {
                    table.rows.append([String(l.line), l.ref, l.kind.rawValue, l.fileSaid, l.rulesSaid, l.rules.map(\.rawValue).joined(separator: " ")])
                }
                emit(table.render())
            }
        }

        static let reportKeys = ["line", "ref", "kind", "fileSaid", "rulesSaid", "rules"]

        static func json(_ l: ImportListing) -> JSONValue {
            .object([("line", .int(l.line)), ("ref", .string(l.ref)), ("kind", .string(l.kind.rawValue)),
                     ("fileSaid", .string(l.fileSaid)), ("rulesSaid", .string(l.rulesSaid)),
                     ("rules", .array(l.rules.map { .string($0.rawValue) }))])
        }

        private func writeReport(_ listed: [ImportListing], to path: String) throws {
            let json = URL(fileURLWithPath: path).pathExtension.lowercased() == "json"
            let text = json ? JSONValue.array(listed.map(Self.json)).pretty()
                : CSVText.render([Self.reportKeys] + listed.map { [String($0.line), $0.ref, $0.kind.rawValue, $0.fileSaid, $0.rulesSaid,
                                                                   $0.rules.map(\.rawValue).joined(separator: " ")] })
            try write(text, to: path, ledger: database.path)
        }

        /// A rejected file's report: every bad line, kind `rejected`, what was wrong.
        private func writeReport(rejected errors: [LedgerError], to path: String) throws {
            let listed = errors.map { error -> ImportListing in
                var line = 1
                if case let .atLine(n, _) = error { line = n }
                if case let .badFile(_, _, n?, _, _) = error { line = n }
                return ImportListing(line: line, ref: "", kind: .rejected, fileSaid: "", rulesSaid: ErrorText.line(error), rules: [])
            }
            try writeReport(listed, to: path)
        }
    }
}
