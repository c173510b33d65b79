/// Counters recomputed from the entries alone: what `verify` compares the stored counters
/// with, and what audits over arbitrary windows use.
public enum Recount {
    /// Counters per department and period over the active vacancies (and forced voids).
    public static func counters(_ vacancies: some Sequence<VacancyRecord>) -> [CounterKey: Counters] {
        var result: [CounterKey: Counters] = [:]
        for v in vacancies {
            let key = CounterKey(department: v.department, periodID: v.periodID)
            var c = (result[key] ?? Counters()).applying(.logged(offered: v.offered, withheld: v.withheld))
            if let outcome = v.outcome { c = c.applying(.settled(outcome)) }
            if let void = v.voided {
                c = c.applying(.vacancyVoided(offered: v.offered, withheld: v.withheld, outcome: v.outcome, forced: void.forced))
            }
            result[key] = c
        }
        return result
    }

    /// Active vacancies by the route they are let by now, per department and period.
    public static func lettings(_ vacancies: some Sequence<VacancyRecord>) -> [CounterKey: [Route: Int]] {
        var result: [CounterKey: [Route: Int]] = [:]
        for v in vacancies where v.isActive {
            result[CounterKey(department: v.department, periodID: v.periodID), default: [:]][v.currentRoute, default: 0] += 1
        }
        return result
    }
}
