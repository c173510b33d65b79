import GRDB

/// What `verify` found. No faults means: the schema is the one the migrations made (no
/// trigger dropped or added), every row of
/// every ledger table is in the hash chain with the hash it should have, every stored
/// counter equals a recount from the entries, the kept lettings (`letting`, m011) are
/// exactly the history's, the ledger extends every checkpoint given and,
/// when asked (`deep`), SQLite's integrity and foreign-key checks pass.
public struct VerifyReport: Sendable {
    public var entries: Int
    public var headHash: String
    public var countersChecked: Int
    /// Faults in the order found: journal faults by entry, then the rest.
    public var faults: [String]
    /// The first journal entry found bad (edited, deleted, inserted or reordered), if any.
    public var firstBadEntry: Int64?
    /// Checkpoints the ledger was checked against.
    public var checkpointsChecked: Int = 0
    /// `verify --since`: only what was appended after this entry (a checkpoint's) was
    /// checked, with the counters of the departments it touched; SQLite's page check was not run.
    public var sinceEntry: Int64?
    /// Whether SQLite's own page, index and foreign-key checks ran (`verify --deep`).
    public var deep: Bool = false
    /// Departments and periods where one in three breaks at some date (RULES.md I1), with
    /// the first such date, recounted from the rows: findings, not faults (`audit --strict`
    /// is the check that fails on them).
    public var breaches: [DatedBreachFinding] = []
    public var isClean: Bool { faults.isEmpty }
}

/// A dated breach `verify` found: where, from when, and the figures on that date.
public struct DatedBreachFinding: Sendable, Equatable {
    public var department: DepartmentID
    public var period: PeriodRecord
    public var firstDate: CivilDate
    public var realised: Int
    public var vacancies: Int
    public var capEvery: Int
}

