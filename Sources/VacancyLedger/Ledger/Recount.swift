/// Counters and lettings recomputed from the entries alone: what `verify` compares the
/// stored ones with, and what audits over arbitrary windows use. Vacancies are added one by
/// one, so a recount of any history streams.
public struct Recount: Sendable {
    public private(set) var counters: [CounterKey: Counters] = [:]
    public private(set) var lettings: [CounterKey: [Route: Int]] = [:]
    /// The same per calendar month of the vacancy date (m009), when asked for.
    public private(set) var months: [MonthKey: MonthFigures] = [:]
    /// The same per vacancy date (m010), when asked for: one department's, or a test's. A
    /// whole history's days are checked one day at a time instead (`DayCheck`).
    public private(set) var days: [DayKey: MonthFigures] = [:]
    private let keepsMonths: Bool, keepsDays: Bool

    public init(months: Bool = false, days: Bool = false) { keepsMonths = months; keepsDays = days }

    /// The months, leaving none here (one copy of them in memory, not two).
    mutating func takeMonths() -> [MonthKey: MonthFigures] {
        defer { months = [:] }
        return months
    }

    public mutating func add(_ v: VacancyRecord) {
        let key = CounterKey(department: v.department, periodID: v.periodID)
        let before = counters[key] ?? Counters()
        var c = before.applying(.logged(offered: v.offered, withheld: v.withheld))
        if let outcome = v.outcome { c = c.applying(.settled(outcome)) }
        if let void = v.voided {
            c = c.applying(.vacancyVoided(offered: v.offered, withheld: v.withheld, outcome: v.outcome, forced: void.forced))
        } else {
            lettings[key, default: [:]][v.currentRoute, default: 0] += 1
        }
        counters[key] = c
        // A month or day keeps active vacancies only (a forced void is the period's).
        if keepsMonths, v.voided == nil { months[MonthKey(month: MonthKey.month(of: v.date), key: key), default: MonthFigures()].add(active: v) }
        if keepsDays, v.voided == nil { days[DayKey(day: v.date, key: key), default: MonthFigures()].add(active: v) }
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

/// A department, an agreement period and a calendar month of vacancy dates: the scope of a
/// `counters_by_month` row (m009).
public struct MonthKey: Hashable, Sendable, Comparable {
    /// year × 100 + month, e.g. 202503.
    public var month: Int
    public var key: CounterKey

    public static func month(of date: CivilDate) -> Int { date.year * 100 + date.month }

    /// `YYYY-MM`, as stored.
    public static func text(_ month: Int) -> String {
        let m = month % 100
        return "\(month / 100)-\(m < 10 ? "0" : "")\(m)"
    }

    public static func < (a: MonthKey, b: MonthKey) -> Bool {
        (a.month, a.key.department, a.key.periodID) < (b.month, b.key.department, b.key.periodID)
    }
}

/// A department, an agreement period and a vacancy date: the scope of a `counters_by_day`
/// row (m010).
public struct DayKey: Hashable, Sendable, Comparable {
    public var day: CivilDate
    public var key: CounterKey

    public static func < (a: DayKey, b: DayKey) -> Bool {
        (a.day, a.key.department, a.key.periodID) < (b.day, b.key.department, b.key.periodID)
    }
}

/// One month's or day's counters (no forced voids: those belong to the period) and lettings.
public struct MonthFigures: Hashable, Sendable {
    public var counters = Counters()
    public var lettings = RouteCounts()
    public init() {}

    public static func + (a: MonthFigures, b: MonthFigures) -> MonthFigures {
        var sum = MonthFigures()
        sum.counters = a.counters + b.counters
        sum.lettings = a.lettings + b.lettings
        return sum
    }

    /// What is left of `a` without `b` (a month less the days of it outside a window).
    public static func - (a: MonthFigures, b: MonthFigures) -> MonthFigures {
        var difference = MonthFigures()
        difference.counters = a.counters - b.counters
        difference.lettings = a.lettings - b.lettings
        return difference
    }

    mutating func add(_ other: MonthFigures) { self = self + other }

    /// An active vacancy's part: logged, settled if it is, let by the route it is let by now.
    mutating func add(active v: VacancyRecord) {
        var c = counters.applying(.logged(offered: v.offered, withheld: v.withheld))
        if let outcome = v.outcome { c = c.applying(.settled(outcome)) }
        counters = c
        lettings[v.currentRoute] += 1
    }
}

/// Dwellings per route, without a dictionary per row (a recount of thirty years of months
/// holds hundreds of thousands of these).
public struct RouteCounts: Hashable, Sendable {
    public var referral = 0, flexible = 0, tightened = 0, ordinary = 0

    public init() {}

    public subscript(route: Route) -> Int {
        get {
            switch route {
            case .referral: referral
            case .flexible: flexible
            case .tightened: tightened
            case .ordinary: ordinary
            }
        }
        set {
            switch route {
            case .referral: referral = newValue
            case .flexible: flexible = newValue
            case .tightened: tightened = newValue
            case .ordinary: ordinary = newValue
            }
        }
    }

    /// The non-zero routes, as audits show them.
    public var byRoute: [Route: Int] {
        var result: [Route: Int] = [:]
        for route in Route.allCases where self[route] != 0 { result[route] = self[route] }
        return result
    }

    public static func + (a: RouteCounts, b: RouteCounts) -> RouteCounts { combine(a, b, +) }
    public static func - (a: RouteCounts, b: RouteCounts) -> RouteCounts { combine(a, b, -) }

    private static func combine(_ a: RouteCounts, _ b: RouteCounts, _ op: (Int, Int) -> Int) -> RouteCounts {
        var result = RouteCounts()
        for route in Route.allCases { result[route] = op(a[route], b[route]) }
        return result
    }
}

/// I1 by dates recounted from the entries alone (`verify`): per department and period, the
/// dates of the active vacancies and of their active realised answers, as day numbers (four
/// bytes an entry: a million vacancies hold about 5 MB).
struct DatedRecount: Sendable {
    private var vacancyDays: [CounterKey: [Int32]] = [:]
    private var realisedDays: [CounterKey: [Int32]] = [:]
    private let periods: [Int64: PeriodRecord]

    init(periods: [PeriodRecord]) {
        self.periods = Dictionary(uniqueKeysWithValues: periods.map { ($0.id, $0) })
    }

    mutating func add(_ v: VacancyRecord) {
        guard v.isActive else { return }
        let key = CounterKey(department: v.department, periodID: v.periodID)
        vacancyDays[key, default: []].append(Int32(v.date.dayNumber))
        if let settlement = v.settlement, settlement.outcome.isRealised, let period = periods[v.periodID] {
            realisedDays[key, default: []].append(Int32(min(settlement.date, period.range.end).dayNumber))
        }
    }

    var keys: [CounterKey] {
        Set(vacancyDays.keys).union(realisedDays.keys).sorted { ($0.department, $0.periodID) < ($1.department, $1.periodID) }
    }

    func period(_ key: CounterKey) -> PeriodRecord? { periods[key.periodID] }

    /// One department's figures, made when asked for (one at a time, not all at once).
    func figures(_ key: CounterKey) -> DatedFigures? {
        guard let period = periods[key.periodID] else { return nil }
        var figures = DatedFigures(periodEnd: period.range.end)
        for day in (vacancyDays[key] ?? []).sorted() { figures.addVacancy(on: CivilDate(dayNumber: Int(day))) }
        for day in (realisedDays[key] ?? []).sorted() { figures.addRealised(on: CivilDate(dayNumber: Int(day))) }
        return figures
    }

    /// The realised answers per department as `realised_by_day` (m012) should sum them.
    var realisedSums: [CounterKey: DaySums] {
        realisedDays.mapValues { days in days.reduce(into: DaySums()) { $0.add(day: Int($1), count: 1) } }
    }
}

/// A department's dated counts folded into three sums (count, Σ day × count, Σ day² × count),
/// so a kept table keyed by day is compared with its recount without holding either: a
/// count moved to another day changes the second sum, a swap of two the third.
struct DaySums: Hashable, Sendable, CustomStringConvertible {
    var count = 0
    var days = 0
    var squares = 0

    mutating func add(day: Int, count: Int) {
        self.count += count
        days &+= day &* count
        squares &+= day &* day &* count
    }

    var description: String { "\(count) answers (day sums \(days), \(squares))" }
}
