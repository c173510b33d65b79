extension Ledger {
    /// `forecast`: expected vacancies and lettings per route for a year, per step and for
    /// the city, from the departments' dwellings, their placements and the policy.
    public func forecast(turnover: Double, year: Int, usedShare: Double) throws -> [Forecast.Row] {
        guard turnover > 0, turnover <= 1 else { throw LedgerError.invalid(.turnover, value: "\(turnover)", accepted: .rate) }
        guard (0...1).contains(usedShare) else { throw LedgerError.invalid(.usedShare, value: "\(usedShare)", accepted: .share) }
        let start = try AuditWindow(year: year).from
        return try read { db in
            let period = try RuleEngine.agreementPeriod(for: start, loaded: try Store.periods(db), field: .year)
            guard let policy = try Store.latestPolicy(db, periodID: period.id) else {
                throw LedgerError.damaged(detail: "agreement period \(period.label) has no policy")
            }
            // Each department's own shares, weighted by its dwellings, summed per step.
            var groups: [String: (dwellings: Int, weighted: [Route: Double])] = [:]
            for department in try Store.departments(db) {
                guard let placement = try Store.placementInForce(db, department.id, on: start)
                        ?? Store.placements(db, department.id).first else { continue }
                let p = placement.placement
                let key = "\(p.staircase.rawValue) step \(p.step)"
                let shares = Forecast.shares(p, policy: policy.policy, year: year, usedShare: usedShare)
                var group = groups[key] ?? (0, [:])
                group.dwellings += department.units
                for (route, share) in shares { group.weighted[route, default: 0] += share * Double(department.units) }
                groups[key] = group
            }
            let list = groups.keys.sorted().map { key in
                let g = groups[key]!
                return Forecast.Group(name: key, dwellings: g.dwellings, shares: g.weighted.mapValues { $0 / Double(g.dwellings) })
            }
            return Forecast.table(list, turnover: turnover, totalName: "city")
        }
    }
}
