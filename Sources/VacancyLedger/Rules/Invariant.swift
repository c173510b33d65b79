/// I1 and the checks that keep it: S1 at settlement, the I1 check on voids.
extension RuleEngine {
    /// I1: for every department and period, `3 × realised ≤ n`.
    public static func invariantHolds(_ counters: Counters, capEvery: Int) -> Bool {
        counters.satisfiesI1(capEvery: capEvery)
    }

    /// S1: recording `referred` or `rehoused` on a pending offer is allowed only if I1
    /// still holds afterwards. `returned` is always allowed.
    public static func settlementAllowed(_ outcome: Outcome, counters: Counters, capEvery: Int) -> Bool {
        guard outcome.isRealised else { return true }
        var after = counters
        after.pending -= 1
        after.referred += 1
        return invariantHolds(after, capEvery: capEvery)
    }

    /// §6: the counters after voiding a vacancy (and its settlement, if any).
    public static func countersAfterVoiding(
        _ counters: Counters, offered: Bool, withheld: WithheldReason?, outcome: Outcome?
    ) -> Counters {
        var c = counters
        c.vacancies -= 1
        if offered {
            c.offered -= 1
            switch outcome {
            case nil: c.pending -= 1
            case .referred?: c.referred -= 1
            case .rehoused?: c.rehoused -= 1
            case .returned?: c.returned -= 1
            }
        }
        switch withheld {
        case .cap?: c.withheldCap -= 1
        case .fourth?: c.withheldFourth -= 1
        case .exempt?: c.withheldExempt -= 1
        case nil: break
        }
        return c
    }

    /// §6: voiding a vacancy lowers n; refused (unless forced) when I1 would not hold after.
    public static func voidAllowed(after: Counters, capEvery: Int) -> Bool {
        invariantHolds(after, capEvery: capEvery)
    }
}
