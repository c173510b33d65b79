/// A department's place on a staircase, in force from a date (RULES.md §2).
public struct Placement: Hashable, Sendable {
    public var staircase: Staircase
    public var step: Int
    /// The department-staircase step fixed for the period (trin pr. 1. januar 2024); drives R3.
    /// `nil` on the area staircase.
    public var baseStep: Int?
    /// Department step 1 only: may withhold the fourth dwelling (G2).
    public var atRisk: Bool
    /// Department step 2 only: exempt from extra delivery (G3).
    public var exempt: Bool
    /// Dwellings reserved for fixed referral (fast anvisning, R5); department staircase only.
    public var reserved: Int
    /// Area step 1 only: the risk-zone criteria the area exceeds (P5), used by R2.
    public var criteria: [Criterion]

    public init(staircase: Staircase, step: Int, baseStep: Int? = nil, atRisk: Bool = false,
                exempt: Bool = false, reserved: Int = 0, criteria: [Criterion] = []) {
        self.staircase = staircase
        self.step = step
        self.baseStep = staircase == .department ? (baseStep ?? step) : nil
        self.atRisk = atRisk
        self.exempt = exempt
        self.reserved = reserved
        self.criteria = criteria.sorted()
    }

    /// The first setting that does not fit this placement (RULES.md §2): `step`,
    /// `base-step`, `at-risk`, `exempt`, `criteria` or `reserved`.
    public var misfit: String? {
        if !staircase.steps.contains(step) { return "step" }
        if let baseStep, !Staircase.department.steps.contains(baseStep) { return "base-step" }
        if atRisk && !(staircase == .department && step == 1) { return "at-risk" }
        if exempt && !(staircase == .department && step == 2) { return "exempt" }
        if !criteria.isEmpty && !(staircase == .area && step == 1) { return "criteria" }
        if reserved < 0 || (reserved > 0 && staircase != .department) { return "reserved" }
        return nil
    }
}
