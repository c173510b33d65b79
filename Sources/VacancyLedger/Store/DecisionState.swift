import GRDB

/// What deciding a new vacancy (and checking a settlement) reads from the ledger: the
/// periods, the placement in force, the policy, the counters and the highest active number.
/// `log` reads them fresh each time (`StoredState`); the import keeps them in memory from
/// one batch to the next (`KeptState`), since its own entries are the only ones that move
/// them unless another connection writes.
protocol DecisionState {
    func periods(_ db: Database) throws -> [PeriodRecord]
    func placementInForce(_ db: Database, _ department: DepartmentID, on day: CivilDate) throws -> PlacementRecord?
    func latestPolicy(_ db: Database, periodID: Int64) throws -> PolicyRecord?
    func policy(_ db: Database, id: Int64) throws -> PolicyRecord?
    func counters(_ db: Database, _ department: DepartmentID, periodID: Int64) throws -> Counters
    func highestActiveNumber(_ db: Database, _ department: DepartmentID, periodID: Int64) throws -> Int?
    /// The department's figures by date (I1), enough to judge an entry dated `day` or
    /// later: S1 looks at that date and every later one.
    func datedFigures(_ db: Database, _ department: DepartmentID, period: PeriodRecord, judging day: CivilDate) throws -> DatedFigures
    /// A vacancy dated `date` was recorded with `number`, leaving the department's counters at `after`.
    func recorded(_ department: DepartmentID, periodID: Int64, number: Int, on date: CivilDate, after: Counters)
    /// A settlement dated `date` was recorded, leaving the department's counters at `after`.
    func settled(_ department: DepartmentID, periodID: Int64, on date: CivilDate, after: Counters)
    /// The head of the hash chain kept between appends, or `nil` to read it each time.
    var journalHead: Journal.HeadKeeper? { get }
}

/// Every read from the database, as it is now.
struct StoredState: DecisionState {
    func periods(_ db: Database) throws -> [PeriodRecord] { try Store.periods(db) }
    func placementInForce(_ db: Database, _ department: DepartmentID, on day: CivilDate) throws -> PlacementRecord? {
        try Store.placementInForce(db, department, on: day)
    }
    func latestPolicy(_ db: Database, periodID: Int64) throws -> PolicyRecord? { try Store.latestPolicy(db, periodID: periodID) }
    func policy(_ db: Database, id: Int64) throws -> PolicyRecord? { try Store.policy(db, id: id) }
    func counters(_ db: Database, _ department: DepartmentID, periodID: Int64) throws -> Counters {
        try Store.counters(db, department, periodID: periodID)
    }
    func highestActiveNumber(_ db: Database, _ department: DepartmentID, periodID: Int64) throws -> Int? {
        try Store.highestActiveNumber(db, department, periodID: periodID)
    }
    func datedFigures(_ db: Database, _ department: DepartmentID, period: PeriodRecord, judging day: CivilDate) throws -> DatedFigures {
        try Store.datedFigures(db, department, period: period)
    }
    func recorded(_ department: DepartmentID, periodID: Int64, number: Int, on date: CivilDate, after: Counters) {}
    func settled(_ department: DepartmentID, periodID: Int64, on date: CivilDate, after: Counters) {}
    var journalHead: Journal.HeadKeeper? { nil }
}

/// The same reads, kept in memory while nobody else writes. `begin` at the start of every
/// transaction compares the journal's head with the one `end` saw; when another writer
/// has committed since, everything kept is dropped and read again. The import's own entries
/// update what is kept through `recorded` and `settled`, with the same counter arithmetic
/// as the triggers (`Counters.applying`).
final class KeptState: DecisionState {
    /// The journal's head when this state was last known to match the ledger.
    private var seenHead: Int64?
    private var keptPeriods: [PeriodRecord]?
    private var placements: [DepartmentID: [PlacementRecord]] = [:]
    private var latestPolicies: [Int64: PolicyRecord] = [:]
    private var policies: [Int64: PolicyRecord] = [:]
    private var keptCounters: [CounterKey: Counters] = [:]
    private var numbers: [CounterKey: Int?] = [:]
    /// The latest date of anything dated in a department's period (`Store.latestDate`).
    private var latestDates: [CounterKey: CivilDate?] = [:]
    let journalHead: Journal.HeadKeeper? = Journal.HeadKeeper()

