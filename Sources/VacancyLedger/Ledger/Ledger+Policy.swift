import GRDB

extension Ledger {
    /// Loads a policy file: same content as a loaded version changes nothing; new content
    /// for a loaded period adds the next version; a new period that overlaps another is bad input.
    public func loadPolicy(source: String, by: String) throws -> PolicyLoad {
        try loadPolicy(source: source, by: by, marking: false)
    }

    /// `marking`: also marks the file as a ledger, in the same transaction (`init`).
    func loadPolicy(source: String, by: String, marking: Bool) throws -> PolicyLoad {
        let policy = try Policy.parse(source)
        let by = try TextRules.require(by, .clerk)
        return try write { db in
            if marking { try LedgerDatabase.markAsLedger(db) }
            let periods = try Store.periods(db)
            let periodID: Int64
            if let same = periods.first(where: { $0.range == policy.period }) {
                periodID = same.id
                if let version = try Store.policyVersion(db, periodID: periodID, contentHash: policy.contentHash) {
                    return .unchanged(name: policy.name, version: version)
                }
                if let latest = try Store.latestPolicy(db, periodID: periodID) {
                    let old = latest.policy
                    guard old.referralCap.every == policy.referralCap.every,
                          old.rehousing.every == policy.rehousing.every else {
                        throw LedgerError.policyConflict(.cycleChanged(period: same.range, version: latest.version,
                                                                       capEvery: old.referralCap.every, rehousingEvery: old.rehousing.every))
                    }
                }
            } else if let clash = periods.first(where: { $0.range.overlaps(policy.period) }) {
                throw LedgerError.policyConflict(.overlaps(policy.period, loaded: clash.range))
            } else {
                periodID = try Store.insertPeriod(db, policy.period)
            }
            let version = (try Store.latestPolicy(db, periodID: periodID)?.version ?? 0) + 1
            _ = try Store.insertPolicy(db, periodID: periodID, version: version, policy: policy,
                                       source: source, at: now(), by: by)
            return .added(name: policy.name, version: version)
        }
    }

    /// Every loaded policy version, oldest first.
    public func policies() throws -> [PolicyRecord] {
        try read { db in try Store.policies(db) }
    }
}
