import Foundation
import GRDB

/// The kept counters and figures (m005–m012): what the rules, the audit and `verify` read
/// instead of the history.
extension Store {
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
            let department: String = row["department"], periodID: Int64 = row["period_id"], dwellings: Int = row["dwellings"]
            if current?.department != department || current?.periodID != periodID {
                flush()
                current = (department, periodID, [:])
            }
            if dwellings > 0 { current!.byRoute[Route(rawValue: row["route"])!] = dwellings }
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
        let sql = "SELECT \(FigureColumns.selection(at: "month")) FROM counters_by_month\(filter)"
        guard months != nil else {
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try cursor.next() {
                let text: String = row[FigureColumns.at]
                let month = Int(text.prefix(4))! * 100 + Int(text.suffix(2))!
                let key = CounterKey(department: DepartmentID(stored: row[FigureColumns.department]), periodID: row[FigureColumns.period_id])
                try body(MonthKey(month: month, key: key), try monthFigures { try row.decode($0) })
            }
            return
        }
        for (key, figures) in try sumFigures(db, sql: sql, arguments: arguments) { try body(MonthKey(month: 0, key: key), figures) }
    }

    /// The rows of `counters_by_month` and `counters_by_day` as they are read: the month or
    /// the day (`at`), the department and period, then the figures in `MonthFigures`' order.
    enum FigureColumns: Int, Projection {
        case at, department, period_id, vacancies, offered, pending, referred, rehoused, returned,
             withheld_cap, withheld_fourth, withheld_exempt, let_referral, let_flexible, let_tightened, let_ordinary

        /// The SELECT list, `at` being the table's `month` or `day` column (NULL for a sum).
        static func selection(at: String) -> String {
            "\(at) AS at, " + allCases.dropFirst().map(\.sql).joined(separator: ", ")
        }
    }

    /// A row's figures, each column read by `column`.
    fileprivate static func monthFigures(_ column: (FigureColumns) throws -> Int) rethrows -> MonthFigures {
        var f = MonthFigures()
        f.counters.vacancies = try column(.vacancies)
        f.counters.offered = try column(.offered)
        f.counters.pending = try column(.pending)
        f.counters.referred = try column(.referred)
        f.counters.rehoused = try column(.rehoused)
        f.counters.returned = try column(.returned)
        f.counters.withheldCap = try column(.withheld_cap)
        f.counters.withheldFourth = try column(.withheld_fourth)
        f.counters.withheldExempt = try column(.withheld_exempt)
        f.lettings.referral = try column(.let_referral)
        f.lettings.flexible = try column(.let_flexible)
        f.lettings.tightened = try column(.let_tightened)
        f.lettings.ordinary = try column(.let_ordinary)
        return f
    }

    /// `counters_by_day` (m010) summed per department and period over the days `days`: a
    /// window's partly covered first or last month. A range of the table's key, a few
    /// hundred rows a day, instead of a recount of the days' vacancies.
    static func dayFigures(_ db: Database, _ days: DateRange, department: DepartmentID? = nil) throws -> [CounterKey: MonthFigures] {
        var arguments: StatementArguments = [days.start.description, days.end.description]
        if let department { arguments += [department.rawValue] }
        let sql = "SELECT \(FigureColumns.selection(at: "NULL")) FROM counters_by_day WHERE day BETWEEN ? AND ?"
            + (department == nil ? "" : " AND department = ?")
        return try sumFigures(db, sql: sql, arguments: arguments)
    }

    /// Every `counters_by_day` row (m010) in key order (day, department, period), or those of
    /// some departments, as a cursor: `verify` pulls them day by day beside its recount.
    static func days(_ db: Database, departments: [DepartmentID]? = nil) throws -> DayRowCursor {
        // Some departments: one pass over the table, filtered by SQLite (the key is day first,
        // so a pass per department would read the whole table each time).
        let only = try departments.map { String(decoding: try JSONEncoder().encode($0.map(\.rawValue)), as: UTF8.self) }
        let sql = "SELECT \(FigureColumns.selection(at: "day")) FROM counters_by_day"
            + (only == nil ? "" : " WHERE department IN (SELECT value FROM json_each(?))") + " ORDER BY day, department, period_id"
        return try DayRowCursor(db.makeStatement(sql: sql), arguments: only.map { [$0] } ?? [])
    }

    /// `counters_by_day` rows as they are read: `verify` reads every one.
    final class DayRowCursor: Cursor {
        private let rows: RowCursor

        init(_ statement: Statement, arguments: StatementArguments) throws {
            rows = try Row.fetchCursor(statement, arguments: arguments)
        }

        func next() throws -> (key: DayKey, figures: MonthFigures)? {
            guard let row = try rows.next() else { return nil }
            let department = DepartmentID(stored: try row.decode(FigureColumns.department))
            return (DayKey(day: try row.decode(FigureColumns.at),
                           key: CounterKey(department: department, periodID: try row.decode(FigureColumns.period_id))),
                    try Store.monthFigures { try row.decode($0) })
        }
    }

    /// Rows of `FigureColumns` summed per department
    /// and period. Here rather than by GROUP BY, which sorts every row into a temporary
    /// B-tree first.
    private static func sumFigures(_ db: Database, sql: String, arguments: StatementArguments) throws -> [CounterKey: MonthFigures] {
        let cursor = try Row.fetchCursor(db.makeStatement(sql: sql), arguments: arguments)
        var sums: [CounterKey: MonthFigures] = [:]
        while let row = try cursor.next() {
            let key = CounterKey(department: DepartmentID(stored: try row.decode(FigureColumns.department)),
                                 periodID: try row.decode(FigureColumns.period_id))
            sums[key, default: MonthFigures()].add(try monthFigures { try row.decode($0) })
        }
        return sums
    }

    /// Active vacancies dated in each month of `year` (12 figures), from `counters_by_month`.
    static func vacanciesPerMonth(_ db: Database, year: Int, departments: Set<DepartmentID>? = nil) throws -> [Int] {
        var months = Array(repeating: 0, count: 12)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT month, department, sum(vacancies) AS vacancies FROM counters_by_month WHERE month BETWEEN ? AND ?
            GROUP BY month, department
            """, arguments: [MonthKey.text(year * 100 + 1), MonthKey.text(year * 100 + 12)])
        while let row = try rows.next() {
            if let departments, let id = DepartmentID(row["department"] as String), !departments.contains(id) { continue }
            let month: String = row["month"]
            months[Int(month.suffix(2))! - 1] += row["vacancies"] as Int
        }
        return months
    }


    // MARK: Figures by date (RULES.md I1, m012)

    /// A department's figures by date in one period (RULES.md I1): its active vacancies by
    /// date and their active realised answers by settlement date. One pass over the
    /// department's own vacancies (by `vacancy_by_department`), never the whole history.
    static func datedFigures(_ db: Database, _ department: DepartmentID, period: PeriodRecord) throws -> DatedFigures {
        var figures = DatedFigures(periodEnd: period.range.end)
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT v.vacancy_date,
                   (SELECT s.settled_on AS settled_on FROM settlement s
                    WHERE s.vacancy_id = v.id AND s.outcome IN ('referred', 'rehoused')
                      AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.settlement_id = s.id)) AS settled_on
            FROM vacancy v
            WHERE v.department = ? AND v.period_id = ?
              AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id)
            """), arguments: [department.rawValue, period.id])
        while let row = try cursor.next() {
            figures.addVacancy(on: date(row["vacancy_date"]))
            if let settled = row["settled_on"] as String? { figures.addRealised(on: date(settled)) }
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
            counts[counterKey(row), default: 0] += 1
        }
        return counts
    }

    /// `realised_by_day` (m012) folded per department and period, as SQLite streams it.
    static func realisedDaySums(_ db: Database) throws -> [CounterKey: DaySums] {
        var sums: [CounterKey: DaySums] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT day, department, period_id, realised FROM realised_by_day WHERE realised > 0")
        while let row = try cursor.next() {
            sums[counterKey(row), default: DaySums()].add(day: date(row["day"]).dayNumber, count: row["realised"])
        }
        return sums
    }

    /// The departments and periods whose earlier history breaks I1 at some date (m012).
    static func breachWatch(_ db: Database) throws -> Set<CounterKey> {
        var keys = Set<CounterKey>()
        let cursor = try Row.fetchCursor(db, sql: "SELECT department, period_id FROM breach_watch")
        while let row = try cursor.next() { keys.insert(counterKey(row)) }
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
            sums[CounterKey(department: DepartmentID(stored: row["department"]), periodID: periodID), default: 0] += row["realised"] as Int
        }
        return sums
    }

    /// The latest date of anything dated in the department's period, voided or not (an
    /// upper bound: S1's shortcut when nothing is dated after an answer).
    static func latestDate(_ db: Database, _ department: DepartmentID, periodID: Int64) throws -> CivilDate? {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT max(v.vacancy_date) AS vacancy_date, max(s.settled_on) AS settled_on
            FROM vacancy v LEFT JOIN settlement s ON s.vacancy_id = v.id
            WHERE v.department = ? AND v.period_id = ?
            """), arguments: [department.rawValue, periodID])
        let dates = [row?["vacancy_date"] as String?, row?["settled_on"] as String?].compactMap { $0 }.map(date)
        return dates.max()
    }
}
