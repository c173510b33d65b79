import GRDB

/// What `verify` found. No faults means: SQLite's integrity and foreign-key checks pass,
/// the schema is the one the migrations made (no trigger dropped or added), every row of
/// every ledger table is in the hash chain with the hash it should have, every stored
/// counter equals a recount from the entries, and the ledger extends every checkpoint given.
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
    public var isClean: Bool { faults.isEmpty }
}

extension Ledger {
    /// `verify`: everything `VerifyReport` lists, in one read snapshot. The chain is
    /// streamed, so memory does not grow with the journal.
    public func verify(checkpoints: [Checkpoint] = [], trustedKey: String? = nil) throws -> VerifyReport {
        try read { db in
            var faults: [Journal.Fault] = []
            faults += try Store.sqliteFaults(db).map { .init(seq: nil, text: $0) }
            faults += try Ledger.schemaFaults(db)
            let chain = try Journal.verify(db)
            faults += chain.faults
            for checkpoint in checkpoints {
                faults += try Ledger.checkpointFaults(db, checkpoint, trustedKey: trustedKey)
            }
            // The counters against a recount from the entries.
            let stored = try Store.allCounters(db)
            // Streamed: memory holds one figure per department and period, not the history.
            var recounted = Recount(months: true)
            try Store.forEachVacancy(db) { recounted.add($0) }
            faults += Ledger.monthFaults(stored: try Store.months(db), recounted: recounted.months)
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
            return VerifyReport(entries: chain.entries, headHash: chain.head, countersChecked: stored.count,
                                faults: ordered, firstBadEntry: firstBad, checkpointsChecked: checkpoints.count)
        }
    }

    /// `verify --since CHECKPOINT`: the checkpoint (signature, key, that entry's hash and the
    /// counts up to it), then only what was appended after it — every later entry's link,
    /// hash and payload, rows written after it outside the ledger, and the counters and
    /// lettings of the departments those entries touched, recounted from their history —
    /// and the schema. The cost follows what was appended, so a nightly check takes seconds;
    /// a full `verify` (with SQLite's page check) remains the weekly one.
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

    /// The monthly counters (m009) against a recount: one fault per differing month.
    static func monthFaults(stored: [MonthKey: MonthFigures], recounted: [MonthKey: MonthFigures]) -> [Journal.Fault] {
        // A month whose vacancies were all voided keeps a row of zeros.
        Set(stored.keys).union(recounted.keys).sorted().compactMap { key in
            let s = stored[key] ?? MonthFigures(), r = recounted[key] ?? MonthFigures()
            guard s != r else { return nil }
            return .init(seq: nil, text: "counters by month \(key.key.department) period \(key.key.periodID) \(MonthKey.text(key.month)): "
                + "stored \(describe(s)), recounted \(describe(r))")
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