    /// Call inside each transaction, before any read. Every commit appends to the journal,
    /// so a head that moved since `end` means someone else wrote. `PRAGMA data_version`
    /// would not do: it does not see commits made through the same connection, and in the
    /// service a clerk's `log` between two batches uses the import's writer connection.
    func begin(_ db: Database) throws {
        let head = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM journal") ?? 0
        if head != seenHead {
            keptPeriods = nil
            placements = [:]
            latestPolicies = [:]
            policies = [:]
            keptCounters = [:]
            numbers = [:]
            latestDates = [:]
            journalHead?.head = nil
            seenHead = head
        }
    }

    /// Call at the end of each transaction that commits: what is kept is the ledger's state.
    func end(_ db: Database) throws {
        seenHead = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM journal") ?? 0
    }

    func periods(_ db: Database) throws -> [PeriodRecord] {
        if let keptPeriods { return keptPeriods }
        let periods = try Store.periods(db)
        keptPeriods = periods
        return periods
    }

    func placementInForce(_ db: Database, _ department: DepartmentID, on day: CivilDate) throws -> PlacementRecord? {
        if placements[department] == nil { placements[department] = try Store.placements(db, department) }
        // The latest effective on or before the day (placements are ordered by effective_from).
        return placements[department]!.last { $0.effectiveFrom <= day }
    }

    func latestPolicy(_ db: Database, periodID: Int64) throws -> PolicyRecord? {
        if let kept = latestPolicies[periodID] { return kept }
        let policy = try Store.latestPolicy(db, periodID: periodID)
        latestPolicies[periodID] = policy
        return policy
    }

    func policy(_ db: Database, id: Int64) throws -> PolicyRecord? {
        if let kept = policies[id] { return kept }
        let policy = try Store.policy(db, id: id)
        policies[id] = policy
        return policy
    }

    func counters(_ db: Database, _ department: DepartmentID, periodID: Int64) throws -> Counters {
        let key = CounterKey(department: department, periodID: periodID)
        if let kept = keptCounters[key] { return kept }
        let counters = try Store.counters(db, department, periodID: periodID)
        keptCounters[key] = counters
        return counters
    }

    func highestActiveNumber(_ db: Database, _ department: DepartmentID, periodID: Int64) throws -> Int? {
        let key = CounterKey(department: department, periodID: periodID)
        if let kept = numbers[key] { return kept }
        let number = try Store.highestActiveNumber(db, department, periodID: periodID)
        numbers[key] = .some(number)
        return number
    }

    /// An import in date order mostly judges an answer with nothing dated after it in its
    /// department: then I1 at that date and later is I1 on the totals, and the kept counters
    /// answer it without reading the department's vacancies.
    func datedFigures(_ db: Database, _ department: DepartmentID, period: PeriodRecord, judging day: CivilDate) throws -> DatedFigures {
        let key = CounterKey(department: department, periodID: period.id)
        if latestDates[key] == nil { latestDates[key] = .some(try Store.latestDate(db, department, periodID: period.id)) }
        guard let latest = latestDates[key]!, latest > day else {
            let totals = try counters(db, department, periodID: period.id)
            var figures = DatedFigures(periodEnd: period.range.end)
            figures.addVacancy(on: period.range.start, count: totals.vacancies)
            figures.addRealised(on: period.range.start, count: totals.realised)
            return figures
        }
        return try Store.datedFigures(db, department, period: period)
    }

    func recorded(_ department: DepartmentID, periodID: Int64, number: Int, on date: CivilDate, after: Counters) {
        let key = CounterKey(department: department, periodID: periodID)
        numbers[key] = .some(number)
        keptCounters[key] = after
        noteDate(date, key)
    }

    func settled(_ department: DepartmentID, periodID: Int64, on date: CivilDate, after: Counters) {
        let key = CounterKey(department: department, periodID: periodID)
        keptCounters[key] = after
        noteDate(date, key)
    }

    /// Keeps the latest date only where it is known; unknown, it is read when next needed.
    private func noteDate(_ date: CivilDate, _ key: CounterKey) {
        if let known = latestDates[key] { latestDates[key] = .some(max(known ?? date, date)) }
    }
}
