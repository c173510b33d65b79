import ArgumentParser
import Foundation
import SampleLedgers
import VacancyLedger

extension VacancyLedgerCommand {
    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "sample",
            abstract: Phrase.help22.text(),
            discussion: "Writes city-departments.csv (the `department import` format) and city-indicators.csv (the `placement compute` format) into DIR. The vacancy stream is generated from the same seed by `demo`.")

        @Option(help: ArgumentHelp(Phrase.optTheGeneratorSSeed.text())) var seed: UInt64 = CityGenerator.defaultSeed
        @Option(help: ArgumentHelp(Phrase.optTheFolderToWrite.text(), valueName: "DIR")) var out: String = "."

        func run() throws {
            let city = CityGenerator(seed: seed)
            let dir = URL(fileURLWithPath: out)
            try write(city.departmentsCSV, to: dir.appendingPathComponent("city-departments.csv").path, field: .output, ledger: nil)
            try write(city.indicatorsCSV, to: dir.appendingPathComponent("city-indicators.csv").path, field: .output, ledger: nil)
            let units = city.departments.reduce(0) { $0 + $1.units }
            let onDepartmentStaircase = city.departments.filter { $0.placement.staircase == .department }.reduce(0) { $0 + $1.units }
            emit("Sample city (seed \(seed)): \(Set(city.departments.map(\.id.organisation)).count) organisations, \(city.departments.count) departments, \(units) dwellings (\(onDepartmentStaircase) on the department staircase), \(city.vacancies.count) vacancies in the stream; wrote city-departments.csv and city-indicators.csv to \(out).")
        }
    }
}
