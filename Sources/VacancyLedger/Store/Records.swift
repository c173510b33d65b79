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
    public var status: VacancyStatus {
        VacancyStatus(voided: !isActive, offered: offered, withheld: withheld, outcome: outcome)
    }
}

/// A vacancy as `vacancies` lists it: exactly what its JSON, CSV and table show, read by a
/// slimmer query than `VacancyRecord`'s. The whole history goes through SQLite's sorter in
/// department order, so it carries only the 20 columns a listing shows, not the record's 43.
public struct VacancyListing: Hashable, Sendable {
    public var id: Int64
    public var department: DepartmentID
    public var number: Int
    public var date: CivilDate
    public var unit: String
    public var ref: String?
    public var reservedUnit: Bool
    public var rehousing: Bool
    public var patternRoute: Route
    public var decidedRoute: Route
    public var fallbackRoute: Route
    public var offered: Bool
    public var withheld: WithheldReason?
    public var criteria: [Criterion]
    public var rules: [RuleID]
    /// The active settlement's outcome and date, if any.
    public var outcome: Outcome?
    public var settledOn: CivilDate?
    public var isVoided: Bool
    public var recordedBy: String
    public var recordedAt: String

    /// The route the dwelling is let by now: the R6 route after a return.
    public var currentRoute: Route {
        VacancyRecord.currentRoute(decided: decidedRoute, fallback: fallbackRoute, offered: offered, outcome: outcome)
    }

    /// Tightened criteria, listed only when the dwelling is let `tightened`.
    public var currentCriteria: [Criterion] { currentRoute == .tightened ? criteria : [] }
    public var status: VacancyStatus {
        VacancyStatus(voided: isVoided, offered: offered, withheld: withheld, outcome: outcome)
    }

    /// What `record` lists.
    public init(_ record: VacancyRecord) {
        id = record.id; department = record.department; number = record.number; date = record.date
        unit = record.unit; ref = record.ref; reservedUnit = record.reservedUnit; rehousing = record.rehousing
        patternRoute = record.patternRoute; decidedRoute = record.decidedRoute; fallbackRoute = record.fallbackRoute
        offered = record.offered; withheld = record.withheld; criteria = record.criteria; rules = record.rules
        outcome = record.outcome; settledOn = record.settlement?.date; isVoided = record.voided != nil
        recordedBy = record.recordedBy; recordedAt = record.recordedAt
    }

    init(id: Int64, department: DepartmentID, number: Int, date: CivilDate, unit: String, ref: String?,
         reservedUnit: Bool, rehousing: Bool, patternRoute: Route, decidedRoute: Route, fallbackRoute: Route,
         offered: Bool, withheld: WithheldReason?, criteria: [Criterion], rules: [RuleID], outcome: Outcome?,
         settledOn: CivilDate?, isVoided: Bool, recordedBy: String, recordedAt: String) {
        self.id = id; self.department = department; self.number = number; self.date = date; self.unit = unit
        self.ref = ref; self.reservedUnit = reservedUnit; self.rehousing = rehousing; self.patternRoute = patternRoute
        self.decidedRoute = decidedRoute; self.fallbackRoute = fallbackRoute; self.offered = offered
        self.withheld = withheld; self.criteria = criteria; self.rules = rules; self.outcome = outcome
        self.settledOn = settledOn; self.isVoided = isVoided; self.recordedBy = recordedBy; self.recordedAt = recordedAt
    }
}