extension Ledger {
    /// `verify`: everything `VerifyReport` lists, in one read snapshot. The chain is
    /// streamed, so memory does not grow with the journal.
    ///
    /// `deep` adds SQLite's `integrity_check` and `foreign_key_check`. They are not the
    /// default because they cost more than the rest together (every index entry is looked
    /// up, O(N log N); BENCHMARKS.md) and what they guard is mostly covered by
    /// the chain walk, which reads every row of every ledger table and compares it with its
    /// entry — a torn page fails that read, an edited or orphaned row fails the comparison.
    /// What only they find is a damaged index; run them weekly.
    public func verify(checkpoints: [Checkpoint] = [], trustedKey: String? = nil, deep: Bool = false) throws -> VerifyReport {
        try read { db in
            var faults: [Journal.Fault] = []
            if deep { faults += try Store.sqliteFaults(db).map { .init(seq: nil, text: $0) } }
            faults += try Ledger.schemaFaults(db)
            // The chain in stretches and the recount, on as many connections as there are
            // cores, all in this snapshot (see `ParallelReads`).
            let head = try Journal.head(db)
            var tasks: [@Sendable (Database) throws -> VerifyPart] = [{ db in
                // Streamed in date order: memory holds one figure per department, period and
                // month, and one day's, not the history.
                var recounted = Recount(months: true)
                var dated = DatedRecount(periods: try Store.periods(db))
                var days = try DayCheck(db)
                try Store.forEachVacancyByDate(db) { recounted.add($0); dated.add($0); try days.add($0) }
                return .recount(recounted, dated: dated, dayFaults: try days.finish())
            }]
            // The kept lettings' check is the other long task: taken second, not last, so that
            // the short stretches fill in around both instead of it running alone at the end.
            tasks.append { db in
                .lettings(untrue: try Store.untrueLettings(db, departments: nil, limit: Ledger.untrueLettingsShown + 1),
                          rows: try Store.lettingRowCount(db))
            }
            for (after, through) in Ledger.stretches(upTo: head.seq, count: 2 * ParallelReads.cores) {
                let previous = try Journal.hash(db, atOrBefore: after) ?? Journal.genesisHash
                tasks.append { db in .stretch(try Journal.verifyStretch(db, after: after, through: through, previous: previous, walk: true)) }
            }
            tasks.append { db in .faults(try Journal.unchainedRows(db, after: nil)) }
            var recounted = Recount(months: true)
            var dated = DatedRecount(periods: [])
            var entries = 0
            var lettings: (untrue: [Store.UntrueLetting], rows: Int) = ([], 0)
            for part in try ParallelReads.run(db, path: parallelReadPath, tasks).results {
                switch part {
                case .recount(let recount, let datedRecount, let dayFaults): recounted = recount; dated = datedRecount; faults += dayFaults
                case .stretch(let stretch): entries += stretch.entries; faults += stretch.faults
                case .faults(let found): faults += found
                case .lettings(let untrue, let rows): lettings = (untrue, rows)
                }
            }
            for checkpoint in checkpoints {
                faults += try Ledger.checkpointFaults(db, checkpoint, trustedKey: trustedKey)
            }
            // The counters against the recount from the entries.
            let stored = try Store.allCounters(db)
            var months = recounted.takeMonths()
            faults += try Ledger.monthFaults(db, recounted: &months)
            let recount = Ledger.withForcedAnswers(recounted.counters, try Store.forcedAnswers(db))
            let (breaches, datedFaults) = try Ledger.datedFindings(db, dated, stored: stored, keys: nil)
            faults += datedFaults
            let storedLettings = try Store.allLettings(db), recountedLettings = recounted.lettings
            for key in Set(storedLettings.keys).union(recountedLettings.keys).sorted(by: { ($0.department, $0.periodID) < ($1.department, $1.periodID) }) {
                if let fault = Ledger.lettingsFault(key, stored: storedLettings[key] ?? [:], recounted: recountedLettings[key] ?? [:]) {
                    faults.append(fault)
                }
            }
            for key in Set(stored.keys).union(recount.keys).sorted(by: { ($0.department, $0.periodID) < ($1.department, $1.periodID) }) {
                if let fault = Ledger.countersFault(key, stored: stored[key] ?? Counters(), recounted: recount[key] ?? Counters()) {
                    faults.append(fault)
                }
            }
            faults += try Ledger.lettingFaults(db, untrue: lettings.untrue, rows: lettings.rows, recounted: recount, departments: nil)
            let firstBad = faults.compactMap(\.seq).min()
            // Journal faults first, by entry; the others after, in the order found.
            let ordered = faults.enumerated().sorted { a, b in
                switch (a.element.seq, b.element.seq) {
                case let (x?, y?): x != y ? x < y : a.offset < b.offset
                case (.some, nil): true
                case (nil, .some): false
                case (nil, nil): a.offset < b.offset
                }
            }.map(\.element.text)
            return VerifyReport(entries: entries, headHash: head.hash, countersChecked: stored.count,
                                faults: ordered, firstBadEntry: firstBad, checkpointsChecked: checkpoints.count, deep: deep,
                                breaches: breaches)
        }
    }

