/// The arithmetic of the table in seed 000: dwellings × turnover = vacancies; vacancies ×
/// each route's share = expected lettings. Pure.
public enum Forecast {
    /// A group of departments (a step, a staircase, the city) with its expected route shares.
    public struct Group: Sendable, Equatable {
        public var name: String
        public var dwellings: Int
        /// Share of the vacancies let by each route (realised referral under `.referral`).
        public var shares: [Route: Double]

        public init(name: String, dwellings: Int, shares: [Route: Double]) {
            self.name = name
            self.dwellings = dwellings
            self.shares = shares
        }
    }

    public struct Row: Sendable, Equatable {
        public var name: String
        public var dwellings: Int
        public var vacancies: Int
        public var lettings: [Route: Int]
        /// Flexible lettings (ordinary and tightened criteria) per vacancy.
        public var flexibleShare: Double {
            vacancies == 0 ? 0 : Double((lettings[.flexible] ?? 0) + (lettings[.tightened] ?? 0)) / Double(vacancies)
        }
    }

    /// Each group's rows rounded to whole dwellings, then a total row summing them (as the
    /// seed's table does: its totals are the sums of its rounded columns).
    public static func table(_ groups: [Group], turnover: Double, totalName: String = "total") -> [Row] {
        var rows = groups.map { g -> Row in
            let vacancies = Int((Double(g.dwellings) * turnover).rounded())
            let lettings = g.shares.mapValues { Int((Double(vacancies) * $0).rounded()) }
            return Row(name: g.name, dwellings: g.dwellings, vacancies: vacancies, lettings: lettings)
        }
        var total = Row(name: totalName, dwellings: rows.reduce(0) { $0 + $1.dwellings },
                        vacancies: rows.reduce(0) { $0 + $1.vacancies }, lettings: [:])
        for row in rows { total.lettings.merge(row.lettings, uniquingKeysWith: +) }
        rows.append(total)
        return rows
    }

    /// The expected route shares of one placement under the policy in a year: the letting
    /// cycle (R4) and the rehousing unit (R3, odd and even k alike), the municipality using
    /// `usedShare` of its offers, returned offers let by R6, and realised referral capped at
    /// one in three (G1). Area staircase: R1/R2.
    public static func shares(_ placement: Placement, policy: Policy, year: Int, usedShare: Double) -> [Route: Double] {
        let input = { (number: Int) in
            DecisionInput(policy: policy, placement: placement, date: CivilDate(year: year, month: 7, day: 1)!,
                          number: number, counters: Counters())
        }
        let every = policy.rehousing.every
        // Two rounds of the cycle, so odd and even k each count once.
        let positions = 1...(2 * every)
        var counts: [Route: Int] = [:]
        for number in positions { counts[RuleEngine.patternRoute(input(number)).route, default: 0] += 1 }
        let pattern = counts.mapValues { Double($0) / Double(positions.count) }
        let fallback = RuleEngine.waitingListRoute(input(1))
        let offered = pattern[.referral] ?? 0
        let realised = min(offered * usedShare, 1 / Double(policy.referralCap.every))
        var shares = pattern
        shares[.referral] = realised
        shares[fallback, default: 0] += offered - realised
        return shares.filter { $0.value > 0 }
    }
}
