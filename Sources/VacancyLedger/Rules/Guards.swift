/// G1–G3: the safeguards that withhold a dwelling due to the municipality.
extension RuleEngine {
    /// The guards in order G1, G2, G3; the first that fires gives the reason.
    static func firstGuardThatFires(_ input: DecisionInput, pattern: RuleID) -> (WithheldReason, RuleID)? {
        if capGuard(input) { return (.cap, .G1) }
        // R5: only G1 can withhold a reserved dwelling.
        guard pattern != .R5 else { return nil }
        if fourthDwellingGuard(input) { return (.fourth, .G2) }
        if exemptGuard(input) { return (.exempt, .G3) }
        return nil
    }

    /// G1, the cap: withhold when realising this offer could break one in three,
    /// `3 × (realised + 1) > n` with n including this vacancy (optionally counting
    /// pending offers as if realised).
    public static func capGuard(_ input: DecisionInput) -> Bool {
        let c = input.counters
        let n = c.vacancies + 1
        let committed = c.realised + (input.policy.referralCap.countPending ? c.pending : 0)
        return input.policy.referralCap.every * (committed + 1) > n
    }

    /// G2, the fourth dwelling: an at-risk department-staircase step-1 department
    /// withholds a dwelling due to the municipality when the three preceding ones were all
    /// offered and are realised now. Fewer than three: no. A withheld one breaks the run.
    public static func fourthDwellingGuard(_ input: DecisionInput) -> Bool {
        let run = input.policy.fourthDwelling.run
        guard fourthDwellingMayApply(input.placement), input.preceding.count >= run else { return false }
        return input.preceding.suffix(run).allSatisfy { $0.offered && $0.realised }
    }

    /// Whether G2 can withhold anything in this placement (an at-risk department-staircase
    /// step-1 department): elsewhere its preceding run need not be read at all.
    public static func fourthDwellingMayApply(_ p: Placement) -> Bool {
        p.staircase == .department && p.step == 1 && p.atRisk
    }

    /// G2's preceding dwellings: from the department's earlier active vacancies of the
    /// period, newest first, those that count as "preceding" — the dwellings due to the
    /// municipality (pattern route `referral`: R3, R4 or R5), or every vacancy if the policy
    /// says so — the most recent `run` of them, oldest first. Reads `history` only as far
    /// as it needs.
    public static func fourthDwellingRun(history next: () throws -> EarlierDwelling?, policy: Policy) rethrows -> [PrecedingDwelling] {
        let g2 = policy.fourthDwelling
        var run: [PrecedingDwelling] = []
        while run.count < g2.run, let dwelling = try next() {
            guard g2.counts == .allVacancies || dwelling.patternRoute == .referral else { continue }
            run.append(PrecedingDwelling(offered: dwelling.offered, realised: dwelling.realised))
        }
        return run.reversed()
    }

    /// G3, exempt from extra delivery: an exempt department-staircase step-2 department
    /// withholds a dwelling due to the municipality when `3 × (offered + 1) > n`.
    public static func exemptGuard(_ input: DecisionInput) -> Bool {
        let p = input.placement
        guard p.staircase == .department, p.step == 2, p.exempt else { return false }
        let n = input.counters.vacancies + 1
        return input.policy.referralCap.every * (input.counters.offered + 1) > n
    }
}