    /// `verify --since CHECKPOINT`: the checkpoint (signature, key, that entry's hash and the
    /// counts up to it), then only what was appended after it — every later entry's link,
    /// hash and payload, rows written after it outside the ledger, and the counters and
    /// lettings of the departments those entries touched, recounted from their history —
    /// and the schema. The cost follows what was appended, so a nightly check takes seconds;
    /// a full `verify` (with `--deep`, SQLite's page check) remains the weekly one.
    public func verify(since checkpoint: Checkpoint, trustedKey: String? = nil) throws -> VerifyReport {
        try read { db in
            var faults = try Ledger.schemaFaults(db)
            let checkpointFaults = try Ledger.checkpointFaults(db, checkpoint, trustedKey: trustedKey)
            faults += checkpointFaults
            // A checkpoint the ledger does not extend leaves nothing to walk from.
            guard checkpointFaults.isEmpty else {
                return VerifyReport(entries: 0, headHash: try Journal.head(db).hash, countersChecked: 0,
                                    faults: faults.map(\.text), firstBadEntry: nil, checkpointsChecked: 1, sinceEntry: checkpoint.seq)
            }
            let chain = try Journal.verify(db, after: (checkpoint.seq, checkpoint.head))
            let touched = try Store.departmentsTouched(db, afterSeq: checkpoint.seq)
            let stored = try Store.allCounters(db), storedLettings = try Store.allLettings(db)
            var recounted = Recount(months: true, days: true)
            var dated = DatedRecount(periods: try Store.periods(db))
            var storedMonths: [MonthKey: MonthFigures] = [:]
            let departments = touched.map(\.department).uniqued()
            for department in departments {
                for vacancy in try Store.vacancies(db, department: department) { recounted.add(vacancy); dated.add(vacancy) }
                storedMonths.merge(try Store.months(db, department: department)) { a, _ in a }
            }
            let (breaches, datedFaults) = try Ledger.datedFindings(db, dated, stored: stored, keys: Set(touched))
            faults += datedFaults
            let recountedCounters = Ledger.withForcedAnswers(recounted.counters, try Store.forcedAnswers(db))
            faults += Ledger.figureFaults(stored: storedMonths, recounted: recounted.months)
            var storedDays: [DayKey: MonthFigures] = [:]
            if !departments.isEmpty { try Store.days(db, departments: departments).forEach { storedDays[$0.key] = $0.figures } }
            faults += Ledger.figureFaults(stored: storedDays, recounted: recounted.days)
            if !departments.isEmpty {
                faults += try Ledger.lettingFaults(
                    db, untrue: Store.untrueLettings(db, departments: departments, limit: Ledger.untrueLettingsShown + 1),
                    rows: nil, recounted: recounted.counters, departments: departments)
            }
            var checked = 0
            for key in touched.sorted(by: { ($0.department, $0.periodID) < ($1.department, $1.periodID) }) {
                checked += 1
                if let fault = Ledger.countersFault(key, stored: stored[key] ?? Counters(), recounted: recountedCounters[key] ?? Counters()) {
                    faults.append(fault)
                }
                if let fault = Ledger.lettingsFault(key, stored: storedLettings[key] ?? [:], recounted: recounted.lettings[key] ?? [:]) {
                    faults.append(fault)
                }
            }
            let all = chain.faults + faults
            return VerifyReport(entries: chain.entries, headHash: chain.head, countersChecked: checked,
                                faults: all.map(\.text), firstBadEntry: chain.faults.compactMap(\.seq).min(),
                                checkpointsChecked: 1, sinceEntry: checkpoint.seq, breaches: breaches)
        }
    }

    /// The recount's counters with the forced answers, which only the settlements' own flag
    /// records (m012).
    static func withForcedAnswers(_ counters: [CounterKey: Counters], _ forced: [CounterKey: Int]) -> [CounterKey: Counters] {
        var result = counters
        for (key, count) in forced { result[key, default: Counters()].forcedAnswers = count }
        return result
    }

