/// A department's counters for one agreement period, over active (not voided) entries.
public struct Counters: Hashable, Sendable {
    /// n: active vacancies.
    public var vacancies = 0
    /// Offers made: pending + realised + returned.
    public var offered = 0
    public var pending = 0
    public var referred = 0
    public var rehoused = 0
    public var returned = 0
    public var withheldCap = 0
    public var withheldFourth = 0
    public var withheldExempt = 0
    /// Vacancy voids forced through an I1 refusal; a breach stays visible.
    public var forcedVoids = 0
    /// Answers recorded through an S1 refusal (`settle --force`), ever.
    public var forcedAnswers = 0

    public init() {}

    /// Realised referral: referred + rehoused.
    public var realised: Int { referred + rehoused }
    public var withheld: Int { withheldCap + withheldFourth + withheldExempt }
    /// Entries recorded through an I1 refusal: where one in three may break at some date.
    public var hasForcedEntry: Bool { forcedVoids > 0 || forcedAnswers > 0 }

    /// Headroom: ⌊n / cap⌋ − realised (RULES.md §7).
    public func headroom(capEvery: Int) -> Int { vacancies / capEvery - realised }

    /// I1: cap × realised ≤ n.
    public func satisfiesI1(capEvery: Int) -> Bool { capEvery * realised <= vacancies }

    /// RULES.md §7 on the totals: `at-limit` only where the limit binds on something, a
    /// realised referral or a pending offer; an empty department, or one never offered
    /// anything (area step 2), is `ok`. A breach by dates is the caller's to add.
    public func status(capEvery: Int) -> ComplianceStatus {
        if !satisfiesI1(capEvery: capEvery) { return .breach }
        return headroom(capEvery: capEvery) == 0 && bindsOnSomething ? .atLimit : .ok
    }

    /// Whether one in three has anything to bind on: a realised referral or a pending offer.
    public var bindsOnSomething: Bool { realised > 0 || pending > 0 }

    public static func + (lhs: Counters, rhs: Counters) -> Counters { combine(lhs, rhs, +) }
    public static func - (lhs: Counters, rhs: Counters) -> Counters { combine(lhs, rhs, -) }

    /// Every figure of `lhs` with the same figure of `rhs`.
    private static func combine(_ lhs: Counters, _ rhs: Counters, _ op: (Int, Int) -> Int) -> Counters {
        var result = Counters()
        result.vacancies = op(lhs.vacancies, rhs.vacancies)
        result.offered = op(lhs.offered, rhs.offered)
        result.pending = op(lhs.pending, rhs.pending)
        result.referred = op(lhs.referred, rhs.referred)
        result.rehoused = op(lhs.rehoused, rhs.rehoused)
        result.returned = op(lhs.returned, rhs.returned)
        result.withheldCap = op(lhs.withheldCap, rhs.withheldCap)
        result.withheldFourth = op(lhs.withheldFourth, rhs.withheldFourth)
        result.withheldExempt = op(lhs.withheldExempt, rhs.withheldExempt)
        result.forcedVoids = op(lhs.forcedVoids, rhs.forcedVoids)
        result.forcedAnswers = op(lhs.forcedAnswers, rhs.forcedAnswers)
        return result
    }
}

/// What moves a department's counters (RULES.md §5, §6): the only four events there are.
public enum CounterEvent: Sendable, Hashable {
    /// A vacancy decided: offered to the municipality, withheld by a guard, or neither.
    case logged(offered: Bool, withheld: WithheldReason?)
    /// The municipality's answer on a pending offer.
    case settled(Outcome)
    /// A settlement voided: the offer is pending again.
    case settlementVoided(Outcome)
    /// A vacancy voided with whatever settlement it had; `forced` when it broke I1.
    case vacancyVoided(offered: Bool, withheld: WithheldReason?, outcome: Outcome?, forced: Bool)
}

extension Counters {
    /// The counters after one event: the one place their arithmetic is written. Logging,
    /// S1, the I1 check on voids, the recount behind `verify` and audits over a window all
    /// use it; the database's triggers (m001) do the same in SQL.
    public func applying(_ event: CounterEvent) -> Counters {
        var c = self
        switch event {
        case let .logged(offered, withheld):
            c.vacancies += 1
            if offered { c.offered += 1; c.pending += 1 }
            c.addWithheld(withheld, 1)
        case let .settled(outcome):
            c.pending -= 1
            c.addOutcome(outcome, 1)
        case let .settlementVoided(outcome):
            c.pending += 1
            c.addOutcome(outcome, -1)
        case let .vacancyVoided(offered, withheld, outcome, forced):
            c.vacancies -= 1
            if offered {
                c.offered -= 1
                if let outcome { c.addOutcome(outcome, -1) } else { c.pending -= 1 }
            }
            c.addWithheld(withheld, -1)
            if forced { c.forcedVoids += 1 }
        }
        return c
    }

    private mutating func addOutcome(_ outcome: Outcome, _ delta: Int) {
        switch outcome {
        case .referred: referred += delta
        case .rehoused: rehoused += delta
        case .returned: returned += delta
        }
    }

    private mutating func addWithheld(_ reason: WithheldReason?, _ delta: Int) {
        switch reason {
        case .cap?: withheldCap += delta
        case .fourth?: withheldFourth += delta
        case .exempt?: withheldExempt += delta
        case nil: break
        }
    }
}

/// One-in-three compliance of a department (or a roll-up).
public enum ComplianceStatus: String, Sendable, Codable {
    case ok
    /// Headroom 0 with something realised or pending: the next realised referral would
    /// need another vacancy first.
    case atLimit = "at-limit"
    /// I1 broken: only through a forced correction or imported history.
    case breach
}

/// The six figures of the CLI's `counters`, as stored with each decision
/// (`explain`'s `countersAtDecision`): the department's counters right after it.
public struct CounterSnapshot: Hashable, Sendable {
    public var vacancies: Int
    public var offered: Int
    public var pending: Int
    public var realised: Int
    public var returned: Int
    public var withheld: Int

    public init(vacancies: Int, offered: Int, pending: Int, realised: Int, returned: Int, withheld: Int) {
        self.vacancies = vacancies
        self.offered = offered
        self.pending = pending
        self.realised = realised
        self.returned = returned
        self.withheld = withheld
    }
}

/// A department and an agreement period: the scope of a counters row.
public struct CounterKey: Hashable, Sendable {
    public var department: DepartmentID
    public var periodID: Int64
}
