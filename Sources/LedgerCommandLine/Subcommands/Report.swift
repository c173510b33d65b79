import ArgumentParser
import Foundation
import VacancyLedger

extension VacancyLedgerCommand {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "report",
            abstract: Phrase.help2.text(),
            discussion: Phrase.discReport.text())

        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp(Phrase.optTheCalendarYear.text())) var year: Int
        @Option(help: ArgumentHelp(Phrase.optTextOrJson.text())) var format: OutputFormat = .text
        func validate() throws { try format.require(.text, .json) }
        @Option(help: ArgumentHelp(Phrase.optAlsoWriteASelf.text(), valueName: "FILE")) var html: String?
        @Flag(help: ArgumentHelp(Phrase.optEveryColumnOfThe2.text())) var wide = false

        func run() throws {
            if database.serverURL != nil {
                if html != nil { try database.requireLocal("report --html") }
                return try database.perform(ReportOperation(year: year, format: format, columns: TerminalWidth.current(), wide: wide))
            }
            // Refuse a bad --html before printing anything.
            if let html { try OutputFile.checkWritable(html, field: .html, ledger: database.path) }
            let report = try database.openForReading().report(year: year)
            emit(format == .json ? ReportFields.json(report).serialized() : ReportFields.table(report, width: wide ? nil : TerminalWidth.current()))
            if let html {
                try write(HTMLFormatter.html(report), to: html, field: .html, ledger: database.path)
                Diagnostics.say(Phrase.wroteReport.text(year, html))
            }
        }
    }
}
