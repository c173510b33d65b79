import GRDB

/// `log`: a vacancy to record and decide.
public struct LogRequest: Sendable {
    public var department: String
    public var unit: String
    public var date: String
    public var ref: String?
    public var reservedUnit: Bool
    public var dryRun: Bool
    public var by: String

    public init(department: String, unit: String, date: String, ref: String? = nil, reservedUnit: Bool = false,
                dryRun: Bool = false, by: String) {
        self.department = department
        self.unit = unit
        self.date = date
        self.ref = ref
        self.reservedUnit = reservedUnit
        self.dryRun = dryRun
        self.by = by
    }
}

extension Ledger {
    /// `log`: assigns the vacancy's number and decides its route in one write
    /// transaction. A ref already used replays that vacancy (nothing written); a dry run
    /// decides in a read snapshot and writes nothing.
    public func log(_ request: LogRequest) throws -> DecisionReport {
        let department = try Ledger.parseDepartment(request.department)
        let date = try Ledger.parseDate(request.date, .date)
        let unit = try Ledger.requireText(request.unit, .unit)
        let ref = try request.ref.map { try Ledger.requireText($0, .ref) }
        let by = try Ledger.requireText(request.by, .clerk)
        let entry = LogEntry(department: department, date: date, unit: unit, ref: ref, reservedUnit: request.reservedUnit,
                             dryRun: request.dryRun, by: by)
        let body = { (db: Database) throws -> DecisionReport in try logEntry(db, entry) }
        return request.dryRun ? try read(body) : try write(body)
    }

    /// A `log` whose input is checked: what `log` and the import decide on.
    struct LogEntry {
        var department: DepartmentID
        var date: CivilDate
        var unit: String
        var ref: String?
        var reservedUnit: Bool
        var dryRun: Bool
        var by: String
    }

    /// `log` inside the caller's transaction (one per `log`).
    func logEntry(_ db: Database, _ entry: LogEntry) throws -> DecisionReport {
        guard try Store.departmentExists(db, entry.department) else { throw LedgerError.unknownDepartment(entry.department) }
        // A single value first (as the import does): most refs are new.
        if let ref = entry.ref, try Store.vacancyID(db, entry.department, ref: ref) != nil,
           let earlier = try Store.vacancy(db, entry.department, ref: ref) {
            guard earlier.unit == entry.unit, earlier.date == entry.date, earlier.reservedUnit == entry.reservedUnit else {
                throw LedgerError.refReused(ref: ref, vacancy: earlier.id, department: entry.department, unit: earlier.unit,
                                            date: earlier.date, reservedUnit: earlier.reservedUnit)
            }
            var report = try report(db, earlier, replayed: true)
            report.dryRun = entry.dryRun
            return report
        }
        let decided = try decideNew(db, entry)
        guard decided.vacancy != nil else {
            return DecisionReport(dryRun: decided.decision, department: entry.department, date: entry.date, unit: entry.unit,
                                  ref: entry.ref, reservedUnit: entry.reservedUnit, policy: decided.policy,
                                  period: decided.period, countersAfter: decided.countersAfter)
        }
        // From what was written, not read back: the counters after it are the department's now.
        return DecisionReport(record: decided.record!, policy: decided.policy, period: decided.period,
                              counters: decided.countersAfter)
    }

    /// A new vacancy decided (and, unless a dry run, recorded).
    struct NewlyDecided {
        /// The new vacancy's id; `nil` in a dry run.
        var vacancy: Int64?
        var decision: Decision
        var period: PeriodRecord
        var policy: PolicyRecord
        var countersAfter: Counters
        /// The new vacancy as stored; `nil` in a dry run.
        var record: VacancyRecord?
    }

    /// Numbers and decides a vacancy whose department exists and whose ref is unused, and
    /// records it: what `log` and the import share. The rules see the department's state in
    /// the caller's transaction; nothing is read back.
    func decideNew(_ db: Database, _ entry: LogEntry, state: some DecisionState = StoredState()) throws -> NewlyDecided {
        let (department, date) = (entry.department, entry.date)
        let period = try RuleEngine.agreementPeriod(for: date, loaded: try state.periods(db))
        guard let placementRecord = try state.placementInForce(db, department, on: date) else {
            throw LedgerError.noPlacementInForce(department, on: date)
        }
        let placement = placementRecord.placement
        if entry.reservedUnit && !RuleEngine.reservedUnitAllowed(placement) {
            throw LedgerError.reservedUnitNotAllowed(department, on: date)
        }
        guard let policy = try state.latestPolicy(db, periodID: period.id) else {
            throw LedgerError.damaged(detail: "agreement period \(period.label) has no policy")
        }
        let counters = try state.counters(db, department, periodID: period.id)
        let number = RuleEngine.nextNumber(highestActive: try state.highestActiveNumber(db, department, periodID: period.id))
        var preceding: [PrecedingDwelling] = []
        if RuleEngine.fourthDwellingMayApply(placement) {
            let history = try Store.earlierDwellings(db, department, periodID: period.id)
            preceding = try RuleEngine.fourthDwellingRun(history: { try history.next() }, policy: policy.policy)
        }
        let decision = RuleEngine.decide(DecisionInput(
            policy: policy.policy, placement: placement, date: date, number: number,
            reservedUnit: entry.reservedUnit, counters: counters, preceding: preceding))
        let after = decision.counters(after: counters)
        var decided = NewlyDecided(vacancy: nil, decision: decision, period: period, policy: policy, countersAfter: after)
        if !entry.dryRun {
            let row = Store.NewVacancy(
                department: department, periodID: period.id, date: date, unit: entry.unit, ref: entry.ref,
                reservedUnit: entry.reservedUnit, decision: decision, placementID: placementRecord.id,
                policyVersionID: policy.id, countersAfter: after, at: now(), by: entry.by, tokenID: scope.tokenID)
            let id = try Store.insertVacancy(db, row, keeper: state.journalHead)
            decided.vacancy = id
            decided.record = Store.record(of: row, id: id)
            state.recorded(department, periodID: period.id, number: decision.number, on: date, after: after)
        }
        return decided
    }

