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
                try database.requireLocal("import")
            if let report {
                try OutputFile.checkWritable(report, field: .output, ledger: database.path)
                guard ["csv", "json"].contains(URL(fileURLWithPath: report).pathExtension.lowercased()) else {
                    throw LedgerError.outputRefused(.output, path: report, reason: .unknownExtension(URL(fileURLWithPath: report).pathExtension))
                }
            }
            // Standard input is copied to a temporary file first: the import reads its file as
            // a stream, and hashes it before it reads the rows.
            var copied: String?
            defer { if let copied { unlink(copied) } }
            let path: String
            if file == "-" {
                copied = try Self.copyStandardInput()
                path = copied!
            } else {
                guard FileManager.default.isReadableFile(atPath: file) else {
                    throw LedgerError.badFile(.importFile, path: file, line: nil, problem: .unreadable, accepted: .utf8File)
                }
                path = file
            }
            let ledger = try database.openForWriting()
            let started = Date()
            let bar = isatty(STDERR_FILENO) == 1
            var reportFile: ReportWriter?
            let out = StandardOutputListing(format: format)
            let summary: ImportSummary
            do {
                let output = ImportOutput(counted: { summary in
                    if bar { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                    if let report { reportFile = try ReportWriter(path: report, ledger: database.path) }
                    try out.begin(summary)
                }, listing: { listing in
                    try reportFile?.add(listing)
                    try out.add(listing)
                })
                summary = try ledger.importVacancies(ImportRequest(source: .file(path: path), dryRun: dryRun, by: clerk.name,
                                                                   batchSize: batchSize), output: output) { done, total in
                    guard bar, total > 0 else { return }
                    let elapsed = Date().timeIntervalSince(started), rate = Double(done) / max(elapsed, 0.001)
                    let left = rate > 0 ? Double(total - done) / rate : 0
                    FileHandle.standardError.write(Data("\rimport: \(done)/\(total) events, \(Int(rate))/s, \(Int(left.rounded())) s left   ".utf8))
                }
            } catch let LedgerError.importRejected(errors) {
                if bar { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                if let report { try Self.writeReport(rejected: errors, to: report, ledger: database.path) }
                throw LedgerError.importRejected(errors)
            }
            try reportFile?.commit()
            try out.end()
            let line = "\(dryRun ? "dry run, nothing written: " : "")\(summary.added) added, \(summary.alreadyPresent) already present, \(summary.settled) settled, \(summary.disagreements) disagreements, \(summary.refused) refused"
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }

        static let reportKeys = ["line", "ref", "kind", "fileSaid", "rulesSaid", "rules"]

        static func json(_ l: ImportListing) -> JSONValue {
            .object([("line", .int(l.line)), ("ref", .string(l.ref)), ("kind", .string(l.kind.rawValue)),
                     ("fileSaid", .string(l.fileSaid)), ("rulesSaid", .string(l.rulesSaid)),
                     ("rules", .array(l.rules.map { .string($0.rawValue) }))])
        }

        static func csvFields(_ l: ImportListing) -> [String] {
            [String(l.line), l.ref, l.kind.rawValue, l.fileSaid, l.rulesSaid, l.rules.map(\.rawValue).joined(separator: " ")]
        }

        /// The report file (`--report FILE.csv|.json`), written line by line and put in place whole.
        final class ReportWriter {
            private let file: OutputFile.Writer
            private let json: Bool
            private var first = true

            init(path: String, ledger: String?) throws {
                file = try OutputFile.Writer(path: path, field: .output, ledger: ledger)
                json = URL(fileURLWithPath: path).pathExtension.lowercased() == "json"
                try file.write(json ? "[" : CSVText.render([Import.reportKeys]))
            }

            func add(_ listing: ImportListing) throws {
                if json {
                    try file.write((first ? "\n  " : ",\n  ") + Import.json(listing).pretty(level: 1))
                } else {
                    try file.write(CSVText.render([Import.csvFields(listing)]))
                }
                first = false
            }

            func commit() throws {
                if json { try file.write(first ? "]\n" : "\n]\n") }
                try file.commit()
            }
        }

        /// The listed lines on standard output as they come: JSON (the counts, then `listed`),
        /// or a table whose columns are as wide as its first thousand lines need.
        final class StandardOutputListing {
            private let format: OutputFormat
            private var pending: [[String]] = []
            private var widths: [Int]?
            private var listed = 0

            init(format: OutputFormat) { self.format = format }

            func begin(_ s: ImportSummary) throws {
                guard format == .json else { return }
                let head = JSONValue.object([
                    ("rows", .int(s.rows)), ("added", .int(s.added)), ("alreadyPresent", .int(s.alreadyPresent)),
                    ("settled", .int(s.settled)), ("disagreements", .int(s.disagreements)), ("refused", .int(s.refused)),
                    ("dryRun", .bool(s.dryRun)), ("fileSha256", .string(s.fileSHA256)), ("listed", .array([])),
                ]).serialized()
                // The object up to its last member's opening bracket; the listings follow.
                FileHandle.standardOutput.write(Data(head.dropLast(2).utf8))
            }

            func add(_ listing: ImportListing) throws {
                listed += 1
                if format == .json {
                    FileHandle.standardOutput.write(Data(((listed == 1 ? "" : ",") + Import.json(listing).serialized()).utf8))
                    return
                }
                pending.append(Import.csvFields(listing))
                if pending.count >= 1000 { flushTable() }
            }

            func end() throws {
                if format == .json {
                    FileHandle.standardOutput.write(Data("]}\n".utf8))
                    return
                }
                flushTable()
            }

            private func flushTable() {
                guard !pending.isEmpty else { return }
                var table = TextTable(header: ["line", "ref", "kind", "file said", "rules said", "rules"])
                table.rows = pending
                var text: String
                if let widths {
                    text = pending.map { table.line($0, widths: widths) }.joined(separator: "\n")
                } else {
                    let w = table.widths
                    widths = w
                    text = table.render(widths: w)
                }
                emit(text)
                pending.removeAll(keepingCapacity: true)
            }
        }

        static func copyStandardInput() throws -> String {
            let path = NSTemporaryDirectory() + "vacancy-ledger-import-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).csv"
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
                  let handle = FileHandle(forWritingAtPath: path) else {
                throw LedgerError.badFile(.importFile, path: "-", line: nil, problem: .unreadable, accepted: .utf8File)
            }
            defer { try? handle.close() }
            while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty { handle.write(chunk) }
            return path
        }

        /// A rejected file's report: every bad line, kind `rejected`, what was wrong.
        static func writeReport(rejected errors: [LedgerError], to path: String, ledger: String?) throws {
            let writer = try ReportWriter(path: path, ledger: ledger)
            for error in errors {
                var line = 1
                if case let .atLine(n, _) = error { line = n }
                if case let .badFile(_, _, n?, _, _) = error { line = n }
                try writer.add(ImportListing(line: line, ref: "", kind: .rejected, fileSaid: "", rulesSaid: ErrorText.line(error), rules: []))
            }
            try writer.commit()
        }
    }
}