    /// I1 by dates from the recount (`keys`: only those departments and periods): every dated
    /// breach as a finding; a fault where a breach lies outside what audits check by dates
    /// (`breach_watch` and the forced entries), since an audit would then not show it, and
    /// where `realised_by_day` differs from the recount.
    static func datedFindings(_ db: Database, _ dated: DatedRecount, stored: [CounterKey: Counters],
                              keys: Set<CounterKey>?) throws -> (breaches: [DatedBreachFinding], faults: [Journal.Fault]) {
        var breaches: [DatedBreachFinding] = []
        var faults: [Journal.Fault] = []
        let watched = try Store.breachWatch(db).union(stored.filter { $0.value.hasForcedEntry }.keys)
        var caps: [Int64: Int] = [:]
        for key in dated.keys where keys?.contains(key) ?? true {
            guard let figures = dated.figures(key), let period = dated.period(key) else { continue }
            // A period without its policy is a fault the chain walk names; it has no cap to count with.
            if caps[key.periodID] == nil { caps[key.periodID] = (try? Store.capEvery(db, periodID: key.periodID)) ?? 0 }
            let cap = caps[key.periodID]!
            guard cap > 0 else { continue }
            guard let breach = RuleEngine.firstBreach(figures, capEvery: cap) else { continue }
            breaches.append(DatedBreachFinding(department: key.department, period: period, firstDate: breach.date,
                                               realised: breach.realised, vacancies: breach.vacancies, capEvery: cap))
            if !watched.contains(key) {
                faults.append(.init(seq: nil, text: "one in \(cap) breaks on \(breach.date) in \(key.department) period \(key.periodID), which the ledger does not watch (no forced entry, not in breach_watch): audits would not show it"))
            }
        }
        let storedSums = try Store.realisedDaySums(db), recountedSums = dated.realisedSums
        for key in Set(storedSums.keys).union(recountedSums.keys).sorted(by: { ($0.department, $0.periodID) < ($1.department, $1.periodID) })
        where keys?.contains(key) ?? true {
            let s = storedSums[key] ?? DaySums(), r = recountedSums[key] ?? DaySums()
            if s != r { faults.append(.init(seq: nil, text: "realised_by_day \(key.department) period \(key.periodID): stored \(s), recounted \(r)")) }
        }
        return (breaches, faults)
    }

    /// What one of `verify`'s parallel tasks found.
    enum VerifyPart: Sendable {
        case recount(Recount, dated: DatedRecount, dayFaults: [Journal.Fault])
        case stretch(Journal.StretchResult)
        case faults([Journal.Fault])
        case lettings(untrue: [Store.UntrueLetting], rows: Int)
    }

    /// How many untrue `letting` rows `verify` names before it says there are more.
    static let untrueLettingsShown = 20

    /// `letting` (m011) against the history: every row true to it (`untrue` lists those
    /// that are not, up to one more than are shown), and as many true rows per department as
    /// the recount has lettings — its active vacancies less its pending offers. A true row's
    /// key is made from its vacancy, so true rows are distinct lettings of the history and
    /// equal totals (`rows`, if counted) mean equal sets; only a difference is looked into
    /// department by department.
    static func lettingFaults(_ db: Database, untrue: [Store.UntrueLetting], rows: Int?,
                              recounted: [CounterKey: Counters], departments: [DepartmentID]?) throws -> [Journal.Fault] {
        var faults = untrue.prefix(untrueLettingsShown).map {
            Journal.Fault(seq: nil, text: "letting of vacancy \($0.vacancy) on \($0.date) is not the history's")
        }
        guard untrue.count <= untrueLettingsShown else {
            return faults + [.init(seq: nil, text: "letting: more rows are not the history's")]
        }
        var expected: [DepartmentID: Int] = [:]
        for (key, counters) in recounted where departments?.contains(key.department) ?? true {
            expected[key.department, default: 0] += counters.vacancies - counters.pending
        }
        expected = expected.filter { $0.value != 0 }
        if let rows, rows - untrue.count == expected.values.reduce(0, +) { return faults }
        var trueRows = try Store.lettingRows(db, departments: departments)
        for row in untrue { trueRows[row.department, default: 0] -= 1 }
        for department in Set(trueRows.keys).union(expected.keys).sorted() where trueRows[department] ?? 0 != expected[department] ?? 0 {
            faults.append(.init(seq: nil, text: "letting holds \(trueRows[department] ?? 0) true rows of \(department), the history has \(expected[department] ?? 0) lettings"))
        }
        return faults
    }

