/// R3's base step: fixed per department and agreement period. Pure.
extension RuleEngine {
    /// The base step a new department-staircase placement records: the one its first
    /// department-staircase placement in force during the period fixed (the one in force at
    /// the period's start, or the first starting within it), else the computed default.
    /// A `given` base step that contradicts the fixed one is bad input (R3).
    public static func baseStep(given: Int?, computed: Int?, department: DepartmentID, existing: [PlacementRecord],
                                period: DateRange) throws -> Int? {
        let atStart = existing.last { $0.effectiveFrom <= period.start }
        let relevant = [atStart].compactMap { $0 } + existing.filter { period.start < $0.effectiveFrom && $0.effectiveFrom <= period.end }
        guard let fixed = relevant.first(where: { $0.placement.staircase == .department })?.placement.baseStep else { return computed }
        if let given, given != fixed {
            throw LedgerError.placement(.baseStepContradicts(department, given: given, fixed: fixed, period: period))
        }
        return fixed
    }
}
