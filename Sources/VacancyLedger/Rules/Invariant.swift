/// I1 and the checks that keep it: S1 at settlement, the I1 check on voids. I1 is counted
/// by dates (RULES.md §5): at every date t of the period, `cap × realised(t) ≤ n(t)`, where
/// n(t) counts the active vacancies dated on or before t and realised(t) the active realised
/// answers settled on or before t (one settled after the period's last day counts on that
/// day). So a history gives the same ledger whatever order its entries were typed in.
extension RuleEngine {
    /// I1 on a department's totals: `cap × realised ≤ n` (at the period's last day).
    public static func invariantHolds(_ counters: Counters, capEvery: Int) -> Bool {
        counters.satisfiesI1(capEvery: capEvery)
    }

    /// I1 by dates: the first date on or after `from` (else the period's first dated entry)
    /// and on or before `through` at which `cap × realised(t) > n(t)`.
    public static func firstBreach(_ figures: DatedFigures, capEvery: Int, from: CivilDate? = nil,
                                   through: CivilDate? = nil) -> DatedState? {
        figures.states(from: from).first { state in
            (through.map { state.date <= $0 } ?? true) && capEvery * state.realised > state.vacancies
        }
    }

    /// S1: recording `outcome` settled on `day` on a pending offer of the department. A
    /// realised answer is refused when it would break I1 at its settlement date or at any
    /// later date of the period, with the entries already in `figures`; `returned` is
    /// always allowed. `nil` when allowed.
    public static func settlementRefusal(_ outcome: Outcome, on day: CivilDate, figures: DatedFigures,
                                         capEvery: Int) -> SettlementRefusal? {
        guard outcome.isRealised else { return nil }
        let counted = min(day, figures.periodEnd)
        let states = figures.states(from: counted)
        // The answer adds one to realised(t) at every state from its date on.
        let failing = states.indices.filter { capEvery * (states[$0].realised + 1) > states[$0].vacancies }
        guard let first = failing.first, let last = failing.last else { return nil }
        var breaks = states[first]
        breaks.realised += 1
        // Settled later, the answer would hold from the state after the last failing one:
        // only a date with more vacancies can mend it, and from there on every state holds.
        let holdsFrom = last + 1 < states.count ? states[last + 1].date : nil
        return SettlementRefusal(breaks: breaks, holdsFrom: holdsFrom)
    }

    /// §6: voiding a vacancy dated `date` (with its realised answer settled on
    /// `realisedOn`, if any) lowers n(t) from its date on and realised(t) from its answer's.
    /// Refused (unless forced) when I1 would then fail at a date on or after the vacancy's:
    /// the first such date, else `nil`.
    public static func voidBreach(vacancyOn date: CivilDate, realisedOn: CivilDate?, figures: DatedFigures,
                                  capEvery: Int) -> DatedState? {
        var after = figures
        after.addVacancy(on: date, count: -1)
        if let realisedOn { after.addRealised(on: realisedOn, count: -1) }
        return firstBreach(after, capEvery: capEvery, from: date)
    }
}

/// Why S1 refused an answer: the first date at which one in three would break, and the
/// earliest settlement date at which the answer would hold (none: no date in the period).
public struct SettlementRefusal: Sendable, Equatable {
    /// n and realised at that date, the answer included.
    public var breaks: DatedState
    public var holdsFrom: CivilDate?
}

/// One in three at a date: n(t) and realised(t).
public struct DatedState: Sendable, Equatable {
    public var date: CivilDate
    public var vacancies: Int
    public var realised: Int
}

/// A department's figures by date in one agreement period (RULES.md I1): its active
/// vacancies by their dates and its active realised answers by their settlement dates, an
/// answer settled after the period's last day on that day.
public struct DatedFigures: Sendable, Equatable {
    public struct DayCount: Sendable, Equatable {
        public var day: CivilDate
        public var count: Int
    }

    /// Sorted by day, one entry a day.
    public private(set) var vacancies: [DayCount] = []
    public private(set) var realised: [DayCount] = []
    public let periodEnd: CivilDate

    public init(periodEnd: CivilDate) { self.periodEnd = periodEnd }

    public mutating func addVacancy(on day: CivilDate, count: Int = 1) { Self.add(count, on: day, to: &vacancies) }

    public mutating func addRealised(on day: CivilDate, count: Int = 1) {
        Self.add(count, on: min(day, periodEnd), to: &realised)
    }

    private static func add(_ count: Int, on day: CivilDate, to list: inout [DayCount]) {
        // Entries mostly arrive in date order: look from the end.
        var index = list.endIndex
        while index > list.startIndex && list[index - 1].day > day { index -= 1 }
        if index > list.startIndex && list[index - 1].day == day {
            list[index - 1].count += count
        } else {
            list.insert(DayCount(day: day, count: count), at: index)
        }
    }

    /// The state at `from` (everything dated on or before it), then at every later date where
    /// n or realised changes; without `from`, from the first dated entry.
    public func states(from: CivilDate? = nil) -> [DatedState] {
        var states: [DatedState] = []
        var (i, j, n, r) = (0, 0, 0, 0)
        var atFrom = from == nil
        while i < vacancies.count || j < realised.count {
            let next = i == vacancies.count ? realised[j].day
                : j == realised.count ? vacancies[i].day : min(vacancies[i].day, realised[j].day)
            if let from, !atFrom, next > from {
                states.append(DatedState(date: from, vacancies: n, realised: r))
                atFrom = true
            }
            while i < vacancies.count && vacancies[i].day == next { n += vacancies[i].count; i += 1 }
            while j < realised.count && realised[j].day == next { r += realised[j].count; j += 1 }
            if atFrom || next == from {
                states.append(DatedState(date: next, vacancies: n, realised: r))
                atFrom = true
            }
        }
        if let from, !atFrom { states.append(DatedState(date: from, vacancies: n, realised: r)) }
        return states
    }
}
