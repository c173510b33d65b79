/// What the rule engine is given to decide one vacancy: plain values, no I/O.
public struct DecisionInput: Sendable {
    public var policy: Policy
    /// The placement in force on the vacancy's date.
    public var placement: Placement
    public var date: CivilDate
    /// The vacancy's number in its department's sequence for the period (§6).
    public var number: Int
    /// `log --reserved-unit`: a dwelling reserved for fixed referral (R5).
    public var reservedUnit: Bool
    /// The department's counters for the period before this vacancy.
    public var counters: Counters
    /// For G2: the most recent earlier active vacancies that count as "preceding"
    /// (per `fourthDwelling.counts`), oldest first, at most `fourthDwelling.run` of them.
    public var preceding: [PrecedingDwelling]

    public init(policy: Policy, placement: Placement, date: CivilDate, number: Int, reservedUnit: Bool = false,
                counters: Counters, preceding: [PrecedingDwelling] = []) {
        self.policy = policy
        self.placement = placement
        self.date = date
        self.number = number
        self.reservedUnit = reservedUnit
        self.counters = counters
        self.preceding = preceding
    }
}

/// An earlier active vacancy of the department and period, as it stands now: the raw
/// history the Store hands over, from which G2 picks its preceding dwellings.
public struct EarlierDwelling: Hashable, Sendable {
    public var patternRoute: Route
    public var offered: Bool
    /// Offered and, at this moment, settled `referred` or `rehoused`.
    public var realised: Bool

    public init(patternRoute: Route, offered: Bool, realised: Bool) {
        self.patternRoute = patternRoute
        self.offered = offered
        self.realised = realised
    }
}

/// An earlier dwelling as G2 sees it.
public struct PrecedingDwelling: Hashable, Sendable {
    public var offered: Bool
    /// Offered and, at this moment, settled `referred` or `rehoused`.
    public var realised: Bool

    public init(offered: Bool, realised: Bool) {
        self.offered = offered
        self.realised = realised
    }
}

/// The route of one vacancy and the rules that produced it.
public struct Decision: Hashable, Sendable {
    public var number: Int
    /// p = 0: every 9th vacancy (genhusningsbolig), flagged on both staircases.
    public var rehousing: Bool
    /// What R1–R5 give before the safeguards.
    public var patternRoute: Route
    /// The route the dwelling is let by after the safeguards (`referral` while offered).
    public var route: Route
    /// R6: the waiting-list route if the offer is returned (or it was withheld).
    public var fallbackRoute: Route
    public var offered: Bool
    public var withheld: WithheldReason?
    /// The tightened criteria of the waiting-list route (empty unless it is `tightened`).
    public var waitingListCriteria: [Criterion]
    /// The pattern rule (R1–R5), then the guard that fired (G1–G3), if any.
    public var rules: [RuleID]

    /// The counters after this decision, given the counters before it.
    public func counters(after before: Counters) -> Counters {
        before.applying(.logged(offered: offered, withheld: withheld))
    }
}
