import GRDB

/// What `verify` found. No faults means: the schema is the one the migrations made (no
/// trigger dropped or added), every row of
/// every ledger table is in the hash chain with the hash it should have, every stored
/// counter equals a recount from the entries, the ledger extends every checkpoint given and,
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
    public var isClean: Bool { faults.isEmpty }
}

extension Ledger {
    /// `verify`: everything `VerifyReport` lists, in one read snapshot. The chain is
    /// streamed, so memory does not grow with the journal.
    ///
    /// `deep` adds SQLite's `integrity_check` and `foreign_key_check`. They are not the
    /// default because they cost more than the rest together (47 s of 67 s at 1M vacancies:
    /// every index entry is looked up, O(N log N)) and what they guard is mostly covered by
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
                // Streamed: memory holds one figure per department, period and month, not the history.
                var recounted = Recount(months: true)
                try Store.forEachVacancy(db) { recounted.add($0) }
                return .recount(recounted)
            }]
            for (after, through) in Ledger.stretches(upTo: head.seq, count: 2 * ParallelReads.cores) {
                let previous = try Journal.hash(db, atOrBefore: after) ?? Journal.genesisHash
                tasks.append { db in .stretch(try Journal.verifyStretch(db, after: after, through: through, previous: previous, walk: true)) }
            }
            tasks.append { db in .faults(try Journal.unchainedRows(db, after: nil)) }
            var recounted = Recount(months: true)
            var entries = 0
            for part in try ParallelReads.run(db, path: database.path, tasks).results {
                switch part {
                case .recount(let recount): recounted = recount
                case .stretch(let stretch): entries += stretch.entries; faults += stretch.faults
                case .faults(let found): faults += found
                }
            }
            for checkpoint in checkpoints {
                faults += try Ledger.checkpointFaults(db, checkpoint, trustedKey: trustedKey)
            }
            // The counters against the recount from the entries.
            let stored = try Store.allCounters(db)
            var months = recounted.takeMonths()
            faults += try Ledger.monthFaults(db, recounted: &months)
            let recount = recounted.counters
            let storedLettings = try Store.allLettings(db), recountedLettings = recounted.lettings
            for key in Set(storedLettings.keys).union(recountedLettings.keys).sorted(by: { ($0.department, $0.periodID) < ($1.department, $1.periodID) }) {
                let s = storedLettings[key] ?? [:], r = recountedLettings[key] ?? [:]
                if s != r {
                    func show(_ l: [Route: Int]) -> String { Route.allCases.map { "\($0.rawValue)=\(l[$0] ?? 0)" }.joined(separator: " ") }
                    faults.append(.init(seq: nil, text: "lettings \(key.department) period \(key.periodID): stored \(show(s)), recounted \(show(r))"))
                }
            }
            for key in Set(stored.keys).union(recount.keys).sorted(by: { ($0.department, $0.periodID) < ($1.department, $1.periodID) }) {
                let s = stored[key] ?? Counters(), r = recount[key] ?? Counters()
                if s != r { faults.append(.init(seq: nil, text: "counters \(key.department) period \(key.periodID): stored \(describe(s)), recounted \(describe(r))")) }
            }
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
                                faults: ordered, firstBadEntry: firstBad, checkpointsChecked: checkpoints.count, deep: deep)
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
            var recounted = Recount(months: true)
            var storedMonths: [MonthKey: MonthFigures] = [:]
            for department in touched.map(\.department).uniqued() {
                for vacancy in try Store.vacancies(db, department: department) { recounted.add(vacancy) }
                storedMonths.merge(try Store.months(db, department: department)) { a, _ in a }
            }
            faults += Ledger.monthFaults(stored: storedMonths, recounted: recounted.months)
            var checked = 0
            for key in touched.sorted(by: { ($0.department, $0.periodID) < ($1.department, $1.periodID) }) {
                checked += 1
                let s = stored[key] ?? Counters(), r = recounted.counters[key] ?? Counters()
                if s != r { faults.append(.init(seq: nil, text: "counters \(key.department) period \(key.periodID): stored \(describe(s)), recounted \(describe(r))")) }
                if storedLettings[key] ?? [:] != recounted.lettings[key] ?? [:] {
                    faults.append(.init(seq: nil, text: "lettings \(key.department) period \(key.periodID): stored and recounted differ"))
                }
            }
            let all = chain.faults + faults
            return VerifyReport(entries: chain.entries, headHash: chain.head, countersChecked: checked,
                                faults: all.map(\.text), firstBadEntry: chain.faults.compactMap(\.seq).min(),
                                checkpointsChecked: 1, sinceEntry: checkpoint.seq)
        }
    }

    /// What one of `verify`'s parallel tasks found.
    enum VerifyPart: Sendable {
        case recount(Recount)
        case stretch(Journal.StretchResult)
        case faults([Journal.Fault])
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
        return found.sorted { $0.0 < $1.0 }.map { key, s, r in monthFault(key, stored: s, recounted: r) }
    }

    private static func monthFault(_ key: MonthKey, stored s: MonthFigures, recounted r: MonthFigures) -> Journal.Fault {
        .init(seq: nil, text: "counters by month \(key.key.department) period \(key.key.periodID) \(MonthKey.text(key.month)): "
            + "stored \(describe(s)), recounted \(describe(r))")
    }

    /// The monthly counters (m009) against a recount: one fault per differing month.
    static func monthFaults(stored: [MonthKey: MonthFigures], recounted: [MonthKey: MonthFigures]) -> [Journal.Fault] {
        // A month whose vacancies were all voided keeps a row of zeros.
        Set(stored.keys).union(recounted.keys).sorted().compactMap { key in
            let s = stored[key] ?? MonthFigures(), r = recounted[key] ?? MonthFigures()
            guard s != r else { return nil }
            return monthFault(key, stored: s, recounted: r)
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
