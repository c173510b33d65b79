import CSV
import SampleData

/// The demo: the sample departments and their vacancy stream replayed into a ledger in
/// date order, each offer answered on its answer date as the sample says. An answer S1
/// refuses is recorded as `returned`, as a clerk would.
public enum SampleCity {
    public struct Summary: Sendable {
        public var departments = 0
        public var vacancies = 0
        public var offers = 0
        public var settlements = 0
        /// Realised answers S1 refused (recorded as returned instead).
        public var refusedBySettlementCheck = 0
    }

    public static func build(into ledger: Ledger, by: String, progress: (String) -> Void = { _ in }) throws -> Summary {
        var summary = Summary()
        summary.departments = try ledger.importDepartments(csv: SampleData.departmentsCSV, by: by)
        progress("imported \(summary.departments) departments")

        struct Event { var date: String; var order: Int; var fields: [String]; var vacancy: Int64? }
        let reader = try CSVReader(string: SampleData.vacanciesCSV, hasHeaderRow: true)
        var events: [Event] = []
        while let fields = reader.next() { events.append(Event(date: fields[2], order: events.count, fields: fields)) }
        events.sort { ($0.date, $0.order) < ($1.date, $1.order) }

        var index = 0
        while index < events.count {
            let event = events[index]
            index += 1
            if let vacancy = event.vacancy {
                var outcome = Outcome(rawValue: event.fields[5]) ?? .returned
                do {
                    _ = try ledger.settle(vacancy: vacancy, outcome: outcome, date: event.date, by: by)
                } catch LedgerError.refused {
                    summary.refusedBySettlementCheck += 1
                    outcome = .returned
                    _ = try ledger.settle(vacancy: vacancy, outcome: outcome, date: event.date, by: by)
                }
                summary.settlements += 1
                continue
            }
            let f = event.fields
            let report = try ledger.log(LogRequest(department: f[0], unit: f[1], date: f[2], ref: f[3],
                                                   reservedUnit: f[4] == "true", by: by))
            summary.vacancies += 1
            if report.offered, let id = report.vacancy {
                summary.offers += 1
                // The answer arrives later: queue it in date order.
                let answer = Event(date: f[6], order: event.order, fields: f, vacancy: id)
                let at = events[index...].firstIndex { ($0.date, $0.order) > (answer.date, answer.order) } ?? events.endIndex
                events.insert(answer, at: at)
            }
            if summary.vacancies % 50 == 0 { progress("logged \(summary.vacancies) vacancies") }
        }
        progress("logged \(summary.vacancies) vacancies, \(summary.offers) offered, \(summary.settlements) answered")
        return summary
    }
}
