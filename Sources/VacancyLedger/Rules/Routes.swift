/// R1–R6: the route a vacancy's position gives, before and after the safeguards.
extension RuleEngine {
    /// The pattern route and the rule that gave it. Precedence: R1/R2 on the area
    /// staircase; on the department staircase R5 (a reserved dwelling), else R3 (a
    /// rehousing unit), else R4.
    static func patternRoute(_ input: DecisionInput) -> (route: Route, rule: RuleID) {
        let placement = input.placement
        switch placement.staircase {
        case .area where placement.step == 2:
            return (.tightened, .R1)
        case .area:
            return (areaStep1Route(input), .R2)
        case .department:
            if input.reservedUnit { return (.referral, .R5) }
            if input.number % input.policy.rehousing.every == 0 { return (rehousingRoute(input), .R3) }
            return (lettingCycleRoute(input), .R4)
        }
    }

    /// R1: area step 2 lets every dwelling by all four tightened criteria; never referral.
    /// R2: area step 1 lets flexibly, tightened by the risk-zone criteria it exceeds;
    /// referral only if the policy sets a share (default none).
    static func areaStep1Route(_ input: DecisionInput) -> Route {
        let every = input.policy.areaStaircase.step1ReferralEvery
        if every > 0 && input.number % every == 0 { return .referral }
        return input.placement.criteria.isEmpty ? .flexible : .tightened
    }

    /// R3: a rehousing unit on the department staircase, by the base step, the date and
    /// whether k = number / 9 is odd or even. A date in no window of the base step takes
    /// the waiting-list route (R6), still citing R3.
    static func rehousingRoute(_ input: DecisionInput) -> Route {
        let k = input.number / input.policy.rehousing.every
        let baseStep = input.placement.baseStep ?? input.placement.step
        let windows = input.policy.rehousing.byBaseStep.first { $0.baseStep == baseStep }?.windows ?? []
        guard let window = windows.first(where: { $0.from <= input.date && input.date <= $0.to }) else {
            return waitingListRoute(input)
        }
        return k % 2 == 1 ? window.oddK : window.evenK
    }

    /// R4: the step's letting cycle, one route per position p = number mod 9 (1 … 8).
    static func lettingCycleRoute(_ input: DecisionInput) -> Route {
        let p = input.number % input.policy.rehousing.every
        // Policy validation guarantees a full cycle for every step 1–4.
        return input.policy.cycle(step: input.placement.step)![p - 1]
    }

    /// R6: a returned or withheld dwelling is let from the waiting list. On the area
    /// staircase by the R1/R2 route; on the department staircase `flexible` if the step's
    /// cycle has a flexible position, else `ordinary` (the policy may fix either).
    static func waitingListRoute(_ input: DecisionInput) -> Route {
        let placement = input.placement
        if placement.staircase == .area {
            return placement.step == 2 || !placement.criteria.isEmpty ? .tightened : .flexible
        }
        switch input.policy.waitingListFallback {
        case .flexible: return .flexible
        case .ordinary: return .ordinary
        case .flexibleIfInCycle:
            return input.policy.cycle(step: placement.step)?.contains(.flexible) == true ? .flexible : .ordinary
        }
    }

    /// §4: the tightened criteria that apply if the dwelling is let `tightened`:
    /// all four on area step 2 (R1), the exceeded risk-zone criteria on area step 1 (R2).
    static func waitingListCriteria(_ placement: Placement) -> [Criterion] {
        switch (placement.staircase, placement.step) {
        case (.area, 2): Criterion.allCases
        case (.area, _): placement.criteria
        default: []
        }
    }
}
