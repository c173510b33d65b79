/// Counters recomputed from the entries alone: what `verify` compares the stored counters
/// with, and what audits over arbitrary windows use.
public enum Recount {
    /// Counters per department and period over the active vacancies (and forced voids).
    public static func counters(_ vacancies: some Sequence<VacancyRecord>) -> [CounterKey: Counters] {
        var result: [CounterKey: Counters] = [:]
        for v in vacancies {
            let key = CounterKey(department: v.department, periodID: v.periodID)
            var c = result[key] ?? Counters()
            defer { result[key] = c }
            guard v.isActive else {
                if v.voided?.forced == true { c.forcedVoids += 1 }
                continue
            }
            c.vacancies += 1
            if v.offered {
                c.offered += 1
                switch v.outcome {
                case nil: c.pending += 1
                case .referred?: c.referred += 1
                case .rehoused?: c.rehoused += 1
                case .returned?: c.returned += 1
                }
            }
            switch v.withheld {
            case .cap?: c.withheldCap += 1
            case .fourth?: c.withheldFourth += 1
            case .exempt?: c.withheldExempt += 1
            case nil: break
            }
        }
        return result
    }
}
