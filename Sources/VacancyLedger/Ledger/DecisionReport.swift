/// A vacancy's decision as it stands now: what `log`, `settle`, `void` and `explain` print.
public struct DecisionReport: Sendable {
    /// `nil` on a dry run.
    public var vacancy: Int64?
    public var department: DepartmentID
    public var number: Int
    public var date: CivilDate
    public var unit: String
    public var ref: String?
    public var rehousing: Bool
    public var reservedUnit: Bool
    public var patternRoute: Route
    public var route: Route
    public var fallbackRoute: Route
    public var offered: Bool
    public var withheld: WithheldReason?
    public var criteria: [Criterion]
    public var outcome: Outcome?
    public var settledOn: CivilDate?
    public var rules: [RuleID]
    public var policyName: String
    public var policyVersion: Int
    public var dryRun: Bool
    /// `log --ref` with a ref already used: nothing was written, this is the earlier vacancy.
    public var replayed: Bool
    public var voided: CorrectionRecord?
    /// The department's counters for the vacancy's period after the command.
    public var counters: Counters
    public var capEvery: Int
    public var period: PeriodRecord
    public var recordedBy: String?

    public var headroom: Int { counters.headroom(capEvery: capEvery) }
    public var status: VacancyStatus {
        VacancyStatus(voided: voided != nil, offered: offered, withheld: withheld, outcome: outcome)
    }

    init(record: VacancyRecord, policy: PolicyRecord, period: PeriodRecord, counters: Counters, replayed: Bool = false) {
        vacancy = record.id
        department = record.department
        number = record.number
        date = record.date
        unit = record.unit
        ref = record.ref
        rehousing = record.rehousing
        reservedUnit = record.reservedUnit
        patternRoute = record.patternRoute
        route = record.currentRoute
        fallbackRoute = record.fallbackRoute
        offered = record.offered
        withheld = record.withheld
        criteria = record.currentCriteria
        outcome = record.outcome
        settledOn = record.settlement?.date
        rules = record.rules
        policyName = policy.name
        policyVersion = policy.version
        dryRun = false
        self.replayed = replayed
        voided = record.voided
        self.counters = counters
        capEvery = policy.policy.referralCap.every
        self.period = period
        recordedBy = record.recordedBy
    }

    init(dryRun decision: Decision, department: DepartmentID, date: CivilDate, unit: String, ref: String?,
         reservedUnit: Bool, policy: PolicyRecord, period: PeriodRecord, countersAfter: Counters) {
        vacancy = nil
        self.department = department
        number = decision.number
        self.date = date
        self.unit = unit
        self.ref = ref
        rehousing = decision.rehousing
        self.reservedUnit = reservedUnit
        patternRoute = decision.patternRoute
        route = decision.route
        fallbackRoute = decision.fallbackRoute
        offered = decision.offered
        withheld = decision.withheld
        criteria = decision.route == .tightened ? decision.waitingListCriteria : []
        outcome = nil
        settledOn = nil
        rules = decision.rules
        policyName = policy.name
        policyVersion = policy.version
        dryRun = true
        replayed = false
        voided = nil
        counters = countersAfter
        capEvery = policy.policy.referralCap.every
        self.period = period
        recordedBy = nil
    }
}

/// `explain`: the decision, the placement and counters it was decided on, and the reasons.
public struct Explanation: Sendable {
    public var report: DecisionReport
    public var placement: PlacementRecord
    /// The department's counters right after the decision (n includes this vacancy).
    public var countersAtDecision: CounterSnapshot
    /// The vacancy as recorded, and the policy version it was decided under: what the
    /// CLI's `ExplanationText` words the reasons from.
    public var vacancy: VacancyRecord
    public var policy: PolicyRecord
    /// The service's token that logged it (m014); none when it was logged on the command line.
    public var token: TokenRecord? = nil
}
