import GRDB

/// Vacancies, their import lines, settlements and corrections: read one at a time, and written
/// each with its journal entry.
extension Store {
    static func highestActiveNumber(_ db: Database, _ department: DepartmentID, periodID: Int64) throws -> Int? {
        // Down the index from the top to the first active number: constant, not the history.
        try Int.fetchOne(db.cachedStatement(sql: """
            SELECT number FROM vacancy v WHERE department = ? AND period_id = ?
            AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id)
            ORDER BY number DESC LIMIT 1
            """), arguments: [department.rawValue, periodID])
    }

    /// The department's active vacancies of the period, newest first, as they stand now: raw
    /// history, read lazily (the rules take only what they need; see G2 in `Guards.swift`).
    static func earlierDwellings(_ db: Database, _ department: DepartmentID,
                                 periodID: Int64) throws -> MapCursor<RowCursor, EarlierDwelling> {
        try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT v.pattern_route, v.offered, coalesce(s.outcome IN ('referred', 'rehoused'), 0) AS realised
            FROM vacancy v
            LEFT JOIN settlement s ON s.vacancy_id = v.id
                 AND NOT EXISTS (SELECT 1 FROM correction sc WHERE sc.settlement_id = s.id)
            WHERE v.department = ? AND v.period_id = ?
              AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id)
            ORDER BY v.number DESC
            """), arguments: [department.rawValue, periodID]).map { row in
            EarlierDwelling(patternRoute: Route(rawValue: row["pattern_route"])!, offered: row["offered"], realised: row["realised"])
        }
    }

    // MARK: Vacancies, settlements, corrections

    private static let vacancySelect = VacancyRow.select

    static func vacancy(_ db: Database, id: Int64) throws -> VacancyRecord? {
        try VacancyRow.fetchOne(db.cachedStatement(sql: vacancySelect + " WHERE v.id = ?"), arguments: [id])
    }

    static func vacancy(_ db: Database, _ department: DepartmentID, ref: String) throws -> VacancyRecord? {
        try VacancyRow.fetchOne(db.cachedStatement(sql: vacancySelect + " WHERE v.department = ? AND v.ref = ?"),
                                arguments: [department.rawValue, ref])
    }

    /// The id of the department's vacancy with this ref (a single value: no row is decoded).
    static func vacancyID(_ db: Database, _ department: DepartmentID, ref: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM vacancy WHERE department = ? AND ref = ?"),
                           arguments: [department.rawValue, ref])
    }

    /// The departments and periods whose vacancies, settlements or corrections were chained
    /// after entry `afterSeq` (`verify --since`).
    static func departmentsTouched(_ db: Database, afterSeq: Int64) throws -> Set<CounterKey> {
        var keys: Set<CounterKey> = []
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT DISTINCT v.department, v.period_id FROM journal j
            JOIN vacancy v ON v.id = CASE j.kind
                WHEN 'vacancy' THEN j.entity
                WHEN 'settlement' THEN (SELECT vacancy_id FROM settlement WHERE id = j.entity)
                WHEN 'correction' THEN (SELECT coalesce(c.vacancy_id, s.vacancy_id) FROM correction c
                                        LEFT JOIN settlement s ON s.id = c.settlement_id WHERE c.id = j.entity)
                END
            WHERE j.seq > ? AND j.kind IN ('vacancy', 'settlement', 'correction')
            """, arguments: [afterSeq])
        while let row = try cursor.next() { keys.insert(counterKey(row)) }
        return keys
    }


    /// Every vacancy, voided ones included, in department and number order.
    static func vacancies(_ db: Database, department: DepartmentID? = nil) throws -> [VacancyRecord] {
        if let department {
            return try VacancyRow.fetchAll(db.makeStatement(sql: vacancySelect + " WHERE v.department = ? ORDER BY v.period_id, v.number, v.id"),
                                           arguments: [department.rawValue])
        }
        return try VacancyRow.fetchAll(db.makeStatement(sql: vacancySelect + " ORDER BY v.department, v.period_id, v.number, v.id"))
    }

    struct NewVacancy {
        var department: DepartmentID
        var periodID: Int64
        var date: CivilDate
        var unit: String
        var ref: String?
        var reservedUnit: Bool
        var decision: Decision
        var placementID: Int64
        var policyVersionID: Int64
        var countersAfter: Counters
        var at: String
        var by: String
        /// The service's token that wrote it (m014); none from the command line.
        var tokenID: Int64? = nil
    }

    /// The vacancy as `insertVacancy` stores it and `vacancy(_:id:)` would read it back
    /// (criteria sorted, as their storage text is): `log` reports from it without a read.
    static func record(of v: NewVacancy, id: Int64) -> VacancyRecord {
        let d = v.decision, c = v.countersAfter
        return VacancyRecord(
            id: id, department: v.department, periodID: v.periodID, number: d.number, date: v.date, unit: v.unit, ref: v.ref,
            reservedUnit: v.reservedUnit, rehousing: d.rehousing, patternRoute: d.patternRoute, decidedRoute: d.route,
            fallbackRoute: d.fallbackRoute, offered: d.offered, withheld: d.withheld, criteria: d.waitingListCriteria.sorted(),
            rules: d.rules, placementID: v.placementID, policyVersionID: v.policyVersionID,
            countersAtDecision: CounterSnapshot(vacancies: c.vacancies, offered: c.offered, pending: c.pending,
                                                realised: c.realised, returned: c.returned, withheld: c.withheld),
            recordedAt: v.at, recordedBy: v.by, settlement: nil, voided: nil)
    }

    static func insertVacancy(_ db: Database, _ v: NewVacancy, keeper: Journal.HeadKeeper? = nil) throws -> Int64 {
        let d = v.decision
        let c = v.countersAfter
        // Every column but the id the table assigns, in the kind's order (`VacancyRow.Columns`).
        let values = VacancyRow.Columns.allCases.dropFirst().map { column -> (any DatabaseValueConvertible)? in
            switch column {
            case .id: nil
            case .department: v.department.rawValue
            case .period_id: v.periodID
            case .number: d.number
            case .vacancy_date: v.date.description
            case .unit: v.unit
            case .ref: v.ref
            case .reserved_unit: v.reservedUnit
            case .rehousing: d.rehousing
            case .pattern_route: d.patternRoute.rawValue
            case .route: d.route.rawValue
            case .fallback_route: d.fallbackRoute.rawValue
            case .offered: d.offered
            case .withheld: d.withheld?.rawValue
            case .criteria: Criterion.storageText(d.waitingListCriteria)
            case .rules: d.rules.map(\.rawValue).joined(separator: " ")
            case .placement_id: v.placementID
            case .policy_version_id: v.policyVersionID
            case .at_vacancies: c.vacancies
            case .at_offered: c.offered
            case .at_pending: c.pending
            case .at_realised: c.realised
            case .at_returned: c.returned
            case .at_withheld: c.withheld
            case .recorded_at: v.at
            case .recorded_by: v.by
            }
        }
        return try Journal.insert(db, kind: "vacancy", values: values.map { $0?.databaseValue ?? .null },
                                  optional: [("token_id", v.tokenID.databaseValue)], keeper: keeper)
    }

    /// Which import file and line brought a vacancy.
    static func insertImportLine(_ db: Database, vacancyID: Int64, fileSHA256: String, line: Int,
                                 keeper: Journal.HeadKeeper? = nil) throws {
        try Journal.insert(db, kind: "import_line", values: [vacancyID.databaseValue, fileSHA256.databaseValue, line.databaseValue],
                           keeper: keeper)
    }

    static func activeSettlementID(_ db: Database, vacancyID: Int64) throws -> Int64? {
        try Int64.fetchOne(db, sql: """
            SELECT id FROM settlement s WHERE vacancy_id = ?
            AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.settlement_id = s.id)
            """, arguments: [vacancyID])
    }

    /// The settlement date of the vacancy's active realised answer, if it has one.
    static func activeRealisedDate(_ db: Database, vacancyID: Int64) throws -> CivilDate? {
        try String.fetchOne(db, sql: """
            SELECT settled_on FROM settlement s WHERE vacancy_id = ? AND outcome IN ('referred', 'rehoused')
            AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.settlement_id = s.id)
            """, arguments: [vacancyID]).map(date)
    }

    static func insertSettlement(_ db: Database, vacancyID: Int64, outcome: Outcome, on day: CivilDate,
                                 at: String, by: String, forced: Bool = false, tokenID: Int64? = nil,
                                 keeper: Journal.HeadKeeper? = nil) throws {
        // A forced answer (S1 refused it; m012) sets the optional column `forced`.
        try Journal.insert(db, kind: "settlement", values: [
            vacancyID.databaseValue, outcome.rawValue.databaseValue, day.description.databaseValue, at.databaseValue, by.databaseValue,
        ], optional: [("forced", forced ? 1.databaseValue : .null), ("token_id", tokenID.databaseValue)], keeper: keeper)
    }

    static func insertCorrection(_ db: Database, vacancyID: Int64?, settlementID: Int64?, reason: String,
                                 forced: Bool, at: String, by: String, tokenID: Int64? = nil) throws {
        try db.execute(sql: """
            INSERT INTO correction (vacancy_id, settlement_id, reason, forced, recorded_at, recorded_by, token_id)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [vacancyID, settlementID, reason, forced, at, by, tokenID])
        try Journal.append(db, kind: "correction", rowID: db.lastInsertedRowID)
    }
}