    /// Entries 1…`head` in `count` stretches of about equal length, as (after, through).
    static func stretches(upTo head: Int64, count: Int) -> [(after: Int64, through: Int64)] {
        guard head > 0 else { return [] }
        let count = Int64(max(1, min(count, Int(head))))
        return (0..<count).map { i in (head * i / count, head * (i + 1) / count) }
    }

    /// The schema against the one the migrations make: a dropped append-only trigger, an
    /// added trigger or a changed CHECK is a fault.
    static func schemaFaults(_ db: Database) throws -> [Journal.Fault] {
        let actual = Dictionary(try LedgerDatabase.schema(db).map { ("\($0.type) \($0.name)", $0.sql) }, uniquingKeysWith: { a, _ in a })
        let expected = Dictionary(LedgerDatabase.expectedSchema.map { ("\($0.type) \($0.name)", $0.sql) }, uniquingKeysWith: { a, _ in a })
        var faults: [Journal.Fault] = []
        for (name, sql) in expected.sorted(by: { $0.key < $1.key }) {
            switch actual[name] {
            case nil: faults.append(.init(seq: nil, text: "schema: \(name) is missing"))
            case let found? where found != sql: faults.append(.init(seq: nil, text: "schema: \(name) differs from the migrations'"))
            default: break
            }
        }
        for name in actual.keys.sorted() where expected[name] == nil {
            // Litestream's bookkeeping (a standby, README) is accepted as it makes it, and
            // nothing else: a same-named table of another shape is still a fault.
            if let sql = LedgerDatabase.replicationBookkeeping[name], actual[name] == sql { continue }
            faults.append(.init(seq: nil, text: "schema: \(name) was added outside the migrations"))
        }
        return faults
    }

    /// The stored monthly counters, streamed, against a recount of every month: each stored
    /// month is compared and dropped, so only the recount is held.
    static func monthFaults(_ db: Database, recounted: inout [MonthKey: MonthFigures]) throws -> [Journal.Fault] {
        var found: [(MonthKey, MonthFigures, MonthFigures)] = []
        try Store.forEachMonth(db) { key, stored in
            let recount = recounted.removeValue(forKey: key) ?? MonthFigures()
            if stored != recount { found.append((key, stored, recount)) }
        }
        for (key, recount) in recounted where recount != MonthFigures() { found.append((key, MonthFigures(), recount)) }
        return found.sorted { $0.0 < $1.0 }.map { key, s, r in figureFault(key, stored: s, recounted: r) }
    }

    /// A department's kept counters against their recount: one wording for the whole check
    /// and for `--since`'s check of the departments written since a checkpoint.
    static func countersFault(_ key: CounterKey, stored s: Counters, recounted r: Counters) -> Journal.Fault? {
        s == r ? nil : .init(seq: nil, text: "counters \(key.department) period \(key.periodID): stored \(describe(s)), recounted \(describe(r))")
    }

    /// A department's kept lettings by route against their recount (both checks, as `countersFault`).
    static func lettingsFault(_ key: CounterKey, stored s: [Route: Int], recounted r: [Route: Int]) -> Journal.Fault? {
        func show(_ l: [Route: Int]) -> String { Route.allCases.map { "\($0.rawValue)=\(l[$0] ?? 0)" }.joined(separator: " ") }
        return s == r ? nil : .init(seq: nil, text: "lettings \(key.department) period \(key.periodID): stored \(show(s)), recounted \(show(r))")
    }

    static func figureFault(_ scope: some FigureScope, stored s: MonthFigures, recounted r: MonthFigures) -> Journal.Fault {
        .init(seq: nil, text: "counters by \(type(of: scope).unit) \(scope.key.department) period \(scope.key.periodID) \(scope.label): "
            + "stored \(describe(s)), recounted \(describe(r))")
    }

