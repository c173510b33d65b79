import GRDB

/// How audit rows are rolled up (RULES.md §7).
public enum AuditGrouping: String, CaseIterable, Sendable {
    case department, step, staircase, organisation, city
}

/// One row of an audit: a department, or a roll-up of departments, in one agreement period.
public struct AuditRow: Sendable {
    public var grouping: AuditGrouping
    /// The department id, `department step 3`, `area`, the organisation code, or `city`.
    public var key: String
    /// Department rows only.
    public var department: DepartmentID?
    public var name: String?
    public var organisation: String?
    public var period: PeriodRecord
    /// The latest placement in the period (in the window); for roll-ups by step or staircase, theirs.
    public var staircase: Staircase?
    public var step: Int?
    /// Departments in the row.
    public var departments: Int
    public var counters: Counters
    public var capEvery: Int
    /// Active vacancies let by each route now (a pending offer counts as referral).
    public var lettingsByRoute: [Route: Int]
    /// Offers pending longer than `--pending-over` days (nil when not asked).
    public var pendingOver: Int?
    /// ⌊n / 3⌋ − realised for a department; the sum of its departments' for a roll-up
    /// (one department's slack is not another's).
    public var headroom: Int
    /// A roll-up is `breach` if any of its departments is.
    public var status: ComplianceStatus
    /// A department in breach: the first date at which one in three fails (RULES.md I1).
    public var firstBreach: CivilDate? = nil

    /// Realised / n, unrounded; 0 without vacancies.
    public var share: Double { counters.vacancies == 0 ? 0 : Double(counters.realised) / Double(counters.vacancies) }

    static func rollUp(_ rows: [AuditRow], grouping: AuditGrouping, key: String) -> AuditRow {
        var row = rows[0]
        row.grouping = grouping
        row.key = key
        row.department = nil
        row.name = nil
        if grouping != .organisation { row.organisation = nil }
        if grouping != .step && grouping != .staircase { row.staircase = nil }
        if grouping != .step { row.step = nil }
        row.departments = rows.reduce(0) { $0 + $1.departments }
        row.counters = rows.reduce(Counters()) { $0 + $1.counters }
        var lettings = RouteCounts()   // not a dictionary merged per row: a city is 2,000 rows
        for member in rows { for (route, dwellings) in member.lettingsByRoute { lettings[route] += dwellings } }
        row.lettingsByRoute = lettings.byRoute
        row.pendingOver = rows[0].pendingOver == nil ? nil : rows.reduce(0) { $0 + ($1.pendingOver ?? 0) }
        row.headroom = rows.reduce(0) { $0 + $1.headroom }
        row.status = rows.contains { $0.status == .breach } ? .breach
            : (row.headroom == 0 && rows.contains { $0.status == .atLimit } ? .atLimit : .ok)
        return row
    }
}

/// An audit window: calendar dates, both ends inclusive.
public struct AuditWindow: Sendable, Equatable {
    public var from: CivilDate
    public var to: CivilDate

    public init(from: String, to: String) throws {
        self.from = try Ledger.parseDate(from, .from)
        self.to = try Ledger.parseDate(to, .to)
        guard self.from <= self.to else {
            throw LedgerError.invalid(.from, value: from, accepted: .beforeOrOn(.to))
        }
    }

    public init(year: Int) throws {
        let range = CivilDate.acceptedRange
        guard (range.start.year...range.end.year).contains(year),
              let from = CivilDate(year: year, month: 1, day: 1), let to = CivilDate(year: year, month: 12, day: 31) else {
            throw LedgerError.invalid(.year, value: "\(year)", accepted: .yearIn(range.start.year...range.end.year))
        }
        self.from = from
        self.to = to
    }

    init(range: DateRange) {
        from = range.start
        to = range.end
    }

    public func contains(_ date: CivilDate) -> Bool { from <= date && date <= to }
    var range: DateRange { DateRange(start: from, end: to) }

