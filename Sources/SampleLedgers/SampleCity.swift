public import VacancyLedger
import CSV
import GRDB
import SampleData

/// The demo: sample departments and their vacancy stream imported into a ledger (the path
/// real users take), each offer answered on its answer date as the sample says. An answer
/// S1 refuses is recorded as `returned`, as a clerk would.
public enum SampleCity {
    public struct Summary: Sendable {
        public var departments = 0
        public var vacancies = 0
        public var offers = 0
        public var settlements = 0
        /// Realised answers S1 refused (recorded as returned instead).
        public var refusedBySettlementCheck = 0
    }

    /// The small sample of `SampleData/` (8 departments, 156 vacancies of 2024–2025).
    public static func build(into ledger: Ledger, by: String, progress: (Progress) -> Void = { _ in }) throws -> Summary {
        let reader = try CSVReader(string: SampleData.vacanciesCSV, hasHeaderRow: true)
        var stream: [CityGenerator.Vacancy] = []
        while let f = reader.next() {
            stream.append(CityGenerator.Vacancy(department: DepartmentID(f[0])!, unit: f[1], date: CivilDate(f[2])!,
                                                reservedUnit: f[4] == "true", answer: Outcome(rawValue: f[5]) ?? .returned,
                                                answerDate: CivilDate(f[6])!))
        }
        return try replay(into: ledger, departmentsCSV: SampleData.departmentsCSV, stream: stream, by: by, progress: progress)
    }

    /// The generated city (343 departments, the whole agreement period).
    /// `until` cuts the stream short (vacancies dated after it are left out).
    public static func buildCity(into ledger: Ledger, seed: UInt64, until: CivilDate? = nil, by: String,
                                 progress: (Progress) -> Void = { _ in }) throws -> Summary {
        let city = CityGenerator(seed: seed)
        let stream = until.map { end in city.vacancies.filter { $0.date <= end } } ?? city.vacancies
        return try replay(into: ledger, departmentsCSV: city.departmentsCSV, stream: stream, by: by, progress: progress)
    }

    /// How far a build has come, for the caller to show (the CLI words it).
    public enum Progress: Sendable {
        case departments(Int)
        case events(done: Int, total: Int)
    }

    /// The sample history as a housing association would send it — one CSV row a vacancy,
    /// with the municipality's answer — imported through `vacancy-ledger import`'s path;
    /// then the answers S1 refused are recorded as `returned` by a second, extending import.
    static func replay(into ledger: Ledger, departmentsCSV: String, stream: [CityGenerator.Vacancy], by: String,
                       progress: (Progress) -> Void) throws -> Summary {
        var summary = Summary()
        summary.departments = try ledger.importDepartments(csv: departmentsCSV, by: by)
        progress(.departments(summary.departments))
        let header = ["ref", "department", "unit", "date", "reserved_unit", "outcome", "settled_on"]
        let rows = stream.enumerated().map { index, v in
            ["sample-\(index + 1)", v.department.rawValue, v.unit, v.date.description, String(v.reservedUnit),
             v.answer.rawValue, max(v.answerDate, v.date).description]
        }
        let every = max(1, stream.count / 10)
        var reported = 0
        let first = try ledger.importVacancies(ImportRequest(text: CSVText.render([header] + rows), by: by)) { done, total in
            if done - reported >= every || done == total {
                reported = done
                progress(.events(done: done, total: total))
            }
        }
        // The answers S1 refused, recorded as returned, as a clerk would.
        let refused = Set(first.listed.filter { $0.kind == .refused }.map(\.ref))
        let ref = header.firstIndex(of: "ref")!, outcome = header.firstIndex(of: "outcome")!
        let returned = rows.filter { refused.contains($0[ref]) }.map { row -> [String] in
            var row = row
            row[outcome] = Outcome.returned.rawValue
            return row
        }
        let second = returned.isEmpty ? ImportSummary()
            : try ledger.importVacancies(ImportRequest(text: CSVText.render([header] + returned), by: by))
        summary.vacancies = first.added + first.alreadyPresent
        summary.offers = try ledger.vacancies().filter(\.offered).count
        summary.settlements = first.settled + second.settled
        summary.refusedBySettlementCheck = refused.count
        return summary
    }
}
