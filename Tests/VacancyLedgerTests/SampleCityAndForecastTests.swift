import Foundation
import Testing
@testable import SampleLedgers
@testable import VacancyLedger

@Suite struct ForecastTests {
    /// Seed 000's table, from its own inputs: three groups' dwellings, 10 % turnover and the
    /// flexible shares (to three decimals; the table prints them rounded to whole percent).
    @Test func theSeedTableComesBackToTheUnit() {
        let rows = Forecast.table([
            .init(name: "40 minus", dwellings: 36_223, shares: [.flexible: 0.378]),
            .init(name: "40 plus", dwellings: 9_027, shares: [.flexible: 0.72]),
            .init(name: "udsatte", dwellings: 4_764, shares: [.flexible: 0.702]),
        ], turnover: 0.10, totalName: "i alt")
        #expect(rows.map(\.dwellings) == [36_223, 9_027, 4_764, 50_014])
        #expect(rows.map(\.vacancies) == [3_622, 903, 476, 5_001])
        #expect(rows.map { $0.lettings[.flexible] ?? 0 } == [1_369, 650, 334, 2_353])
        #expect(rows.map { Int(($0.flexibleShare * 100).rounded()) } == [38, 72, 70, 47])
    }

    @Test func sharesFollowTheCycleAndTheCap() {
        for step in 1...4 {
            let shares = Forecast.shares(Placement(staircase: .department, step: step), policy: policy, year: 2026, usedShare: 0.5)
            #expect(abs(shares.values.reduce(0, +) - 1) < 1e-9, "step \(step) shares sum to 1")
            #expect((shares[.referral] ?? 0) <= 1.0 / 3 + 1e-9)
        }
        let everything = Forecast.shares(Placement(staircase: .department, step: 1), policy: policy, year: 2024, usedShare: 1)
        #expect(abs((everything[.referral] ?? 0) - 1.0 / 3) < 1e-9, "G1 caps realised referral at one in three")
        #expect(Forecast.shares(Placement(staircase: .area, step: 2), policy: policy, year: 2024, usedShare: 0.5) == [.tightened: 1])
    }
}

@Suite struct SampleCityTests {
    static let sampleDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SampleData")
    let city = CityGenerator(seed: 2024)

    func committed(_ name: String) throws -> String {
        try String(contentsOf: Self.sampleDir.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func theGeneratorIsDeterministicAndTheCommittedFilesAreItsOutput() throws {
        let again = CityGenerator(seed: 2024)
        #expect(again.departmentsCSV == city.departmentsCSV && again.vacancies.count == city.vacancies.count)
        #expect(CityGenerator(seed: 7).departmentsCSV != city.departmentsCSV)
        #expect(try committed("city-departments.csv") == city.departmentsCSV + "\n", "regenerate with `vacancy-ledger sample --out SampleData`")
        #expect(try committed("city-indicators.csv") == city.indicatorsCSV + "\n")
    }

    @Test func theCityHasTheSeedsProportions() {
        let d = city.departments
        #expect(Set(d.map(\.id.organisation)).count == 23 && d.count == 343)
        let dwellings = d.reduce(0) { $0 + $1.units }
        let departmentStaircase = d.filter { $0.placement.staircase == .department }.reduce(0) { $0 + $1.units }
        #expect((48_000...53_000).contains(dwellings), "about 50,000: \(dwellings)")
        #expect((37_000...42_000).contains(departmentStaircase), "about 39,000: \(departmentStaircase)")
        for year in 2024...2027 {
            let share = Double(city.vacancies.filter { $0.date.year == year }.count) / Double(dwellings)
            #expect((0.09...0.11).contains(share), "about 10 % turnover in \(year): \(share)")
        }
        let used = Double(city.vacancies.filter { $0.answer.isRealised }.count) / Double(city.vacancies.count)
        #expect((0.45...0.55).contains(used), "the municipality uses about half its offers: \(used)")
    }

    @Test func everyStepAndFlagOccursWithDanishNames() {
        let placements = city.departments.map(\.placement)
        for step in 1...4 { #expect(placements.contains { $0.staircase == .department && $0.step == step }, "department step \(step)") }
        for step in 1...2 { #expect(placements.contains { $0.staircase == .area && $0.step == step }, "area step \(step)") }
        #expect(placements.contains { $0.atRisk } && placements.contains { $0.exempt } && placements.contains { $0.reserved > 0 })
        #expect(placements.contains { !$0.criteria.isEmpty })
        #expect(city.departments.contains { $0.indicators.areaList == .none && $0.placement.staircase == .area }, "P3 occurs")
        for letter in ["Æ", "Ø", "Å"] {
            #expect(city.departments.contains { $0.name.hasPrefix(letter) }, "a name starting with \(letter)")
            #expect(city.departments.contains { $0.id.organisation.hasPrefix(letter) }, "an organisation starting with \(letter)")
        }
    }

    @Test func placementComputeOnTheCommittedIndicatorsReproducesThePlacements() throws {
        let ledger = try memoryLedger()
        #expect(try ledger.importDepartments(csv: committed("city-departments.csv"), by: "t") == 343)
        let moves = try ledger.computePlacements(csv: committed("city-indicators.csv"), effective: "2025-01-01", dryRun: true, by: "t")
        #expect(moves.count == 343)
        #expect(moves.filter { $0.kind != .unchanged }.map(\.department).isEmpty)
    }

    @Test func theCityReplaysIntoALedgerKeepingI1() throws {
        let ledger = try memoryLedger()
        try ledger.relaxDurabilityForBulkLoad()
        // The first quarter keeps the suite fast; `demo` replays all of it.
        let end = CivilDate(year: 2024, month: 3, day: 31)!
        let summary = try SampleCity.buildCity(into: ledger, seed: 2024, until: end, by: "t")
        let expected = city.vacancies.filter { $0.date <= end }.count
        #expect(summary.departments == 343 && summary.vacancies == expected && expected > 1000)
        let audit = try ledger.audit()
        #expect(!audit.hasBreach && audit.totals!.counters.vacancies == expected)
        #expect(try ledger.verify().isClean)
    }
}