    /// How a window's figures are summed from kept counters: whole calendar months from
    /// `counters_by_month`, plus or minus the days of a partly covered first or last month,
    /// counted from the vacancies. A partly covered month is whichever is fewer days: its days
    /// in the window, or the whole month less its days outside (Nov 1–20: November less Nov
    /// 21–30), so an edge never costs more than half a month of vacancies.
    struct SumPlan: Equatable {
        /// Months (year × 100 + month) summed whole; nil for none.
        var months: ClosedRange<Int>?
        var addedDays: [DateRange] = []
        var subtractedDays: [DateRange] = []
    }

    var sumPlan: SumPlan {
        var plan = SumPlan()
        var monthsAdded: [Int] = []
        var month = CivilDate(year: from.year, month: from.month, day: 1)!
        while month <= to {
            let end = CivilDate(year: month.year, month: month.month, day: CivilDate.daysIn(month: month.month, year: month.year))!
            let covered = DateRange(start: max(month, from), end: min(end, to))
            let days = CivilDate.daysIn(month: month.month, year: month.year)
            let coveredDays = covered.end.days(since: covered.start) + 1
            if coveredDays == days {
                monthsAdded.append(MonthKey.month(of: month))
            } else if coveredDays <= days - coveredDays {
                plan.addedDays.append(covered)
            } else {
                monthsAdded.append(MonthKey.month(of: month))
                if month < covered.start { plan.subtractedDays.append(DateRange(start: month, end: covered.start.adding(days: -1))) }
                if covered.end < end { plan.subtractedDays.append(DateRange(start: covered.end.adding(days: 1), end: end)) }
            }
            month = end.adding(days: 1)
        }
        if let first = monthsAdded.first, let last = monthsAdded.last { plan.months = first...last }
        return plan
    }
}

extension CivilDate {
    func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }
}

public struct AuditRequest: Sendable {
    public var department: String?
    public var window: AuditWindow?
    public var grouping: AuditGrouping
    /// Count offers pending longer than this many days on `asOf`.
    public var pendingOverDays: Int?
    /// "Today" for `pendingOverDays` (the CLI passes the date in Copenhagen).
    public var asOf: CivilDate?

    public init(department: String? = nil, window: AuditWindow? = nil, grouping: AuditGrouping = .department,
                pendingOverDays: Int? = nil, asOf: CivilDate? = nil) {
        self.department = department
        self.window = window
        self.grouping = grouping
        self.pendingOverDays = pendingOverDays
        self.asOf = asOf
    }
}

public struct AuditReport: Sendable {
    public var rows: [AuditRow]
    /// The department rows the roll-up was made from (equal to `rows` by department).
    public var departmentRows: [AuditRow]
    public var window: AuditWindow?
    public var grouping: AuditGrouping
    public var pendingOverDays: Int?

    /// The whole selection summed (the city, unless one department was asked for).
    public var totals: AuditRow? {
        departmentRows.isEmpty ? nil : AuditRow.rollUp(departmentRows, grouping: .city, key: "total")
    }

    public var hasBreach: Bool { departmentRows.contains { $0.status == .breach } }
    public var hasAtLimit: Bool { departmentRows.contains { $0.status == .atLimit } }
}

extension Ledger {
    /// `audit` without options: every department and period from the stored counters.
    public func audit(department: String? = nil, window: AuditWindow? = nil) throws -> AuditReport {
        try audit(AuditRequest(department: department, window: window))
    }

    /// `audit`: one row per department (or roll-up) and agreement period, every department
    /// with or without vacancies. Without a window the stored counters are used; with one,
    /// the window's vacancies count with their outcomes as they stand now: whole months from
    /// the monthly counters (m009), the days of a partly covered month from the daily ones
    /// (m010).
    public func audit(_ request: AuditRequest) throws -> AuditReport {
        try read { db in try auditReport(db, request) }
    }

