import ArgumentParser
import Foundation
import VacancyLedger

extension VacancyLedgerCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export",
            abstract: Phrase.help25.text(),
            discussion: Phrase.discExport.text())


        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp(Phrase.optTheCalendarYear.text())) var year: Int
        @Option(help: ArgumentHelp(Phrase.optCsvOrJsonDefault.text())) var format: OutputFormat?

        func validate() throws { try format?.require(.csv, .json) }
        @Flag(help: ArgumentHelp(Phrase.optExcelFriendlyCSVSemicolons.text())) var excel = false
        @Option(name: [.customShort("o"), .customLong("out")], help: ArgumentHelp(Phrase.optWriteToThisFile.text())) var out: String?
        @Option(help: ArgumentHelp(Phrase.optSignTheExportWith.text(), valueName: "FILE"))
        var key: String?

        func run() throws {
            if let out, format == nil, !["csv", "json", ""].contains(URL(fileURLWithPath: out).pathExtension.lowercased()) {
                throw LedgerError.outputRefused(.output, path: out, reason: .unknownExtension(URL(fileURLWithPath: out).pathExtension))
            }
            let format = format ?? (out.map { URL(fileURLWithPath: $0).pathExtension.lowercased() == "json" } == true ? .json : .csv)
            var operation = ExportOperation(year: year, excel: excel, format: format)
            if database.serverURL != nil {
                if key != nil { try database.requireLocal("export --key") }
            } else if let keyPath = key ?? environmentValue("VACANCY_LEDGER_CHECKPOINT_KEY").flatMap({ $0.isEmpty ? nil : $0 }) {
                operation.keyText = try readText(keyPath, .key)
                operation.keyFile = keyPath
            }
            // Streamed from the ledger's cursor (or the service) to the file (whole or not at all) or to standard output.
            try database.perform(operation, file: { try out.map { try OutputFile.Writer(path: $0, field: .output, ledger: database.serverURL == nil ? database.path : nil) } })
            if let out {
                // Counted from the file as written: the same through the service.
                var rows = 0
                if let file = try? ExportFile(path: out) { while (try? file.next()) != nil { rows += 1 } }
                Diagnostics.say(rows == 1 ? Phrase.wroteExportOne.text(year, out) : Phrase.wroteExport.text(Local.count(rows), year, out))
            }
        }
    }
}
