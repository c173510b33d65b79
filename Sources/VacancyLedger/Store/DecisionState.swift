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
    /// A vacancy was recorded with `number`, leaving the department's counters at `after`.
    func recorded(_ department: DepartmentID, periodID: Int64, number: Int, after: Counters)
    /// A settlement was recorded, leaving the department's counters at `after`.
    func settled(_ department: DepartmentID, periodID: Int64, after: Counters)
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
    func recorded(_ department: DepartmentID, periodID: Int64, number: Int, after: Counters) {}
    func settled(_ department: DepartmentID, periodID: Int64, after: Counters) {}
    var journalHead: Journal.HeadKeeper? { nil }
}

/// The same reads, kept in memory while nobody else writes. `begin` at the start of every
/// transaction compares SQLite's `data_version`, which changes when another connection
/// commits; then everything kept is dropped and read again. The import's own entries
/// update what is kept through `recorded` and `settled`, with the same counter arithmetic
/// as the triggers (`Counters.applying`).
final class KeptState: DecisionState {
    private var dataVersion: Int?
    private var keptPeriods: [PeriodRecord]?
    private var placements: [DepartmentID: [PlacementRecord]] = [:]
    private var latestPolicies: [Int64: PolicyRecord] = [:]
    private var policies: [Int64: PolicyRecord] = [:]
    private var keptCounters: [CounterKey: Counters] = [:]
    private var numbers: [CounterKey: Int?] = [:]
    let journalHead: Journal.HeadKeeper? = Journal.HeadKeeper()

    /// Call inside each transaction, before any read.
    func begin(_ db: Database) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA data_version")
        if version != dataVersion {
            keptPeriods = nil
            placements = [:]
            latestPolicies = [:]
            policies = [:]
            keptCounters = [:]
            numbers = [:]
            journalHead?.head = nil
            dataVersion = version
        }
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

    func recorded(_ department: DepartmentID, periodID: Int64, number: Int, after: Counters) {
        let key = CounterKey(department: department, periodID: periodID)
        numbers[key] = .some(number)
        keptCounters[key] = after
    }

    func settled(_ department: DepartmentID, periodID: Int64, after: Counters) {
        keptCounters[CounterKey(department: department, periodID: periodID)] = after
    }
}