    /// `audit` inside a caller's snapshot (the year-end report reads it with its other figures).
    func auditReport(_ db: Database, _ request: AuditRequest) throws -> AuditReport {
        let only = try request.department.map(Ledger.parseDepartment)
        if request.pendingOverDays != nil && request.asOf == nil {
            throw LedgerError.invalid(.pendingOver, value: "\(request.pendingOverDays!)", accepted: .needs(.asOf))
        }
        let window = request.window
        let rows: [AuditRow] = try { () throws -> [AuditRow] in
            let departments = try Store.departments(db).filter { only == nil || $0.id == only }
            if let only, departments.isEmpty { throw LedgerError.unknownDepartment(only) }
            let periods = try Store.periods(db).filter { window == nil || $0.range.overlaps(window!.range) }
            let stored = try Store.allCounters(db)
            // Without a window or an age of pending offers, everything comes from the kept
            // counters and lettings: no vacancy is read, however long the history.
            let fromCounters = window == nil && request.pendingOverDays == nil
            let storedLettings = fromCounters ? try Store.allLettings(db) : [:]
            // A window's whole months are sums of the kept monthly counters (m009); a partly
            // covered first or last month adds its days in the window, or subtracts its other
            // days, counted from the vacancies (`AuditWindow.sumPlan`).
            var windowSums: [CounterKey: MonthFigures] = [:]
            if let window, request.pendingOverDays == nil {
                windowSums = try Ledger.windowFigures(db, window, department: only)
            }
            // A window's headroom and status are the period's as of the window's last day
            // (RULES.md §7): n and pending over the vacancies dated from the period's start
            // to that day, realised over the answers settled by then.
            var asOfEnd: [CounterKey: Counters] = [:]
            if let window {
                for period in periods {
                    let end = min(period.range.end, window.to)
                    let sums = try Ledger.windowFigures(db, AuditWindow(range: DateRange(start: period.range.start, end: end)),
                                                        department: only)
                    let realised = try Store.realisedThrough(db, end, periodID: period.id, department: only)
                    for department in departments {
                        let key = CounterKey(department: department.id, periodID: period.id)
                        var counters = sums[key]?.counters ?? Counters()
                        // realised(t) by settlement date: referred stands for both here.
                        (counters.referred, counters.rehoused) = (realised[key] ?? 0, 0)
                        asOfEnd[key] = counters
                    }
                }
            }
            // I1 by dates for the departments where it can fail: a forced entry, or an
            // earlier version's history (`breach_watch`, m012). Elsewhere every entry was
            // checked by dates when it came in, so a breach shows in the totals or nowhere.
            let watched = try Store.breachWatch(db).union(stored.filter { $0.value.hasForcedEntry }.keys)
            // Ages of pending offers need every vacancy of the window: one pass over them (by
            // the date index), streamed into a recount, never the whole history in memory.
            var recount = Recount()
            var pendingOverCounts: [CounterKey: Int] = [:]
            if let days = request.pendingOverDays, let asOf = request.asOf {
                try Store.forEachVacancy(db, department: only, window: window?.range, ordered: false) { v in
                    recount.add(v)
                    if v.isActive, v.offered, v.settlement == nil, asOf.days(since: v.date) > days {
                        pendingOverCounts[CounterKey(department: v.department, periodID: v.periodID), default: 0] += 1
                    }
                }
            }
            let allSteps = try Store.allSteps(db)
            var caps: [Int64: Int] = [:]
            for period in periods { caps[period.id] = try Store.capEvery(db, periodID: period.id) }
            var rows: [AuditRow] = []
            for department in departments {
                let steps = allSteps[department.id] ?? []
                for period in periods {
                    let key = CounterKey(department: department.id, periodID: period.id)
                    let kept = stored[key]
                    var counters = fromCounters ? kept ?? Counters()
                        : (windowSums[key]?.counters ?? Counters()) + (recount.counters[key] ?? Counters())
                    // Forced entries are the period's, shown in every view of it.
                    counters.forcedVoids = kept?.forcedVoids ?? 0
                    counters.forcedAnswers = kept?.forcedAnswers ?? 0
                    let end = min(period.range.end, window?.to ?? period.range.end)
                    let placement = steps.last { $0.from <= end }
                    let lettings = fromCounters ? storedLettings[key] ?? [:]
                        : (windowSums[key]?.lettings.byRoute ?? [:]).merging(recount.lettings[key] ?? [:], uniquingKeysWith: +)
                    let pendingOver = request.pendingOverDays.map { _ in pendingOverCounts[key] ?? 0 }
                    let cap = caps[period.id]!
                    // The period's figures at the window's last day (the kept totals without a window).
                    let standing = window == nil ? counters : asOfEnd[key] ?? Counters()
                    var breach: DatedState?
                    if watched.contains(key) {
                        let figures = try Store.datedFigures(db, department.id, period: period)
                        breach = RuleEngine.firstBreach(figures, capEvery: cap, from: window?.from, through: window?.to)
                    }
                    rows.append(AuditRow(
                        grouping: .department, key: department.id.rawValue, department: department.id, name: department.name,
                        organisation: department.id.organisation, period: period, staircase: placement?.staircase,
                        step: placement?.step, departments: 1, counters: counters, capEvery: cap, lettingsByRoute: lettings,
                        pendingOver: pendingOver, headroom: standing.headroom(capEvery: cap),
                        status: breach != nil ? .breach : standing.status(capEvery: cap), firstBreach: breach?.date))
                }
            }
            return rows
        }()
        return AuditReport(rows: Ledger.rollUp(rows, by: request.grouping), departmentRows: rows, window: window,
                           grouping: request.grouping, pendingOverDays: request.pendingOverDays)
    }

