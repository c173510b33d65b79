/// Rows of the ledger as the library hands them out: plain values, decoded by hand.

public struct PeriodRecord: Hashable, Sendable {
    public var id: Int64
    public var range: DateRange
    /// `2024-01-01/2027-12-31` (an ISO 8601 interval).
    public var label: String { "\(range.start)/\(range.end)" }
}

public struct PolicyRecord: Sendable {
    public var id: Int64
    public var periodID: Int64
    public var version: Int
    public var name: String
    public var policy: Policy
    public var sourceText: String
    public var loadedAt: String
}

public struct DepartmentRecord: Hashable, Sendable {
    public var id: DepartmentID
    public var name: String
    public var units: Int
    public var createdAt: String
    public var createdBy: String
}

public struct PlacementRecord: Hashable, Sendable {
    public var id: Int64
    public var department: DepartmentID
    public var effectiveFrom: CivilDate
    public var placement: Placement
    public var recordedAt: String
    public var recordedBy: String
}

public struct SettlementRecord: Hashable, Sendable {
    public var id: Int64
    public var vacancyID: Int64
    public var outcome: Outcome
    public var date: CivilDate
    public var recordedAt: String
    public var recordedBy: String
}

public struct CorrectionRecord: Hashable, Sendable {
    public var id: Int64
    public var vacancyID: Int64?
    public var settlementID: Int64?
    public var reason: String
    public var forced: Bool
    public var recordedAt: String
    public var recordedBy: String
}

/// A logged vacancy, its decision, and its state now (active settlement, void).
public struct VacancyRecord: Hashable, Sendable {
    public var id: Int64
    public var department: DepartmentID
    public var periodID: Int64
    public var number: Int
    public var date: CivilDate
    public var unit: String
    public var ref: String?
    public var reservedUnit: Bool
    public var rehousing: Bool
    public var patternRoute: Route
    /// The route decided at logging (before any settlement).
    public var decidedRoute: Route
    public var fallbackRoute: Route
    public var offered: Bool
    public var withheld: WithheldReason?
    public var criteria: [Criterion]
    public var rules: [RuleID]
    public var placementID: Int64
    public var policyVersionID: Int64
    /// The department's counters right after the decision.
    public var countersAtDecision: CounterSnapshot
    public var recordedAt: String
    public var recordedBy: String
    /// The settlement in force (not voided), if any.
    public var settlement: SettlementRecord?
    /// The correction that voided this vacancy, if any.
    public var voided: CorrectionRecord?

    public var isActive: Bool { voided == nil }
    public var outcome: Outcome? { settlement?.outcome }

    /// The route the dwelling is let by now: the R6 route after a return.
    public var currentRoute: Route {
        Self.currentRoute(decided: decidedRoute, fallback: fallbackRoute, offered: offered, outcome: settlement?.outcome)
    }

    /// An offer the municipality returned is let by the fallback route; anything else by its decided route.
    static func currentRoute(decided: Route, fallback: Route, offered: Bool, outcome: Outcome?) -> Route {
        offered && outcome == .returned ? fallback : decided
    }

    /// Tightened criteria, listed only when the dwelling is let `tightened`.
    public var currentCriteria: [Criterion] { currentRoute == .tightened ? criteria : [] }
}