    /// Kept figures by month (m009) or by day (m010) against a recount: one fault per
    /// differing row. A month or day whose vacancies were all voided keeps a row of zeros.
    static func figureFaults<Scope: FigureScope>(stored: [Scope: MonthFigures], recounted: [Scope: MonthFigures]) -> [Journal.Fault] {
        Set(stored.keys).union(recounted.keys).sorted().compactMap { key in
            let s = stored[key] ?? MonthFigures(), r = recounted[key] ?? MonthFigures()
            guard s != r else { return nil }
            return figureFault(key, stored: s, recounted: r)
        }
    }

    private static func describe(_ f: MonthFigures) -> String {
        describe(f.counters) + " let=" + Route.allCases.map { "\($0.rawValue):\(f.lettings[$0])" }.joined(separator: ",")
    }

    private func describe(_ c: Counters) -> String { Ledger.describe(c) }

    private static func describe(_ c: Counters) -> String {
        "n=\(c.vacancies) offered=\(c.offered) pending=\(c.pending) referred=\(c.referred) rehoused=\(c.rehoused) returned=\(c.returned) withheld=\(c.withheldCap)/\(c.withheldFourth)/\(c.withheldExempt) forced=\(c.forcedVoids)"
    }
}

extension Sequence where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}

/// The scope of a kept row of figures, as `verify` names it in a fault.
protocol FigureScope: Hashable, Comparable {
    /// "month" or "day".
    static var unit: String { get }
    var key: CounterKey { get }
    /// `YYYY-MM` or `YYYY-MM-DD`.
    var label: String { get }
}

extension MonthKey: FigureScope {
    static var unit: String { "month" }
    var label: String { MonthKey.text(month) }
}

extension DayKey: FigureScope {
    static var unit: String { "day" }
    var label: String { day.description }
}

/// `counters_by_day` (m010) against a recount, one day at a time: the vacancies come in
/// date order and the stored rows in key order (day first), so memory holds one day of
/// each, not the 800,000 rows a million vacancies make.
struct DayCheck {
    private let stored: Store.DayRowCursor
    private var next: (key: DayKey, figures: MonthFigures)?
    private var day: CivilDate?
    private var recounted: [CounterKey: MonthFigures] = [:]
    private var faults: [Journal.Fault] = []

    init(_ db: Database) throws {
        stored = try Store.days(db)
        next = try stored.next()
    }

    /// The next vacancy in date order.
    mutating func add(_ v: VacancyRecord) throws {
        if v.date != day { try closeDay(); day = v.date }
        if v.voided == nil { recounted[CounterKey(department: v.department, periodID: v.periodID), default: MonthFigures()].add(active: v) }
    }

    /// The faults, once every vacancy was added: stored rows after the last day must be zeros.
    mutating func finish() throws -> [Journal.Fault] {
        try closeDay()
        while let row = next { check(row.key, stored: row.figures, recounted: MonthFigures()); next = try stored.next() }
        return faults
    }

    /// The stored rows up to the current day against the recount: a day before it had no
    /// vacancy, so its rows must be zeros.
    private mutating func closeDay() throws {
        guard let day else { return }
        while let row = next, row.key.day <= day {
            let recount = row.key.day == day ? recounted.removeValue(forKey: row.key.key) ?? MonthFigures() : MonthFigures()
            check(row.key, stored: row.figures, recounted: recount)
            next = try stored.next()
        }
        // What is left was recounted but has no stored row (usually nothing).
        for (key, recount) in recounted.sorted(by: { ($0.key.department, $0.key.periodID) < ($1.key.department, $1.key.periodID) }) {
            check(DayKey(day: day, key: key), stored: MonthFigures(), recounted: recount)
        }
        recounted.removeAll(keepingCapacity: true)
    }

    private mutating func check(_ key: DayKey, stored: MonthFigures, recounted: MonthFigures) {
        if stored != recounted { faults.append(Ledger.figureFault(key, stored: stored, recounted: recounted)) }
    }
}