    /// `settle`: the municipality's outcome on an offer. S1 refuses a realised outcome that
    /// would break one in three at its date or any later date of the period (exit 3);
    /// `force` records it all the same (the household has moved in), a visible breach.
    public func settle(vacancy id: Int64, outcome: Outcome, date text: String, by: String,
                       force: Bool = false) throws -> DecisionReport {
        let date = try Ledger.parseDate(text, .date)
        let by = try Ledger.requireText(by, .clerk)
        return try write { db in try settleEntry(db, vacancy: id, outcome: outcome, date: date, by: by, force: force) }
    }

    /// `settle` inside the caller's transaction.
    func settleEntry(_ db: Database, vacancy id: Int64, outcome: Outcome, date: CivilDate, by: String,
                     force: Bool = false) throws -> DecisionReport {
        try recordSettlement(db, try activeVacancy(db, id), outcome: outcome, date: date, by: by, force: force)
        return try report(db, try Store.vacancy(db, id: id)!)
    }

    /// Checks and records the outcome on an active vacancy: what `settle` and the import share.
    func recordSettlement(_ db: Database, _ vacancy: VacancyRecord, outcome: Outcome, date: CivilDate, by: String,
                          force: Bool = false, state: some DecisionState = StoredState()) throws {
        let id = vacancy.id
        guard vacancy.offered else {
            throw LedgerError.notOffered(vacancy: id, withheld: vacancy.withheld, patternRoute: vacancy.patternRoute)
        }
        if let settlement = vacancy.settlement {
            throw LedgerError.alreadySettled(vacancy: id, outcome: settlement.outcome, on: settlement.date)
        }
        guard date >= vacancy.date else {
            throw LedgerError.settledBeforeVacancy(vacancy: id, date: date, vacancyDate: vacancy.date)
        }
        let cap = try state.policy(db, id: vacancy.policyVersionID)!.policy.referralCap.every
        let counters = try state.counters(db, vacancy.department, periodID: vacancy.periodID)
        var forced = false
        if outcome.isRealised {
            guard let period = try state.periods(db).first(where: { $0.id == vacancy.periodID }) else {
                throw LedgerError.damaged(detail: "vacancy \(id) has no agreement period")
            }
            let figures = try state.datedFigures(db, vacancy.department, period: period, judging: date)
            if let refusal = RuleEngine.settlementRefusal(outcome, on: date, figures: figures, capEvery: cap) {
                guard force else {
                    throw LedgerError.settlementRefused(
                        vacancy: id, outcome: outcome, department: vacancy.department, settledOn: date,
                        breaksOn: refusal.breaks.date, realised: refusal.breaks.realised, vacancies: refusal.breaks.vacancies,
                        capEvery: cap, holdsFrom: refusal.holdsFrom)
                }
                forced = true
            }
        }
        try Store.insertSettlement(db, vacancyID: id, outcome: outcome, on: date, at: now(), by: by, forced: forced,
                                   tokenID: scope.tokenID, keeper: state.journalHead)
        var after = counters.applying(.settled(outcome))
        if forced { after.forcedAnswers += 1 }
        state.settled(vacancy.department, periodID: vacancy.periodID, on: date, after: after)
    }

    /// `void`: voids a vacancy (with its settlement) or only its settlement. A vacancy void
    /// that would break I1 is refused (exit 3) unless forced; a forced breach stays visible.
    public func void(vacancy id: Int64, reason: String, settlementOnly: Bool, force: Bool, by: String) throws -> DecisionReport {
        let reason = try Ledger.requireText(reason, .reason)
        let by = try Ledger.requireText(by, .clerk)
        return try write { db in
            try settlementOnly
                ? voidSettlement(db, id, reason: reason, by: by)
                : voidVacancy(db, id, reason: reason, force: force, by: by)
            return try report(db, try Store.vacancy(db, id: id)!)
        }
    }

