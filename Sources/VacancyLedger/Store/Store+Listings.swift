import GRDB

/// The streamed listings: the kept lettings (m011), the year-end export, the municipality's
/// offers and `vacancies`, each read from one cursor.
extension Store {
    // MARK: The kept lettings (m011)

    /// `letting` rows untrue to the history — of `departments` only, if given — as
    /// (vacancy, letting date, department), at most `limit`: a row whose vacancy is missing or voided, an
    /// offer's row without an active settlement, or a row whose date, department, number,
    /// outcome, placement, policy version or hash is not what the history says. One pass
    /// over the table with a lookup per row; with the row count (`lettingRowCount`) against
    /// the recount, it shows the table is exactly the history's lettings.
    static func untrueLettings(_ db: Database, departments: [DepartmentID]?, limit: Int) throws -> [UntrueLetting] {
        let scope = departments.map { "l.department IN (\(databaseQuestionMarks(count: $0.count))) AND " } ?? ""
        let sql = """
            SELECT l.vacancy_id, l.letting_date, l.department FROM letting l
            LEFT JOIN vacancy v ON v.id = l.vacancy_id
            LEFT JOIN settlement s ON s.vacancy_id = v.id
                 AND NOT EXISTS (SELECT 1 FROM correction sc WHERE sc.settlement_id = s.id)
            LEFT JOIN placement p ON p.id = v.placement_id
            LEFT JOIN policy_version pv ON pv.id = v.policy_version_id
            LEFT JOIN journal j ON j.kind = 'vacancy' AND j.entity = v.id
            WHERE \(scope)(v.id IS NULL OR EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id)
               OR (v.offered = 1 AND s.id IS NULL)
               OR l.letting_date IS NOT (CASE WHEN v.offered = 1 THEN s.settled_on ELSE v.vacancy_date END)
               OR l.organisation IS NOT \(organisationSQL("v.department"))
               OR l.department_number IS NOT \(departmentNumberSQL("v.department"))
               OR l.department IS NOT v.department OR l.number IS NOT v.number OR l.outcome IS NOT s.outcome
               OR l.staircase IS NOT p.staircase OR l.step IS NOT p.step OR l.policy_version IS NOT pv.version
               OR l.hash IS NOT j.hash)
            LIMIT \(limit)
            """
        let arguments = StatementArguments((departments ?? []).map(\.rawValue))
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
            UntrueLetting(vacancy: $0["vacancy_id"], date: $0["letting_date"], department: DepartmentID(stored: $0["department"]))
        }
    }

    struct UntrueLetting: Sendable {
        var vacancy: Int64
        var date: String
        var department: DepartmentID
    }

    /// How many `letting` rows there are, per department.
    static func lettingRows(_ db: Database, departments: [DepartmentID]?) throws -> [DepartmentID: Int] {
        let scope = departments.map { " WHERE department IN (\(databaseQuestionMarks(count: $0.count)))" } ?? ""
        var result: [DepartmentID: Int] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT department, count(*) AS rows FROM letting\(scope) GROUP BY department",
                                         arguments: StatementArguments((departments ?? []).map(\.rawValue)))
        while let row = try cursor.next() { result[DepartmentID(stored: row["department"])] = row["rows"] }
        return result
    }

    /// How many `letting` rows there are.
    static func lettingRowCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM letting") ?? 0
    }

    // MARK: The year-end export

    /// The offers pending at the window's end (`?2`): active offers (`v`) dated by then
    /// without an active settlement dated by then. (A vacancy has one active settlement at
    /// most; one dated later does not show: a pending row shows no outcome.)
    private static let pendingFilter = """
        v.offered = 1 AND v.vacancy_date <= ?2
          AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id)
          AND NOT EXISTS (SELECT 1 FROM settlement s WHERE s.vacancy_id = v.id AND s.settled_on <= ?2
                          AND NOT EXISTS (SELECT 1 FROM correction sc WHERE sc.settlement_id = s.id))
        """

    static func exportCounts(_ db: Database, _ window: DateRange) throws -> (lettings: Int, pending: Int) {
        func count(_ sql: String) throws -> Int {
            try Int.fetchOne(db, sql: sql, arguments: [window.start.description, window.end.description]) ?? 0
        }
        return (try count("SELECT count(*) FROM letting WHERE letting_date BETWEEN ?1 AND ?2"),
                try count("SELECT count(*) FROM vacancy v WHERE \(pendingFilter)"))
    }

    /// The export's rows in the export's order — by letting date (a pending offer: its
    /// vacancy date), then department as `DepartmentID` orders them (organisation, number,
    /// id), then number — each with the placement it was decided under, its policy version
    /// and its entry's hash, streamed from one cursor.
    ///
    /// The lettings come from `letting` (m011), which the triggers keep in this order with
    /// the outcome, placement, version and hash: a range read, one vacancy lookup a row, no
    /// sort of the history. The pending offers
    /// are few and read from the history. Only the columns a row shows are selected.
    static func forEachExportRow(_ db: Database, _ window: DateRange, pending: Bool, _ body: (ExportRow) throws -> Void) throws {
        typealias E = ExportColumns
        let sql = pending ? """
            SELECT \(E.selection(pending: true))
            FROM vacancy v
            JOIN placement p ON p.id = v.placement_id
            JOIN policy_version pv ON pv.id = v.policy_version_id
            LEFT JOIN journal j ON j.kind = 'vacancy' AND j.entity = v.id
            WHERE \(pendingFilter)
            ORDER BY v.vacancy_date, \(departmentOrder("v.department")), v.number
            """ : """
            SELECT \(E.selection(pending: false))
            FROM letting l JOIN vacancy v ON v.id = l.vacancy_id
            WHERE l.letting_date BETWEEN ?1 AND ?2
            ORDER BY l.letting_date, l.organisation, l.department_number, l.department, l.number, l.vacancy_id
            """
        let cursor = try Row.fetchCursor(db.makeStatement(sql: sql), arguments: [window.start.description, window.end.description])
        while let row = try cursor.next() {
            let department = DepartmentID(stored: try row.decode(E.department))
            let offered: Bool = try row.decode(E.offered)
            let outcome: Outcome? = try row.decode(E.outcome)
            let vacancyDate: CivilDate = try row.decode(E.vacancy_date)
            let route = VacancyRecord.currentRoute(decided: try row.decode(E.route), fallback: try row.decode(E.fallback_route),
                                                   offered: offered, outcome: outcome)
            try body(ExportRow(
                section: .letting, vacancy: try row.decode(E.id), organisation: department.organisation, department: department,
                staircase: try row.decode(E.staircase), step: try row.decode(E.step), number: try row.decode(E.number),
                unit: try row.decode(E.unit), vacancyDate: vacancyDate,
                lettingDate: offered ? try row.decode(E.letting_date) as CivilDate? : vacancyDate,
                route: route,
                criteria: route == .tightened ? (try row.decode(E.criteria) as StoredList<Criterion>).words : [],
                rehousing: try row.decode(E.rehousing), offered: offered, outcome: outcome, withheld: try row.decode(E.withheld),
                policyVersion: try row.decode(E.policy_version), rules: (try row.decode(E.rules) as StoredList<RuleID>).words,
                hash: try row.decode(E.hash)))
        }
    }

    /// What an export row is read from: the vacancy's own columns through `v`; the rest from
    /// its `letting` row `l` or, for an offer pending at year-end, from its placement `p`,
    /// policy version `pv` and journal entry `j`.
    enum ExportColumns: Int, Projection {
        case id, department, number, unit, vacancy_date, offered, route, fallback_route, criteria, rehousing, withheld, rules,
             outcome, letting_date, staircase, step, policy_version, hash

        func sql(pending: Bool) -> String {
            switch self {
            case .outcome, .letting_date: pending ? "NULL" : "l.\(name)"
            case .staircase, .step: (pending ? "p." : "l.") + name
            case .policy_version: pending ? "pv.version" : "l.policy_version"
            case .hash: pending ? "coalesce(j.hash, '')" : "l.hash"
            default: "v.\(name)"
            }
        }

        static func selection(pending: Bool) -> String {
            allCases.map { "\($0.sql(pending: pending)) AS \($0.name)" }.joined(separator: ", ")
        }
    }

    /// The offers made and not voided, oldest first, each with its active answer (`daysWaiting`
    /// left 0 for the caller); with `pendingOnly` those awaiting one, read only in the
    /// departments whose kept counters have a pending offer.
    static func forEachOffer(_ db: Database, pendingOnly: Bool, _ body: (OfferRow) throws -> Void) throws {
        let departments = pendingOnly ? "AND v.department IN (SELECT department FROM counters WHERE pending > 0)" : ""
        let settled = pendingOnly ? "AND s.id IS NULL" : ""
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT v.id, v.department, v.number, v.unit, v.vacancy_date, s.outcome, s.settled_on
            FROM vacancy v
            LEFT JOIN settlement s ON s.vacancy_id = v.id
                AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.settlement_id = s.id)
            WHERE v.offered = 1 \(departments)
              AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id)
              \(settled)
            ORDER BY v.vacancy_date, v.id
            """)
        while let row = try cursor.next() {
            guard let date = CivilDate(row["vacancy_date"] as String) else { continue }
            try body(OfferRow(vacancy: row["id"], department: DepartmentID(stored: row["department"]), number: row["number"],
                              unit: row["unit"], date: date, outcome: (row["outcome"] as String?).flatMap(Outcome.init(rawValue:)),
                              settledOn: (row["settled_on"] as String?).flatMap(CivilDate.init), daysWaiting: 0))
        }
    }

    /// Vacancies as they stand now — of one department and dated in a window, if given — in
    /// department, period and number order, streamed to `body`.
    /// `ordered: false` leaves the order to SQLite (a recount needs none).
    static func forEachVacancy(_ db: Database, department: DepartmentID?, window: DateRange?, ordered: Bool = true,
                               _ body: (VacancyRecord) throws -> Void) throws {
        let (sql, arguments) = vacancyList(VacancyRow.selectList, department: department, window: window, ordered: ordered)
        try VacancyRow.forEach(db.makeStatement(sql: sql), arguments: arguments, body)
    }

    /// `forEachVacancy`'s vacancies in its order, as `vacancies` lists them: only the 20
    /// columns a listing shows go through the sorter (`VacancyListing`).
    static func forEachVacancyListing(_ db: Database, department: DepartmentID?, window: DateRange?,
                                      _ body: (VacancyListing) throws -> Void) throws {
        typealias L = ListingColumns
        let (sql, arguments) = vacancyList("SELECT " + L.selection(), department: department, window: window, ordered: true)
        let cursor = try Row.fetchCursor(db.makeStatement(sql: sql), arguments: arguments)
        while let row = try cursor.next() {
            try body(VacancyListing(
                id: try row.decode(L.id), department: DepartmentID(stored: try row.decode(L.department)), number: try row.decode(L.number),
                date: try row.decode(L.vacancy_date), unit: try row.decode(L.unit), ref: try row.decode(L.ref),
                reservedUnit: try row.decode(L.reserved_unit), rehousing: try row.decode(L.rehousing),
                patternRoute: try row.decode(L.pattern_route), decidedRoute: try row.decode(L.route),
                fallbackRoute: try row.decode(L.fallback_route), offered: try row.decode(L.offered), withheld: try row.decode(L.withheld),
                criteria: (try row.decode(L.criteria) as StoredList<Criterion>).words,
                rules: (try row.decode(L.rules) as StoredList<RuleID>).words,
                outcome: try row.decode(L.outcome), settledOn: try row.decode(L.settled_on),
                isVoided: try row.decode(L.voided), recordedBy: try row.decode(L.recorded_by), recordedAt: try row.decode(L.recorded_at)))
        }
    }

    /// What a listing row is read from: the vacancy `v`, its active settlement `s`, its void `c`.
    enum ListingColumns: Int, Projection {
        case id, department, number, vacancy_date, unit, ref, reserved_unit, rehousing, pattern_route, route, fallback_route,
             offered, withheld, criteria, rules, outcome, settled_on, voided, recorded_by, recorded_at

        var sql: String {
            switch self {
            case .outcome, .settled_on: "s.\(name)"
            case .voided: "c.id IS NOT NULL AS voided"
            default: "v.\(name)"
            }
        }
    }

    /// The vacancies of a listing — of one department and dated in a window, if given — as
    /// `select` (over `v`, `s` and `c`, as `VacancyRow.from` joins them) reads them, in
    /// department, period and number order unless `ordered` is false.
    private static func vacancyList(_ select: String, department: DepartmentID?, window: DateRange?,
                                    ordered: Bool) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let department { conditions.append("v.department = ?"); arguments += [department.rawValue] }
        if let window { conditions.append("v.vacancy_date BETWEEN ? AND ?"); arguments += [window.start.description, window.end.description] }
        // A window over the whole city reads the window's rows by the date index and sorts
        // them; without statistics SQLite would walk the department index over the whole
        // history to spare the sort (EXPLAIN QUERY PLAN: SCAN v USING INDEX vacancy_by_department).
        // The whole history in department order: a scan in rowid order and SQLite's sorter
        // (spilling to temporary files) beat walking the department index, which reads the
        // table's pages in random order, one pread each (BENCHMARKS.md).
        let access: VacancyRow.Access = department != nil ? .planner
            : window != nil ? .index("vacancy_by_date") : ordered ? .scan : .planner
        let sql = select + "\n" + VacancyRow.from(access)
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + (ordered ? " ORDER BY v.department, v.period_id, v.number, v.id" : "")
        return (sql, arguments)
    }

    /// Every vacancy as it stands now, in date order by the date index (no sort), streamed
    /// to `body`: `verify` recounts the days one at a time from it.
    static func forEachVacancyByDate(_ db: Database, _ body: (VacancyRecord) throws -> Void) throws {
        let sql = VacancyRow.selectList + "\n" + VacancyRow.from(.index("vacancy_by_date")) + " ORDER BY v.vacancy_date"
        try VacancyRow.forEach(db.makeStatement(sql: sql), body)
    }
}
