import Foundation
import GRDB

/// The thin store: all SQL outside `Migrations/`. It reads state and appends entries;
/// it never decides a route. Every function runs inside the caller's transaction.
enum Store {
    // MARK: Periods and policies

    static func periods(_ db: Database) throws -> [PeriodRecord] {
        try PeriodRow.fetchAll(db.cachedStatement(sql: "SELECT \(PeriodRow.selection()) FROM period ORDER BY starts")).map(\.record)
    }

    static func period(_ db: Database, id: Int64) throws -> PeriodRecord? {
        try PeriodRow.fetchOne(db.cachedStatement(sql: "SELECT \(PeriodRow.selection()) FROM period WHERE id = ?"),
                               arguments: [id])?.record
    }

    static func insertPeriod(_ db: Database, _ range: DateRange) throws -> Int64 {
        try db.execute(sql: "INSERT INTO period (starts, ends) VALUES (?, ?)",
                       arguments: [range.start.description, range.end.description])
        let id = db.lastInsertedRowID
        try Journal.append(db, kind: "period", rowID: id)
        return id
    }

    private static let policyColumns = PolicyVersionRow.selection()

    /// A policy row with its parsed policy: the JSON and source are read only the first
    /// time the process meets the content hash.
    private static func policyRecord(_ db: Database, _ row: PolicyVersionRow) throws -> PolicyRecord {
        let (policy, sourceText) = try PolicyCache.shared.policy(hash: row.contentHash) {
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: "SELECT content_json, source_text FROM policy_version WHERE id = ?"),
                                             arguments: [row.id])
            guard let full = try cursor.next() else { throw LedgerError.damaged(detail: "policy \(row.id) vanished") }
            return (full["content_json"], full["source_text"])
        }
        return row.record(policy: policy, sourceText: sourceText)
    }

    static func latestPolicy(_ db: Database, periodID: Int64) throws -> PolicyRecord? {
        try PolicyVersionRow.fetchOne(db.cachedStatement(sql: """
            SELECT \(policyColumns) FROM policy_version WHERE period_id = ? ORDER BY version DESC LIMIT 1
            """), arguments: [periodID]).map { try policyRecord(db, $0) }
    }

    /// The cap of a period's policy (I1's "one in three"). Every period is loaded with its
    /// policy in one transaction, so a period without one is a damaged file.
    static func capEvery(_ db: Database, periodID: Int64) throws -> Int {
        guard let cap = try Int.fetchOne(db.cachedStatement(sql: """
            SELECT cap_every FROM policy_version WHERE period_id = ? ORDER BY version DESC LIMIT 1
            """), arguments: [periodID]) else {
            throw LedgerError.damaged(detail: "agreement period \(periodID) has no policy")
        }
        return cap
    }

    static func policy(_ db: Database, id: Int64) throws -> PolicyRecord? {
        try PolicyVersionRow.fetchOne(db.cachedStatement(sql: "SELECT \(policyColumns) FROM policy_version WHERE id = ?"),
                                      arguments: [id]).map { try policyRecord(db, $0) }
    }

    static func policies(_ db: Database) throws -> [PolicyRecord] {
        try PolicyVersionRow.fetchAll(db, sql: "SELECT \(policyColumns) FROM policy_version ORDER BY period_id, version")
            .map { try policyRecord(db, $0) }
    }

    static func policyVersion(_ db: Database, periodID: Int64, contentHash: String) throws -> Int? {
        try Int.fetchOne(db, sql: "SELECT version FROM policy_version WHERE period_id = ? AND content_hash = ?",
                         arguments: [periodID, contentHash])
    }

    static func insertPolicy(_ db: Database, periodID: Int64, version: Int, policy: Policy, source: String,
                             at: String, by: String) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO policy_version (period_id, version, name, cap_every, rehousing_every, content_json,
                                        content_hash, source_text, loaded_at, loaded_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [periodID, version, policy.name, policy.referralCap.every, policy.rehousing.every,
                             policy.canonicalJSON(), policy.contentHash, source, at, by])
        let id = db.lastInsertedRowID
        try Journal.append(db, kind: "policy", rowID: id)
        return id
    }

    // MARK: Departments and placements

    static func department(_ db: Database, _ id: DepartmentID) throws -> DepartmentRecord? {
        try DepartmentRow.fetchOne(db.cachedStatement(sql: "SELECT \(DepartmentRow.selection()) FROM department WHERE id = ?"),
                                   arguments: [id.rawValue])?.record
    }

    /// In `DepartmentID`'s order (organisation, then the number as a number, then the id),
    /// sorted by SQLite: sorting 2,000 records in Swift cost an audit 10 M instructions.
    /// Text compares by bytes in both (UTF-8 order is scalar order, and ids are stored NFC).
    static func departments(_ db: Database) throws -> [DepartmentRecord] {
        try DepartmentRow.fetchAll(db, sql: """
            SELECT \(DepartmentRow.selection()) FROM department
            ORDER BY organisation, CAST(substr(id, length(organisation) + 2) AS INTEGER), id
            """).map(\.record)
    }

    /// Every department's dwellings (the report's roll-ups): two columns, unsorted, read
    /// straight from SQLite's columns (`departments` sorts and decodes whole records: a
    /// twentieth of `report`'s instructions at 2,000 departments).
    static func dwellings(_ db: Database) throws -> [DepartmentID: Int] {
        let statement = try db.makeStatement(sql: "SELECT id, units FROM department")
        let cursor = try Row.fetchCursor(statement)
        let row = CurrentRow(statement)
        var dwellings: [DepartmentID: Int] = [:]
        while try cursor.next() != nil {
            dwellings[DepartmentID(stored: row.withText(0) { String(decoding: $0, as: UTF8.self) })] = Int(row.int64(1))
        }
        return dwellings
    }

    /// Whether the department exists (the import's check of every row, and `log`'s).
    static func departmentExists(_ db: Database, _ id: DepartmentID) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM department WHERE id = ?)"),
                          arguments: [id.rawValue]) ?? false
    }

    static func insertDepartment(_ db: Database, _ record: DepartmentRecord) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO organisation (code) VALUES (?)", arguments: [record.id.organisation])
        if db.changesCount > 0 { try Journal.append(db, kind: "organisation", rowID: db.lastInsertedRowID) }
        try db.execute(sql: """
            INSERT INTO department (id, organisation, name, units, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [record.id.rawValue, record.id.organisation, record.name, record.units,
                             record.createdAt, record.createdBy])
        try Journal.append(db, kind: "department", rowID: db.lastInsertedRowID)
    }

    private static let placementColumns = PlacementRow.selection()

    static func placements(_ db: Database, _ department: DepartmentID) throws -> [PlacementRecord] {
        try PlacementRow.fetchAll(db.cachedStatement(sql: "SELECT \(placementColumns) FROM placement WHERE department = ? ORDER BY effective_from"),
                                  arguments: [department.rawValue]).map(\.record)
    }

    static func placement(_ db: Database, id: Int64) throws -> PlacementRecord? {
        try PlacementRow.fetchOne(db.cachedStatement(sql: "SELECT \(placementColumns) FROM placement WHERE id = ?"),
                                  arguments: [id])?.record
    }

    /// The placement in force on a date: the latest effective on or before it.
    static func placementInForce(_ db: Database, _ department: DepartmentID, on day: CivilDate) throws -> PlacementRecord? {
        try PlacementRow.fetchOne(db.cachedStatement(sql: """
            SELECT \(placementColumns) FROM placement WHERE department = ? AND effective_from <= ?
            ORDER BY effective_from DESC LIMIT 1
            """), arguments: [department.rawValue, day.description])?.record
    }

    static func insertPlacement(_ db: Database, _ department: DepartmentID, from: CivilDate, _ p: Placement,
                                at: String, by: String) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO placement (department, effective_from, staircase, step, base_step, at_risk, exempt,
                                   reserved, criteria, recorded_at, recorded_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [department.rawValue, from.description, p.staircase.rawValue, p.step, p.baseStep,
                             p.atRisk, p.exempt, p.reserved, Criterion.storageText(p.criteria), at, by])
        let id = db.lastInsertedRowID
        try Journal.append(db, kind: "placement", rowID: id)
        return id
    }

    static func insertPlacementBasis(_ db: Database, placementID: Int64, _ i: Indicators, need: Need?, reasons: [String]) throws {
        try db.execute(sql: """
            INSERT INTO placement_basis (placement_id, residents, area_list, area_residents, outside_work_share, conviction_ratio,
                                         primary_school_only_share, income_ratio, referred_share, at_risk, exempt, need, reasons,
                                         non_western_share)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [placementID, i.residents, i.areaList.rawValue, i.areaResidents, i.outsideWorkShare, i.convictionRatio,
                             i.primarySchoolOnlyShare, i.incomeRatio, i.referredShare, i.atRisk, i.exempt, need?.rawValue,
                             reasons.joined(separator: "\n"), i.nonWesternShare])
        try Journal.append(db, kind: "placement_basis", rowID: placementID)
    }

    static func placementBasis(_ db: Database, placementID: Int64, department: DepartmentID) throws
        -> (indicators: Indicators, need: Need?, reasons: [String])?
    {
        try PlacementBasisRow.fetchOne(db, sql: "SELECT \(PlacementBasisRow.selection()) FROM placement_basis WHERE placement_id = ?",
                                       arguments: [placementID]).map { ($0.indicators(department), $0.need, $0.reasons) }
    }

    static func latestVacancyDate(_ db: Database, _ department: DepartmentID) throws -> CivilDate? {
        try String.fetchOne(db, sql: "SELECT max(vacancy_date) FROM vacancy WHERE department = ?",
                            arguments: [department.rawValue]).map(date)
    }

    // MARK: Counters and the state the rule engine needs

    static func counters(_ db: Database, _ department: DepartmentID, periodID: Int64) throws -> Counters {
        try CountersRow.fetchOne(db.cachedStatement(sql: """
            SELECT \(CountersRow.selection()) FROM counters WHERE department = ? AND period_id = ?
            """), arguments: [department.rawValue, periodID])?.counters ?? Counters()
    }

    /// All stored counter rows, keyed by department and period.
    static func allCounters(_ db: Database) throws -> [CounterKey: Counters] {
        var result: [CounterKey: Counters] = [:]
        let cursor = try CountersRow.fetchCursor(db, sql: "SELECT \(CountersRow.selection()) FROM counters")
        while let row = try cursor.next() { result[row.key] = row.counters }
        return result
    }

    /// Active vacancies by the route they are let by now, per department and period (m006).
    /// Read in the primary key's order (department, period, route), so a key's routes come
    /// together and each key is made and hashed once, not once per route.
    static func allLettings(_ db: Database) throws -> [CounterKey: [Route: Int]] {
        var result: [CounterKey: [Route: Int]] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT department, period_id, route, dwellings FROM lettings ORDER BY department, period_id")
        var current: (department: String, periodID: Int64, byRoute: [Route: Int])?
        func flush() {
            if let current, !current.byRoute.isEmpty {
                result[CounterKey(department: DepartmentID(stored: current.department), periodID: current.periodID)] = current.byRoute
            }
        }
        while let row = try cursor.next() {
            let department: String = row[0], periodID: Int64 = row[1], dwellings: Int = row[3]
            if current?.department != department || current?.periodID != periodID {
                flush()
                current = (department, periodID, [:])
            }
            if dwellings > 0 { current!.byRoute[Route(rawValue: row[2])!] = dwellings }
        }
        flush()
        return result
    }

    /// `counters_by_month` (m009), summed per department and period over the months
    /// `months` (year × 100 + month), or every row by its month when `months` is nil.
    static func months(_ db: Database, summing months: ClosedRange<Int>? = nil,
                       department: DepartmentID? = nil) throws -> [MonthKey: MonthFigures] {
        var result: [MonthKey: MonthFigures] = [:]
        try forEachMonth(db, summing: months, department: department) { result[$0] = $1 }
        return result
    }

    /// `months`, streamed to `body` (`verify` compares them one by one with its recount
    /// instead of holding both sides).
    static func forEachMonth(_ db: Database, summing months: ClosedRange<Int>? = nil, department: DepartmentID? = nil,
                             _ body: (MonthKey, MonthFigures) throws -> Void) throws {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let months { conditions.append("month BETWEEN ? AND ?"); arguments += [MonthKey.text(months.lowerBound), MonthKey.text(months.upperBound)] }
        if let department { conditions.append("department = ?"); arguments += [department.rawValue] }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT month, department, period_id, \(figureColumns) FROM counters_by_month\(filter)"
        guard months != nil else {
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try cursor.next() {
                let text: String = row[0]
                let month = Int(text.prefix(4))! * 100 + Int(text.suffix(2))!
                try body(MonthKey(month: month, key: CounterKey(department: DepartmentID(stored: row[1]), periodID: row[2])), monthFigures(row))
            }
            return
        }
        for (key, figures) in try sumFigures(db, sql: sql, arguments: arguments) { try body(MonthKey(month: 0, key: key), figures) }
    }

    /// Figures from columns 3…15 of a row: the counters and lettings of `counters_by_month`.
    private static func monthFigures(_ row: Row) -> MonthFigures { monthFigures { row[Int($0)] } }

    /// The same columns, each read by `column` (GRDB's `Row`, or SQLite's current row).
    fileprivate static func monthFigures(_ column: (Int32) -> Int) -> MonthFigures {
        var f = MonthFigures()
        f.counters.vacancies = column(3)
        f.counters.offered = column(4)
        f.counters.pending = column(5)
        f.counters.referred = column(6)
        f.counters.rehoused = column(7)
        f.counters.returned = column(8)
        f.counters.withheldCap = column(9)
        f.counters.withheldFourth = column(10)
        f.counters.withheldExempt = column(11)
        f.lettings.referral = column(12)
        f.lettings.flexible = column(13)
        f.lettings.tightened = column(14)
        f.lettings.ordinary = column(15)
        return f
    }

    /// The figure columns of `counters_by_month` and `counters_by_day`, in `monthFigures`' order.
    private static let figureColumns = "vacancies, offered, pending, referred, rehoused, returned, "
        + "withheld_cap, withheld_fourth, withheld_exempt, let_referral, let_flexible, let_tightened, let_ordinary"

    /// `counters_by_day` (m010) summed per department and period over the days `days`: a
    /// window's partly covered first or last month. A range of the table's key, a few
    /// hundred rows a day; it replaced a recount of the days' vacancies (three index
    /// searches each: a third of `audit --from/--to` at 1M).
    static func dayFigures(_ db: Database, _ days: DateRange, department: DepartmentID? = nil) throws -> [CounterKey: MonthFigures] {
        var arguments: StatementArguments = [days.start.description, days.end.description]
        if let department { arguments += [department.rawValue] }
        let sql = "SELECT NULL, department, period_id, \(figureColumns) FROM counters_by_day WHERE day BETWEEN ? AND ?"
            + (department == nil ? "" : " AND department = ?")
        return try sumFigures(db, sql: sql, arguments: arguments)
    }

    /// Every `counters_by_day` row (m010) in key order (day, department, period), or those of
    /// some departments, as a cursor: `verify` pulls them day by day beside its recount.
    static func days(_ db: Database, departments: [DepartmentID]? = nil) throws -> DayRowCursor {
        // Some departments: one pass over the table, filtered by SQLite (the key is day first,
        // so a pass per department would read the whole table each time).
        let only = try departments.map { String(decoding: try JSONEncoder().encode($0.map(\.rawValue)), as: UTF8.self) }
        let sql = "SELECT day, department, period_id, \(figureColumns) FROM counters_by_day"
            + (only == nil ? "" : " WHERE department IN (SELECT value FROM json_each(?))") + " ORDER BY day, department, period_id"
        return try DayRowCursor(db.makeStatement(sql: sql), arguments: only.map { [$0] } ?? [])
    }

    /// `counters_by_day` rows read straight from SQLite's columns: through GRDB's `Row` the
    /// 826,783 rows of a 1M ledger cost `verify` about 8 % of its instructions.
    final class DayRowCursor: Cursor {
        private let rows: RowCursor
        private let row: CurrentRow

        init(_ statement: Statement, arguments: StatementArguments) throws {
            rows = try Row.fetchCursor(statement, arguments: arguments)
            row = CurrentRow(statement)
        }

        func next() throws -> (key: DayKey, figures: MonthFigures)? {
            guard try rows.next() != nil else { return nil }
            guard let day = row.withText(0, { CivilDate(utf8: $0) }) else {
                throw LedgerError.damaged(detail: "counters_by_day holds a day that is not a date")
            }
            let department = DepartmentID(stored: row.withText(1) { String(decoding: $0, as: UTF8.self) })
            return (DayKey(day: day, key: CounterKey(department: department, periodID: row.int64(2))),
                    Store.monthFigures { Int(row.int64($0)) })
        }
    }

    /// Rows of `(_, department, period_id, the figures of monthFigures)` summed per department
    /// and period. Here rather than by GROUP BY, which sorts every row into a temporary
    /// B-tree first: a year of `counters_by_month` at 1M took SQLite 33 ms that way against
    /// 8 ms for the scan.
    private static func sumFigures(_ db: Database, sql: String, arguments: StatementArguments) throws -> [CounterKey: MonthFigures] {
        // Keyed by the stored bytes while summing (`FigureSums`); the figures read straight
        // from SQLite's columns (GRDB's `Row` doubled the cost a row).
        let statement = try db.makeStatement(sql: sql)
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        let row = CurrentRow(statement)
        var sums = FigureSums()
        while try cursor.next() != nil {
            let figures = monthFigures { Int(row.int64($0)) }
            row.withText(1) { sums.add(department: $0, period: row.int64(2), figures) }
        }
        return sums.sums
    }

    /// Active vacancies dated in each month of `year` (12 figures), from `counters_by_month`.
    static func vacanciesPerMonth(_ db: Database, year: Int) throws -> [Int] {
        var months = Array(repeating: 0, count: 12)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT month, sum(vacancies) FROM counters_by_month WHERE month BETWEEN ? AND ? GROUP BY month
            """, arguments: [MonthKey.text(year * 100 + 1), MonthKey.text(year * 100 + 12)])
        while let row = try rows.next() {
            let month: String = row[0]
            months[Int(month.suffix(2))! - 1] = row[1]
        }
        return months
    }

    /// Every department's staircase and step from each placement's date, oldest first: what
    /// an audit row shows (the rest of a placement is not decoded for 2,000 departments).
    typealias Step = (from: CivilDate, staircase: Staircase, step: Int)

    static func allSteps(_ db: Database) throws -> [DepartmentID: [Step]] {
        var result: [DepartmentID: [Step]] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT department, effective_from, staircase, step FROM placement ORDER BY department, effective_from")
        var current: (id: DepartmentID, steps: [Step])?
        while let row = try cursor.next() {
            let text: String = row[0]
            if current?.id.rawValue != text {
                if let current { result[current.id] = current.steps }
                current = (DepartmentID(stored: text), [])
            }
            current!.steps.append((date(row[1]), Staircase(rawValue: row[2])!, row[3]))
        }
        if let current { result[current.id] = current.steps }
        return result
    }

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
            EarlierDwelling(patternRoute: Route(rawValue: row[VacancyRow.Columns.pattern_route])!,
                            offered: row[VacancyRow.Columns.offered], realised: row["realised"])
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
        while let row = try cursor.next() { keys.insert(CounterKey(department: DepartmentID(stored: row[0]), periodID: row[1])) }
        return keys
    }

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
               OR l.organisation IS NOT substr(v.department, 1, instr(v.department, '-') - 1)
               OR l.department_number IS NOT CAST(substr(v.department, instr(v.department, '-') + 1) AS INTEGER)
               OR l.department IS NOT v.department OR l.number IS NOT v.number OR l.outcome IS NOT s.outcome
               OR l.staircase IS NOT p.staircase OR l.step IS NOT p.step OR l.policy_version IS NOT pv.version
               OR l.hash IS NOT j.hash)
            LIMIT \(limit)
            """
        let arguments = StatementArguments((departments ?? []).map(\.rawValue))
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
            UntrueLetting(vacancy: $0[0], date: $0[1], department: DepartmentID(stored: $0[2]))
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
        let cursor = try Row.fetchCursor(db, sql: "SELECT department, count(*) FROM letting\(scope) GROUP BY department",
                                         arguments: StatementArguments((departments ?? []).map(\.rawValue)))
        while let row = try cursor.next() { result[DepartmentID(stored: row[0])] = row[1] }
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
    /// sort (joining and sorting the history took 3× as long at 1M). The pending offers
    /// are few and read from the history. Only the columns a row shows are selected.
    static func forEachExportRow(_ db: Database, _ window: DateRange, pending: Bool, _ body: (ExportRow) throws -> Void) throws {
        let vacancyColumns = """
            v.id, v.department, v.number, v.unit, v.vacancy_date, v.offered, v.route, v.fallback_route,
            v.criteria, v.rehousing, v.withheld, v.rules
            """
        let sql = pending ? """
            SELECT \(vacancyColumns), NULL, NULL, p.staircase, p.step, pv.version, coalesce(j.hash, '')
            FROM vacancy v
            JOIN placement p ON p.id = v.placement_id
            JOIN policy_version pv ON pv.id = v.policy_version_id
            LEFT JOIN journal j ON j.kind = 'vacancy' AND j.entity = v.id
            WHERE \(pendingFilter)
            ORDER BY v.vacancy_date, substr(v.department, 1, instr(v.department, '-') - 1),
                     CAST(substr(v.department, instr(v.department, '-') + 1) AS INTEGER), v.department, v.number
            """ : """
            SELECT \(vacancyColumns), l.outcome, l.letting_date, l.staircase, l.step, l.policy_version, l.hash
            FROM letting l JOIN vacancy v ON v.id = l.vacancy_id
            WHERE l.letting_date BETWEEN ?1 AND ?2
            ORDER BY l.letting_date, l.organisation, l.department_number, l.department, l.number, l.vacancy_id
            """
        // Read straight from SQLite's columns (`CurrentRow`): through GRDB's `Row` a year's
        // 250,000 rows at 1M made a `String` of every value, words and dates included.
        let statement = try db.makeStatement(sql: sql)
        let cursor = try Row.fetchCursor(statement, arguments: [window.start.description, window.end.description])
        let row = CurrentRow(statement)
        while try cursor.next() != nil {
            let department = DepartmentID(stored: row.text(1))
            let offered = row.bool(5)
            let outcome: Outcome? = row.isNull(12) ? nil : try CurrentRow.known(row.word(12), "outcome")
            let vacancyDate = try CurrentRow.known(row.date(4), "date")
            let route = VacancyRecord.currentRoute(decided: try CurrentRow.known(row.word(6), "route"),
                                                   fallback: try CurrentRow.known(row.word(7), "fallback route"),
                                                   offered: offered, outcome: outcome)
            try body(ExportRow(
                section: .letting, vacancy: row.int64(0), organisation: department.organisation, department: department,
                staircase: try CurrentRow.known(row.word(14), "staircase"), step: Int(row.int64(15)), number: Int(row.int64(2)),
                unit: row.text(3), vacancyDate: vacancyDate,
                lettingDate: offered ? (row.isNull(13) ? nil : try CurrentRow.known(row.date(13), "settlement date")) : vacancyDate,
                route: route,
                // Lists in another form read as `stored` reads them.
                criteria: route == .tightened
                    ? row.words(8, separator: UInt8(ascii: ",")) ?? Criterion.stored(row.text(8)) : [],
                rehousing: row.bool(9), offered: offered, outcome: outcome,
                withheld: row.isNull(10) ? nil : try CurrentRow.known(row.word(10), "withheld reason"),
                policyVersion: Int(row.int64(16)), rules: row.words(11, separator: UInt8(ascii: " ")) ?? RuleID.stored(row.text(11)),
                hash: row.text(17)))
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
        let select = """
            SELECT v.id, v.department, v.number, v.vacancy_date, v.unit, v.ref, v.reserved_unit, v.rehousing,
                   v.pattern_route, v.route, v.fallback_route, v.offered, v.withheld, v.criteria, v.rules,
                   s.outcome, s.settled_on, c.id IS NOT NULL, v.recorded_by, v.recorded_at
            """
        let (sql, arguments) = vacancyList(select, department: department, window: window, ordered: true)
        let statement = try db.makeStatement(sql: sql)
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        let row = CurrentRow(statement)
        while try cursor.next() != nil {
            try body(VacancyListing(
                id: row.int64(0), department: DepartmentID(stored: row.text(1)), number: Int(row.int64(2)),
                date: try CurrentRow.known(row.date(3), "date"), unit: row.text(4), ref: row.optionalText(5),
                reservedUnit: row.bool(6), rehousing: row.bool(7),
                patternRoute: try CurrentRow.known(row.word(8), "pattern route"),
                decidedRoute: try CurrentRow.known(row.word(9), "route"),
                fallbackRoute: try CurrentRow.known(row.word(10), "fallback route"), offered: row.bool(11),
                withheld: row.isNull(12) ? nil : try CurrentRow.known(row.word(12), "withheld reason"),
                // Lists in another form read as `stored` reads them.
                criteria: row.words(13, separator: UInt8(ascii: ",")) ?? Criterion.stored(row.text(13)),
                rules: row.words(14, separator: UInt8(ascii: " ")) ?? RuleID.stored(row.text(14)),
                outcome: row.isNull(15) ? nil : try CurrentRow.known(row.word(15), "outcome"),
                settledOn: row.isNull(16) ? nil : try CurrentRow.known(row.date(16), "settlement date"),
                isVoided: row.bool(17), recordedBy: row.text(18), recordedAt: row.text(19)))
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
        // table's pages in random order, one pread each (vacancies --format csv at 1M:
        // 9.1 s → 6.6 s in the sqlite3 shell; 4.0 s against 5.7 s in the seventh session).
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
        // In the vacancy kind's column order (`Journal.kinds`).
        let values: [(any DatabaseValueConvertible)?] = [
            v.department.rawValue, v.periodID, d.number, v.date.description, v.unit, v.ref, v.reservedUnit,
            d.rehousing, d.patternRoute.rawValue, d.route.rawValue, d.fallbackRoute.rawValue, d.offered,
            d.withheld?.rawValue, Criterion.storageText(d.waitingListCriteria),
            d.rules.map(\.rawValue).joined(separator: " "), v.placementID, v.policyVersionID,
            c.vacancies, c.offered, c.pending, c.realised, c.returned, c.withheld, v.at, v.by,
        ]
        return try Journal.insert(db, kind: "vacancy", values: values.map { $0?.databaseValue ?? .null }, keeper: keeper)
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
                                 at: String, by: String, forced: Bool = false, keeper: Journal.HeadKeeper? = nil) throws {
        guard forced else {
            try Journal.insert(db, kind: "settlement", values: [
                vacancyID.databaseValue, outcome.rawValue.databaseValue, day.description.databaseValue, at.databaseValue, by.databaseValue,
            ], keeper: keeper)
            return
        }
        // A forced answer (S1 refused it; m012) sets the optional column: chained by reading back.
        try db.execute(sql: """
            INSERT INTO settlement (vacancy_id, outcome, settled_on, recorded_at, recorded_by, forced)
            VALUES (?, ?, ?, ?, ?, 1)
            """, arguments: [vacancyID, outcome.rawValue, day.description, at, by])
        try Journal.append(db, kind: "settlement", rowID: db.lastInsertedRowID)
    }

    /// A department's figures by date in one period (RULES.md I1): its active vacancies by
    /// date and their active realised answers by settlement date. One pass over the
    /// department's own vacancies (by `vacancy_by_department`), never the whole history.
    static func datedFigures(_ db: Database, _ department: DepartmentID, period: PeriodRecord) throws -> DatedFigures {
        var figures = DatedFigures(periodEnd: period.range.end)
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT v.vacancy_date,
                   (SELECT s.settled_on FROM settlement s
                    WHERE s.vacancy_id = v.id AND s.outcome IN ('referred', 'rehoused')
                      AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.settlement_id = s.id))
            FROM vacancy v
            WHERE v.department = ? AND v.period_id = ?
              AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id)
            """), arguments: [department.rawValue, period.id])
        while let row = try cursor.next() {
            figures.addVacancy(on: date(row[0]))
            if let settled = row[1] as String? { figures.addRealised(on: date(settled)) }
        }
        return figures
    }

    /// Answers recorded through an S1 refusal (`settle --force`, m012), per department and period.
    static func forcedAnswers(_ db: Database) throws -> [CounterKey: Int] {
        var counts: [CounterKey: Int] = [:]
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT v.department, v.period_id FROM settlement s JOIN vacancy v ON v.id = s.vacancy_id WHERE s.forced = 1
            """)
        while let row = try cursor.next() {
            counts[CounterKey(department: DepartmentID(stored: row[0]), periodID: row[1]), default: 0] += 1
        }
        return counts
    }

    /// `realised_by_day` (m012) folded per department and period, as SQLite streams it.
    static func realisedDaySums(_ db: Database) throws -> [CounterKey: DaySums] {
        var sums: [CounterKey: DaySums] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT day, department, period_id, realised FROM realised_by_day WHERE realised > 0")
        while let row = try cursor.next() {
            sums[CounterKey(department: DepartmentID(stored: row[1]), periodID: row[2]), default: DaySums()]
                .add(day: date(row[0]).dayNumber, count: row[3])
        }
        return sums
    }

    /// The departments and periods whose earlier history breaks I1 at some date (m012).
    static func breachWatch(_ db: Database) throws -> Set<CounterKey> {
        var keys = Set<CounterKey>()
        let cursor = try Row.fetchCursor(db, sql: "SELECT department, period_id FROM breach_watch")
        while let row = try cursor.next() { keys.insert(CounterKey(department: DepartmentID(stored: row[0]), periodID: row[1])) }
        return keys
    }

    /// realised(t) per department of one period: the active realised answers settled on or
    /// before `day` (m012's `realised_by_day`, a range of its day-first key), summed here as
    /// SQLite streams them.
    static func realisedThrough(_ db: Database, _ day: CivilDate, periodID: Int64,
                                department: DepartmentID?) throws -> [CounterKey: Int] {
        var sql = "SELECT department, realised FROM realised_by_day WHERE day <= ? AND period_id = ?"
        var arguments: StatementArguments = [day.description, periodID]
        if let department { sql += " AND department = ?"; arguments += [department.rawValue] }
        var sums: [CounterKey: Int] = [:]
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        while let row = try cursor.next() {
            sums[CounterKey(department: DepartmentID(stored: row[0]), periodID: periodID), default: 0] += row[1] as Int
        }
        return sums
    }

    /// The latest date of anything dated in the department's period, voided or not (an
    /// upper bound: S1's shortcut when nothing is dated after an answer).
    static func latestDate(_ db: Database, _ department: DepartmentID, periodID: Int64) throws -> CivilDate? {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT max(v.vacancy_date), max(s.settled_on)
            FROM vacancy v LEFT JOIN settlement s ON s.vacancy_id = v.id
            WHERE v.department = ? AND v.period_id = ?
            """), arguments: [department.rawValue, periodID])
        let dates = [row?[0] as String?, row?[1] as String?].compactMap { $0 }.map(date)
        return dates.max()
    }

    static func insertCorrection(_ db: Database, vacancyID: Int64?, settlementID: Int64?, reason: String,
                                 forced: Bool, at: String, by: String) throws {
        try db.execute(sql: """
            INSERT INTO correction (vacancy_id, settlement_id, reason, forced, recorded_at, recorded_by)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [vacancyID, settlementID, reason, forced, at, by])
        try Journal.append(db, kind: "correction", rowID: db.lastInsertedRowID)
    }

    /// Whether every entry of the ledger was recorded by `by` (the demo's own ledgers).
    static func everythingRecorded(_ db: Database, by: String) throws -> Bool {
        try !(Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM policy_version WHERE loaded_by <> ?1)
                OR EXISTS (SELECT 1 FROM department WHERE created_by <> ?1)
                OR EXISTS (SELECT 1 FROM placement WHERE recorded_by <> ?1)
                OR EXISTS (SELECT 1 FROM vacancy WHERE recorded_by <> ?1)
                OR EXISTS (SELECT 1 FROM settlement WHERE recorded_by <> ?1)
                OR EXISTS (SELECT 1 FROM correction WHERE recorded_by <> ?1)
                OR EXISTS (SELECT 1 FROM access_token)
            """, arguments: [by]) ?? true)
    }

    /// SQLite's own checks: page integrity and foreign keys.
    static func sqliteFaults(_ db: Database) throws -> [String] {
        var faults: [String] = []
        let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
        if integrity != ["ok"] { faults += integrity.map { "integrity_check: \($0)" } }
        for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
            faults.append("foreign_key_check: \(row["table"] as String? ?? "?") row \(row["rowid"] as Int64? ?? 0) refers to a missing \(row["parent"] as String? ?? "?")")
        }
        return faults
    }

    /// Bulk loading (the demo): no sync per commit; `LedgerDatabase.buildAtomically` syncs
    /// the whole file before it is put in place.
    static func relaxDurability(_ db: Database) throws {
        try db.execute(sql: "PRAGMA synchronous = OFF")
    }

    // MARK: The hash chain (see `Journal`)

    static func headHash(_ db: Database) throws -> String { try Journal.headHash(db) }

    /// Entry hashes of one kind, by entity (rowid).
    static func journalHashes(_ db: Database, kind: String) throws -> [Int64: String] {
        var result: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT entity, hash FROM journal WHERE kind = ?", arguments: [kind]) {
            result[row[JournalRow.Columns.entity]] = row[JournalRow.Columns.hash]
        }
        return result
    }

    static func journalHash(_ db: Database, kind: String, entity: Int64) throws -> String? {
        try String.fetchOne(db, sql: "SELECT hash FROM journal WHERE kind = ? AND entity = ?", arguments: [kind, entity])
    }

    static func journalSeq(_ db: Database, hash: String) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT seq FROM journal WHERE hash = ?", arguments: [hash])
    }

    /// The entries after `seq` that record, settle or void vacancy `id` (or void one of its
    /// settlements), in order; each branch an indexed lookup.
    static func laterEntries(_ db: Database, vacancy id: Int64, after seq: Int64) throws -> [(seq: Int64, kind: String)] {
        try Row.fetchAll(db, sql: """
            SELECT seq, kind FROM journal WHERE kind = 'vacancy' AND entity = ?1 AND seq > ?2
            UNION ALL
            SELECT j.seq, j.kind FROM settlement s JOIN journal j ON j.kind = 'settlement' AND j.entity = s.id
            WHERE s.vacancy_id = ?1 AND j.seq > ?2
            UNION ALL
            SELECT j.seq, j.kind FROM correction c JOIN journal j ON j.kind = 'correction' AND j.entity = c.id
            WHERE (c.vacancy_id = ?1 OR c.settlement_id IN (SELECT id FROM settlement WHERE vacancy_id = ?1)) AND j.seq > ?2
            ORDER BY 1
            """, arguments: [id, seq]).map { (seq: $0[0], kind: $0[1]) }
    }

    // MARK: Helpers

    /// Dates in the ledger were validated on the way in (and by CHECKs).
    static func date(_ text: String) -> CivilDate { CivilDate(text)! }
}
