/// The pure rule engine: policy, placement, counters and a date in; a decision out.
/// No I/O, no clock, no database. Each rule lives in one function named after it:
/// routes (R1–R6) in `Routes.swift`, safeguards (G1–G3) in `Guards.swift`, the
/// invariant and the checks that protect it (I1, S1, voids) in `Invariant.swift`.
public enum RuleEngine {
    /// Decides the route of a vacancy: the pattern route (R1–R5), then the safeguards
    /// G1, G2, G3 in that order (the first that fires gives the reason), then R6.
    public static func decide(_ input: DecisionInput) -> Decision {
        let pattern = patternRoute(input)
        let fallback = waitingListRoute(input)
        let rehousing = input.number % input.policy.rehousing.every == 0
        var decision = Decision(
            number: input.number, rehousing: rehousing, patternRoute: pattern.route, route: pattern.route,
            fallbackRoute: fallback, offered: false, withheld: nil,
            waitingListCriteria: waitingListCriteria(input.placement), rules: [pattern.rule])
        guard pattern.route == .referral else { return decision }
        if let (reason, guardRule) = firstGuardThatFires(input, pattern: pattern.rule) {
            decision.withheld = reason
            decision.route = fallback
            decision.rules.append(guardRule)
        } else {
            decision.offered = true
        }
        return decision
    }

    /// The vacancy's number (§6): one more than the highest active number in the period.
    public static func nextNumber(highestActive: Int?) -> Int { (highestActive ?? 0) + 1 }
}