    /// A window's figures from the kept counters: whole months from `counters_by_month`
    /// (m009), a partly covered first or last month by its days from `counters_by_day`
    /// (m010), added or subtracted (`AuditWindow.sumPlan`).
    static func windowFigures(_ db: Database, _ window: AuditWindow, department only: DepartmentID?) throws -> [CounterKey: MonthFigures] {
        var sums: [CounterKey: MonthFigures] = [:]
        let plan = window.sumPlan
        if let months = plan.months {
            for (month, figures) in try Store.months(db, summing: months, department: only) {
                sums[month.key] = figures
            }
        }
        for range in plan.addedDays {
            sums.merge(try Store.dayFigures(db, range, department: only), uniquingKeysWith: +)
        }
        for range in plan.subtractedDays {
            for (key, figures) in try Store.dayFigures(db, range, department: only) {
                sums[key, default: MonthFigures()] = sums[key, default: MonthFigures()] - figures
            }
        }
        return sums
    }

    /// The roll-up a department row belongs to under `grouping` (its key).
    static func groupKey(_ row: AuditRow, _ grouping: AuditGrouping) -> String {
        switch grouping {
        case .department: row.key
        case .step: row.staircase.map { "\($0.rawValue) step \(row.step ?? 0)" } ?? "unplaced"
        case .staircase: row.staircase?.rawValue ?? "unplaced"
        case .organisation: row.organisation ?? ""
        case .city: "city"
        }
    }

    /// Department rows by roll-up and period (`groupKey`, then the period's label, as the
    /// roll-ups are ordered), each group in the rows' order.
    static func groups(_ rows: [AuditRow], by grouping: AuditGrouping) -> [(key: String, members: [AuditRow])] {
        var labels: [Int64: String] = [:]
        var groups: [String: [AuditRow]] = [:]
        for row in rows {
            let label = labels[row.period.id] ?? row.period.label
            labels[row.period.id] = label
            groups[groupKey(row, grouping) + "\u{1}" + label, default: []].append(row)
        }
        return groups.keys.sorted().map { k in (groupKey(groups[k]![0], grouping), groups[k]!) }
    }

    static func rollUp(_ rows: [AuditRow], by grouping: AuditGrouping) -> [AuditRow] {
        guard grouping != .department else { return rows }
        return groups(rows, by: grouping).map { AuditRow.rollUp($0.members, grouping: grouping, key: $0.key) }
    }
}
