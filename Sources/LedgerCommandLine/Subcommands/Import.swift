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
            abstract: Phrase.help18.text(),
            discussion: """
                Columns, named by the header in any order: ref, department, unit, date (required); reserved_unit, \
                outcome and settled_on (both or neither), recorded_route, by. UTF-8, a BOM and Excel's semicolons \
                accepted; FILE - reads standard input. Events are applied in date order (loggings before settlements \
                on the same day, then by line) through the same decisions as log and settle, in batches. Idempotent: a \
                ref already in the ledger with the same data is already present; a new outcome for it is applied. A bad \
                line rejects the whole file (exit 65, nothing written). Disagreements with recorded_route, S1 refusals, \
                outcomes for vacancies not offered and conflicts are listed, not fatal (exit 0). A file of the \
                municipality's answers alone (ref, department, outcome, settled_on; the refs are the associations') \
                applies them; an answer whose ref the ledger lacks is listed. With --server (or $VACANCY_LEDGER_SERVER) \
                the file goes to the served ledger, which runs the same import as the token's holder: a clerk imports its \
                organisation's vacancies and no answers, the municipality answers, an admin anything; a file with any \
                other row is refused whole (exit 77).
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clerk: ClerkOption
        @Argument(help: ArgumentHelp(Phrase.optTheCSVFileOr.text(), valueName: "FILE")) var file: String
        @Flag(name: .customLong("dry-run"), help: ArgumentHelp(Phrase.optDoEverythingAndReport.text())) var dryRun = false
        @Option(help: ArgumentHelp(Phrase.optWriteEveryListedLine.text(), valueName: "FILE")) var report: String?
        @Option(help: ArgumentHelp(Phrase.optTextOrJsonThe.text())) var format: OutputFormat = .text
        @Option(name: .customLong("batch-size"), help: ArgumentHelp(Phrase.optEventsPerTransaction.text())) var batchSize = 1000

        func validate() throws {
            try format.require(.text, .json)
            guard batchSize >= 1 else { throw ValidationError("--batch-size \(batchSize) (accepted: 1 or more)") }
        }

        func run() throws {
            if database.serverURL != nil { try Network.frontend.takeOver() }
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
            if let server = database.serverURL {
                try runThroughService(server: server, path: path)
                return
            }
            let ledger = try database.openForWriting()
            let started = Date()
            let bar = ProgressLine(name: "import")
            var reportFile: ImportReportWriter?
            let out = ImportStandardOutput(format: format)
            let summary: ImportSummary
            do {
                let output = ImportOutput(counted: { summary in
                    bar.clear()
                    if let report { reportFile = try ImportReportWriter(path: report, ledger: database.path) }
                    try out.begin(summary)
                }, listing: { listing in
                    try reportFile?.add(listing)
                    try out.add(listing)
                })
                summary = try ledger.importVacancies(ImportRequest(source: .file(path: path), dryRun: dryRun, by: clerk.name,
                                                                   batchSize: batchSize), output: output) { done, total in
                    guard total > 0 else { return }
                    let elapsed = Date().timeIntervalSince(started), rate = Double(done) / max(elapsed, 0.001)
                    let left = rate > 0 ? Double(total - done) / rate : 0
                    bar.show(done, of: total, note: Phrase.importProgress.text(Local.count(done), Local.count(total), Local.count(Int(rate)),
                                                                                Local.count(Int(left.rounded()))))
                }
            } catch let error as LedgerError {
                bar.clear()
                if let report, let errors = error.rejectedLines { try Self.writeReport(rejected: errors, to: report, ledger: database.path) }
                throw error
            }
            try reportFile?.commit()
            try out.end()
            FileHandle.standardError.write(Data((ImportSummaryFields.line(summary) + "\n").utf8))
        }

        /// The import through the service: the file streamed to `/v1/import` (a progress bar
        /// on a terminal while it is sent), the answer written as the local import writes
        /// it, the report file written here.
        private func runThroughService(server: String, path: String) throws {
            let bar = ProgressLine(name: "import")
            // Worded here: the progress comes from the HTTP client's thread.
            let (sending, sentNote) = (Phrase.importSending.text(), Phrase.importSent.text())
            var query = [("batchSize", String(batchSize))]
            if dryRun { query.append(("dryRun", "true")) }
            let (status, body) = try Network.frontend.upload(path, server: server, query: query) { sent, size in
                guard size > 0 else { return }
                bar.show(Int(sent), of: Int(size), note: sent < size ? sending : sentNote)
            }
            bar.clear()
            let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
            guard status == 200 else {
                let message = object["error"] as? String ?? "the server answered \(status)"
                if let report, let lines = object["lines"] as? [[String: Any]] {
                    let writer = try ImportReportWriter(path: report, ledger: nil)
                    for line in lines {
                        try writer.add(ImportListing(line: line["line"] as? Int ?? 1, ref: "", kind: .rejected, fileSaid: "",
                                                     rulesSaid: line["error"] as? String ?? "", rules: []))
                    }
                    try writer.commit()
                }
                throw ImportServiceError(status: status, message: message)
            }
            guard let summary = ImportSummaryFields.summary(object), let listed = object["listed"] as? [[String: Any]] else {
                throw ImportServiceError(status: 502, message: "the service's answer to the import is not an import summary")
            }
            let reportFile = try report.map { try ImportReportWriter(path: $0, ledger: nil) }
            let out = ImportStandardOutput(format: format)
            try out.begin(summary)
            for object in listed {
                guard let listing = ImportListingFields.listing(object) else { continue }
                try reportFile?.add(listing)
                try out.add(listing)
            }
            try reportFile?.commit()
            try out.end()
            FileHandle.standardError.write(Data((ImportSummaryFields.line(summary) + "\n").utf8))
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
            let writer = try ImportReportWriter(path: path, ledger: ledger)
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

/// A refused import through the service, with its exit code from the answer's status.
struct ImportServiceError: LineError {
    var status: Int
    var message: String

    var exitCode: Diagnostics.Code {
        switch status {
        case 401, 403: .noPermission
        case 400, 404, 413, 422: .badInput
        case 409: .refused
        default: .failure
        }
    }

    var line: String { message }
}
