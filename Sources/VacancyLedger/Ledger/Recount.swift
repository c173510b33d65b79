/// Counters and lettings recomputed from the entries alone: what `verify` compares the
/// stored ones with, and what audits over arbitrary windows use. Vacancies are added one by
/// one, so a recount of any history streams.
public struct Recount {
    public private(set) var counters: [CounterKey: Counters] = [:]
    public private(set) var lettings: [CounterKey: [Route: Int]] = [:]

    public init() {}

    public mutating func add(_ v: VacancyRecord) {
        let key = CounterKey(department: v.department, periodID: v.periodID)
        var c = (counters[key] ?? Counters()).applying(.logged(offered: v.offered, withheld: v.withheld))
        if let outcome = v.outcome { c = c.applying(.settled(outcome)) }
        if let void = v.voided {
            c = c.applying(.vacancyVoided(offered: v.offered, withheld: v.withheld, outcome: v.outcome, forced: void.forced))
        } else {
            lettings[key, default: [:]][v.currentRoute, default: 0] += 1
        }
        counters[key] = c
    }

    /// Counters per department and period over the active vacancies (and forced voids).
    public static func counters(_ vacancies: some Sequence<VacancyRecord>) -> [CounterKey: Counters] {
        var recount = Recount()
        for v in vacancies { recount.add(v) }
        return recount.counters
    }

    /// Active vacancies by the route they are let by now, per department and period.
    public static func lettings(_ vacancies: some Sequence<VacancyRecord>) -> [CounterKey: [Route: Int]] {
        var recount = Recount()
        for v in vacancies { recount.add(v) }
        return recount.lettings
    }
}
