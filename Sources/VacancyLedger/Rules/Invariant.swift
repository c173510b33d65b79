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
        return invariantHolds(counters.applying(.settled(outcome)), capEvery: capEvery)
    }

    /// §6: the counters after voiding a vacancy (and its settlement, if any).
    public static func countersAfterVoiding(
        _ counters: Counters, offered: Bool, withheld: WithheldReason?, outcome: Outcome?
    ) -> Counters {
        counters.applying(.vacancyVoided(offered: offered, withheld: withheld, outcome: outcome, forced: false))
    }

    /// §6: voiding a vacancy lowers n; refused (unless forced) when I1 would not hold after.
    public static func voidAllowed(after: Counters, capEvery: Int) -> Bool {
        invariantHolds(after, capEvery: capEvery)
    }
}
