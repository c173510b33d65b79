/// R7 and R5's input check: which agreement a date falls under, and where a reserved
/// dwelling may be logged. Pure.
extension RuleEngine {
    /// R7: the loaded agreement period a date falls in. A date in none is refused: the
    /// ledger never guesses rules for a period it has no agreement for.
    public static func agreementPeriod(for date: CivilDate, loaded: [PeriodRecord],
                                       field: LedgerError.Field = .date) throws -> PeriodRecord {
        guard let period = loaded.first(where: { $0.range.contains(date) }) else {
            throw LedgerError.outsideAgreement(field, date: date, loaded: loaded.map(\.range))
        }
        return period
    }

    /// R5: a vacancy in a reserved dwelling (`--reserved-unit`) only where the placement in
    /// force is on the department staircase and reserves dwellings for fixed referral.
    public static func reservedUnitAllowed(_ placement: Placement) -> Bool {
        placement.staircase == .department && placement.reserved > 0
    }
}