    // The two kinds of void read the settlement with their own queries: Swift 6.3.1's
    // optimizer crashed (CopyPropagation, ownership verifier) on optional chains through
    // the borrowed `VacancyRecord` here in release builds.
    private func voidSettlement(_ db: Database, _ id: Int64, reason: String, by: String) throws {
        _ = try activeVacancy(db, id)
        guard let settlementID = try Store.activeSettlementID(db, vacancyID: id) else {
            throw LedgerError.noSettlementToVoid(vacancy: id)
        }
        try Store.insertCorrection(db, vacancyID: nil, settlementID: settlementID, reason: reason,
                                   forced: false, at: now(), by: by, tokenID: scope.tokenID)
    }

    private func voidVacancy(_ db: Database, _ id: Int64, reason: String, force: Bool, by: String) throws {
        let vacancy = try activeVacancy(db, id)
        let realisedOn = try Store.activeRealisedDate(db, vacancyID: id)
        let cap = try Store.policy(db, id: vacancy.policyVersionID)!.policy.referralCap.every
        let period = try Store.period(db, id: vacancy.periodID)!
        let figures = try Store.datedFigures(db, vacancy.department, period: period)
        let breach = RuleEngine.voidBreach(vacancyOn: vacancy.date, realisedOn: realisedOn, figures: figures, capEvery: cap)
        if let breach, !force {
            throw LedgerError.voidRefused(vacancy: id, department: vacancy.department, breaksOn: breach.date,
                                          realised: breach.realised, vacancies: breach.vacancies, capEvery: cap)
        }
        try Store.insertCorrection(db, vacancyID: id, settlementID: nil, reason: reason,
                                   forced: breach != nil, at: now(), by: by, tokenID: scope.tokenID)
    }

    /// `explain`: the decision with the placement and counters it was taken on, in words.
    public func explain(vacancy id: Int64) throws -> Explanation {
        try read { db in
            guard let vacancy = try Store.vacancy(db, id: id) else { throw LedgerError.unknownVacancy(id) }
            let report = try report(db, vacancy)
            let placement = try Store.placement(db, id: vacancy.placementID)!
            let policy = try Store.policy(db, id: vacancy.policyVersionID)!
            return Explanation(report: report, placement: placement, countersAtDecision: vacancy.countersAtDecision,
                               vacancy: vacancy, policy: policy, token: try Store.author(db, table: "vacancy", rowID: id))
        }
    }

    /// One vacancy as it stands now.
    public func vacancy(_ id: Int64) throws -> DecisionReport {
        try read { db in
            guard let vacancy = try Store.vacancy(db, id: id) else { throw LedgerError.unknownVacancy(id) }
            return try report(db, vacancy)
        }
    }

    private func activeVacancy(_ db: Database, _ id: Int64) throws -> VacancyRecord {
        guard let vacancy = try Store.vacancy(db, id: id) else { throw LedgerError.unknownVacancy(id) }
        if let void = vacancy.voided {
            throw LedgerError.vacancyIsVoid(vacancy: id, by: void.recordedBy, reason: void.reason)
        }
        return vacancy
    }

    func report(_ db: Database, _ vacancy: VacancyRecord, replayed: Bool = false) throws -> DecisionReport {
        let policy = try Store.policy(db, id: vacancy.policyVersionID)!
        let period = try Store.period(db, id: vacancy.periodID)!
        let counters = try Store.counters(db, vacancy.department, periodID: vacancy.periodID)
        return DecisionReport(record: vacancy, policy: policy, period: period, counters: counters, replayed: replayed)
    }

}

extension Ledger {
    /// `vacancies`: every logged vacancy (voided ones too), as it stands now, in
    /// department and number order; optionally one department, or vacancies dated in a window.
    public func vacancies(department: String? = nil, window: AuditWindow? = nil) throws -> [VacancyRecord] {
        try readVacancies(department: department) { db, only in
            var list: [VacancyRecord] = []
            try Store.forEachVacancy(db, department: only, window: window?.range) { list.append($0) }
            return list
        }
    }

    /// `vacancies`, streamed from one cursor in one snapshot, as the listing shows them:
    /// memory does not grow with the ledger.
    public func vacancies(department: String? = nil, window: AuditWindow? = nil,
                          _ body: (VacancyListing) throws -> Void) throws {
        try readVacancies(department: department) { db, only in
            try Store.forEachVacancyListing(db, department: only, window: window?.range, body)
        }
    }

    /// `body` in one read snapshot, with `department` parsed and known to exist, if given.
    private func readVacancies<T>(department: String?, _ body: (Database, DepartmentID?) throws -> T) throws -> T {
        let only = try department.map(Ledger.parseDepartment)
        return try read { db in
            if let only, try !Store.departmentExists(db, only) { throw LedgerError.unknownDepartment(only) }
            return try body(db, only)
        }
    }
}
