public import VacancyLedger
import CSV
import GRDB
import SampleData

/// The demo: sample departments and their vacancy stream replayed into a ledger in date
/// order, each offer answered on its answer date as the sample says. An answer S1 refuses
/// is recorded as `returned`, as a clerk would.
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
    public static func build(into ledger: Ledger, by: String, progress: (String) -> Void = { _ in }) throws -> Summary {
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
                                 progress: (String) -> Void = { _ in }) throws -> Summary {
        let city = CityGenerator(seed: seed)
        let stream = until.map { end in city.vacancies.filter { $0.date <= end } } ?? city.vacancies
        return try replay(into: ledger, departmentsCSV: city.departmentsCSV, stream: stream, by: by, progress: progress)
    }

    static func replay(into ledger: Ledger, departmentsCSV: String, stream: [CityGenerator.Vacancy], by: String,
                       progress: (String) -> Void) throws -> Summary {
        var summary = Summary()
        summary.departments = try ledger.importDepartments(csv: departmentsCSV, by: by)
        progress("imported \(summary.departments) departments")
        // Events in date order; an offer's answer is queued at its answer date.
        struct Event { var date: CivilDate; var order: Int; var vacancy: CityGenerator.Vacancy; var id: Int64? }
        var events = stream.enumerated().map { Event(date: $0.element.date, order: $0.offset, vacancy: $0.element, id: nil) }
        var index = 0
        let every = max(1, stream.count / 10)
        while index < events.count {
            let event = events[index]
            index += 1
            let v = event.vacancy
            if let id = event.id {
                do {
                    _ = try ledger.settle(vacancy: id, outcome: v.answer, date: event.date.description, by: by)
                } catch let error as LedgerError where error.rule == .S1 {
                    summary.refusedBySettlementCheck += 1
                    _ = try ledger.settle(vacancy: id, outcome: .returned, date: event.date.description, by: by)
                }
                summary.settlements += 1
                continue
            }
            let report = try ledger.log(LogRequest(department: v.department.rawValue, unit: v.unit, date: v.date.description,
                                                   ref: "sample-\(event.order + 1)", reservedUnit: v.reservedUnit, by: by))
            summary.vacancies += 1
            if report.offered, let id = report.vacancy {
                summary.offers += 1
                let answer = Event(date: v.answerDate, order: event.order, vacancy: v, id: id)
                let at = events[index...].firstIndex { ($0.date, $0.order) > (answer.date, answer.order) } ?? events.endIndex
                events.insert(answer, at: at)
            }
            if summary.vacancies % every == 0 { progress("logged \(summary.vacancies) of \(stream.count) vacancies") }
        }
        progress("logged \(summary.vacancies) vacancies, \(summary.offers) offered, \(summary.settlements) answered")
        return summary
    }
}
