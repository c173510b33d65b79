import ArgumentParser
import VacancyLedger

extension VacancyLedgerCommand {
    struct Forecast: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forecast",
            abstract: Phrase.help9.text())

        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp(Phrase.optShareOfTheDwellings.text())) var turnover: Double
        @Option(help: ArgumentHelp(Phrase.optTheYearDefaultThe.text())) var year: Int?
        @Option(name: .customLong("used-share"), help: ArgumentHelp(Phrase.optShareOfItsOffers.text())) var usedShare = 0.5
        @Option(help: ArgumentHelp(Phrase.optOutputFormatTextOr.text())) var format: OutputFormat = .text
        func validate() throws { try format.require(.text, .json) }

        func run() throws {
                try database.requireLocal("forecast")
            let ledger = try database.openForReading()
            guard let year = try year ?? ledger.policies().map(\.policy.period.start.year).min() else {
                throw LedgerError.noAgreementLoaded
            }
            let rows = try ledger.forecast(turnover: turnover, year: year, usedShare: usedShare)
            if format == .json {
                return emit(JSONValue.array(rows.map { r in
                    .object([("group", .string(r.name)), ("dwellings", .int(r.dwellings)), ("vacancies", .int(r.vacancies)),
                             ("lettings", .object(Route.allCases.map { ($0.rawValue, .int(r.lettings[$0] ?? 0)) })),
                             ("flexibleShare", .double(r.flexibleShare))])
                }).serialized())
            }
            var table = TextTable(header: ["group", "dwellings", "vacancies", "referral", "flexible", "tightened", "ordinary", "flexible share"],
                                  rightAligned: Set(1...7))
            for r in rows {
                table.rows.append([r.name, String(r.dwellings), String(r.vacancies)] + Route.allCases.map { String(r.lettings[$0] ?? 0) }
                                  + [percentText(r.flexibleShare)])
            }
            emit("Forecast \(year), turnover \(turnover), the municipality using \(usedShare) of its offers\n" + table.render())
        }
    }
}
