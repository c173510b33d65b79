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
        let date = try Ledger.parseDate(request.date, what: "--date")
        let unit = try Ledger.requireText(request.unit, .unit)
        let ref = try request.ref.map { try Ledger.requireText($0, .ref) }
        let by = try Ledger.requireText(request.by, .clerk)
        let body = { (db: Database) throws -> DecisionReport in
            guard try Store.department(db, department) != nil else { throw Ledger.unknownDepartment(department) }
            guard let period = try Store.period(db, containing: date) else {
                // R7: never guess rules for a period without an agreement.
                let loaded = try Store.periods(db).map(\.label).joined(separator: ", ")
                throw LedgerError.badInput("--date \(date) is outside every loaded agreement period (R7; accepted: a date in \(loaded.isEmpty ? "a period loaded with `init --policy`" : loaded))")
            }
            if let ref, let earlier = try Store.vacancy(db, department, ref: ref) {
                guard earlier.unit == unit, earlier.date == date, earlier.reservedUnit == request.reservedUnit else {
                    throw LedgerError.badInput("--ref \(ref) was used for vacancy \(earlier.id) (unit \(earlier.unit), \(earlier.date)\(earlier.reservedUnit ? ", reserved unit" : "")) in \(department) (accepted: the same unit, date and --reserved-unit, or a new ref)")
                }
                var report = try report(db, earlier, replayed: true)
                report.dryRun = request.dryRun
                return report
            }
            guard let placementRecord = try Store.placementInForce(db, department, on: date) else {
                throw LedgerError.badInput("department \(department) has no placement in force on \(date) (accepted: a date on or after its first placement; see `department show \(department)`)")
            }
            let placement = placementRecord.placement
            if request.reservedUnit && !(placement.staircase == .department && placement.reserved > 0) {
                throw LedgerError.badInput("--reserved-unit on \(department), which has no dwellings reserved for fixed referral on \(date) (accepted only on a department-staircase placement with --reserved N)")
            }
            guard let policy = try Store.latestPolicy(db, periodID: period.id) else {
                throw LedgerError.unsupportedDatabase("no policy for period \(period.label) (run `vacancy-ledger init`)")
            }
            let counters = try Store.counters(db, department, periodID: period.id)
            let number = RuleEngine.nextNumber(highestActive: try Store.highestActiveNumber(db, department, periodID: period.id))
            let g2 = policy.policy.fourthDwelling
            let preceding = try Store.preceding(db, department, periodID: period.id,
                                                onlyReferralPattern: g2.counts == .offers, limit: g2.run)
            let decision = RuleEngine.decide(DecisionInput(
                policy: policy.policy, placement: placement, date: date, number: number,
                reservedUnit: request.reservedUnit, counters: counters, preceding: preceding))
            let after = decision.counters(after: counters)
            if request.dryRun {
                return DecisionReport(dryRun: decision, department: department, date: date, unit: unit, ref: ref,
                                      reservedUnit: request.reservedUnit, policy: policy, period: period,
                                      countersAfter: after)
            }
            let id = try Store.insertVacancy(db, .init(
                department: department, periodID: period.id, date: date, unit: unit, ref: ref,
                reservedUnit: request.reservedUnit, decision: decision, placementID: placementRecord.id,
                policyVersionID: policy.id, countersAfter: after, at: now(), by: by))
            return try report(db, try Store.vacancy(db, id: id)!)
        }
        return request.dryRun ? try read(body) : try write(body)
    }

    /// `settle`: the municipality's outcome on an offer. S1 refuses a realised outcome that
    /// would break one in three (exit 3).
    public func settle(vacancy id: Int64, outcome: Outcome, date text: String, by: String) throws -> DecisionReport {
        let date = try Ledger.parseDate(text, what: "--date")
        let by = try Ledger.requireText(by, .clerk)
        return try write { db in
            let vacancy = try activeVacancy(db, id)
            guard vacancy.offered else {
                let why = vacancy.withheld.map { "was withheld (\($0.rawValue))" } ?? "has route \(vacancy.patternRoute.rawValue)"
                throw LedgerError.badInput("vacancy \(id) was not offered to the municipality: it \(why) (accepted: a vacancy with offered = true)")
            }
            if let settlement = vacancy.settlement {
                throw LedgerError.badInput("vacancy \(id) is already settled: \(settlement.outcome.rawValue) on \(settlement.date) (to change it: `void \(id) --settlement --reason …`, then settle again)")
            }
            guard date >= vacancy.date else {
                throw LedgerError.badInput("--date \(date) is before the vacancy's date \(vacancy.date) (accepted: \(vacancy.date) or later)")
            }
            let policy = try Store.policy(db, id: vacancy.policyVersionID)!
            let cap = policy.policy.referralCap.every
            let counters = try Store.counters(db, vacancy.department, periodID: vacancy.periodID)
            guard RuleEngine.settlementAllowed(outcome, counters: counters, capEvery: cap) else {
                throw LedgerError.refused("S1: recording \(outcome.rawValue) on vacancy \(id) would make realised referral \(counters.realised + 1) of \(counters.vacancies) vacancies in \(vacancy.department), more than one in \(cap) (I1). Record --outcome returned instead, or settle after the department's next vacancies are logged")
            }
            try Store.insertSettlement(db, vacancyID: id, outcome: outcome, on: date, at: now(), by: by)
            return try report(db, try Store.vacancy(db, id: id)!)
        }
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
            throw LedgerError.badInput("vacancy \(id) has no settlement to void (accepted: a settled offer; without --settlement the vacancy itself is voided)")
        }
        try Store.insertCorrection(db, vacancyID: nil, settlementID: settlementID, reason: reason,
                                   forced: false, at: now(), by: by)
    }

    private func voidVacancy(_ db: Database, _ id: Int64, reason: String, force: Bool, by: String) throws {
        let vacancy = try activeVacancy(db, id)
        let outcome = try Store.activeOutcome(db, vacancyID: id)
        let cap = try Store.policy(db, id: vacancy.policyVersionID)!.policy.referralCap.every
        let counters = try Store.counters(db, vacancy.department, periodID: vacancy.periodID)
        let after = RuleEngine.countersAfterVoiding(counters, offered: vacancy.offered,
                                                    withheld: vacancy.withheld, outcome: outcome)
        let allowed = RuleEngine.voidAllowed(after: after, capEvery: cap)
        if !allowed && !force {
            // Advise voiding the settlement only where there is a realised one to void.
            let advice = outcome?.isRealised == true
                ? "Void its settlement first (`void \(id) --settlement`), or pass --force to record a visible breach"
                : "Log the department's next vacancies first, or pass --force to record a visible breach"
            throw LedgerError.refused("voiding vacancy \(id) would leave realised referral \(after.realised) of \(after.vacancies) vacancies in \(vacancy.department), more than one in \(cap) (I1). \(advice)")
        }
        try Store.insertCorrection(db, vacancyID: id, settlementID: nil, reason: reason,
                                   forced: !allowed, at: now(), by: by)
    }

    /// `explain`: the decision with the placement and counters it was taken on, in words.
    public func explain(vacancy id: Int64) throws -> Explanation {
        try read { db in
            guard let vacancy = try Store.vacancy(db, id: id) else { throw Ledger.unknownVacancy(id) }
            let report = try report(db, vacancy)
            let placement = try Store.placement(db, id: vacancy.placementID)!
            let policy = try Store.policy(db, id: vacancy.policyVersionID)!
            return Explanation(report: report, placement: placement, countersAtDecision: vacancy.countersAtDecision,
                               reasons: Explainer.reasons(vacancy, placement: placement, policy: policy))
        }
    }

    /// One vacancy as it stands now.
    public func vacancy(_ id: Int64) throws -> DecisionReport {
        try read { db in
            guard let vacancy = try Store.vacancy(db, id: id) else { throw Ledger.unknownVacancy(id) }
            return try report(db, vacancy)
        }
    }

    private func activeVacancy(_ db: Database, _ id: Int64) throws -> VacancyRecord {
        guard let vacancy = try Store.vacancy(db, id: id) else { throw Ledger.unknownVacancy(id) }
        if let void = vacancy.voided {
            throw LedgerError.badInput("vacancy \(id) is void (voided by \(void.recordedBy): \(void.reason)) (accepted: an active vacancy)")
        }
        return vacancy
    }

    func report(_ db: Database, _ vacancy: VacancyRecord, replayed: Bool = false) throws -> DecisionReport {
        let policy = try Store.policy(db, id: vacancy.policyVersionID)!
        let period = try Store.period(db, id: vacancy.periodID)!
        let counters = try Store.counters(db, vacancy.department, periodID: vacancy.periodID)
        return DecisionReport(record: vacancy, policy: policy, period: period, counters: counters, replayed: replayed)
    }

    static func unknownVacancy(_ id: Int64) -> LedgerError {
        .badInput("unknown vacancy \(id) (accepted: a vacancy id printed by `log`)")
    }
}

extension Ledger {
    /// `vacancies`: every logged vacancy (voided ones too), as it stands now, in
    /// department and number order; optionally one department, or vacancies dated in a window.
    public func vacancies(department: String? = nil, window: AuditWindow? = nil) throws -> [VacancyRecord] {
        let only = try department.map(Ledger.parseDepartment)
        return try read { db in
            if let only, try Store.department(db, only) == nil { throw Ledger.unknownDepartment(only) }
            return try Store.vacancies(db, department: only).filter {
                window == nil || (window!.from <= $0.date && $0.date <= window!.to)
            }
        }
    }
}
