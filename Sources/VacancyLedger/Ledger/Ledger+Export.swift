import GRDB

/// One line of the year-end export: a letting realised in the year, or an offer still
/// pending at year-end.
public struct ExportRow: Sendable, Equatable {
    public enum Section: String, Sendable { case letting, pending }
    public var section: Section
    public var vacancy: Int64
    public var organisation: String
    public var department: DepartmentID
    /// The placement the vacancy was decided under.
    public var staircase: Staircase
    public var step: Int
    public var number: Int
    public var unit: String
    public var vacancyDate: CivilDate
    /// For an offer, its settlement date; else the vacancy's date. `nil` while pending.
    public var lettingDate: CivilDate?
    /// The final route (after a return: the R6 route).
    public var route: Route
    public var criteria: [Criterion]
    public var rehousing: Bool
    public var offered: Bool
    public var outcome: Outcome?
    public var withheld: WithheldReason?
    public var policyVersion: Int
    public var rules: [RuleID]
    /// The vacancy entry's hash in the ledger's chain.
    public var hash: String
}

/// `export --year`: the realised lettings of a calendar year, the offers pending at its
/// end, and the ledger's head hash, so a recipient can check that nothing was dropped.
public struct ExportReport: Sendable {
    public var year: Int
    public var lettings: [ExportRow]
    public var pending: [ExportRow]
    public var headHash: String
}

/// The figures an export declares before its rows (the JSON header, the CSV total row).
public struct ExportHeader: Sendable {
    public var year: Int
    /// The counts, when asked for up front (JSON declares them before its rows; CSV counts
    /// as it writes, sparing two passes over the year).
    public var lettings: Int?
    public var pending: Int?
    public var headHash: String
}

extension Ledger {
    public func export(year: Int) throws -> ExportReport {
        try read { db in try exportReport(db, year: year) }
    }

    /// `export` inside a caller's snapshot (`verifyExport` compares it in the same one).
    func exportReport(_ db: Database, year: Int) throws -> ExportReport {
        var lettings: [ExportRow] = []
        var pending: [ExportRow] = []
        let header = try Ledger.exportRows(db, year: year, header: { _ in }) { row in
            if row.section == .letting { lettings.append(row) } else { pending.append(row) }
        }
        return ExportReport(year: year, lettings: lettings, pending: pending, headHash: header.headHash)
    }

    /// `export --year`, streamed: the header first (counts and head hash), then the lettings
    /// and the pending offers in order, one row at a time from a cursor, in one snapshot.
    /// Memory does not grow with the year.
    public func export(year: Int, countsFirst: Bool = true, header: (ExportHeader) throws -> Void,
                       row: (ExportRow) throws -> Void) throws {
        try read { db in _ = try Ledger.exportRows(db, year: year, countsFirst: countsFirst, header: header, row: row) }
    }

    static func exportRows(_ db: Database, year: Int, countsFirst: Bool = false, header announce: (ExportHeader) throws -> Void,
                            row body: (ExportRow) throws -> Void) throws -> ExportHeader {
        let window = try AuditWindow(year: year)
        let counts = countsFirst ? try Store.exportCounts(db, window.range) : nil
        let header = ExportHeader(year: year, lettings: counts?.lettings, pending: counts?.pending, headHash: try Store.headHash(db))
        try announce(header)
        for section in [ExportRow.Section.letting, .pending] {
            try Store.forEachExportRow(db, window.range, pending: section == .pending) { letting in
                var row = letting
                if section == .pending {
                    // As it stood at year-end: not yet answered.
                    row.section = .pending
                    row.lettingDate = nil
                    row.outcome = nil
                    row.route = .referral
                    row.criteria = []
                }
                try body(row)
            }
        }
        return header
    }

}

/// An entry made after an export's head that touches one of its vacancies: the vacancy
/// itself, a settlement of it, or a void.
public struct LaterEntry: Sendable, Equatable {
    public var seq: Int64
    public var kind: String
}

/// What `verify --export` compares a file with, read in one snapshot: the year's rows as
/// `export` streams them now, and for a row that differs, the entries made after the
/// file's head that explain it.
public struct ExportSnapshot {
    fileprivate let db: Database
    public let year: Int
    /// The entry whose hash the file declares as its head; `nil` if no entry has it.
    public let headSeq: Int64?
    /// The ledger's head now.
    public let currentSeq: Int64

    /// The year's rows now, in the export's order, streamed.
    public func forEachRow(_ body: (ExportRow) throws -> Void) throws {
        _ = try Ledger.exportRows(db, year: year, header: { _ in }, row: body)
    }

    /// The hash of vacancy `id`'s entry, if the ledger has it.
    public func entryHash(vacancy id: Int64) throws -> String? {
        try Store.journalHash(db, kind: "vacancy", entity: id)
    }

    /// Entries after the file's head that record vacancy `id`, settle it, or void it or
    /// its settlement: a few indexed lookups. None when the head is not in the chain:
    /// then nothing the file holds is explained by later entries.
    public func laterEntries(vacancy id: Int64) throws -> [LaterEntry] {
        guard let headSeq else { return [] }
        return try Store.laterEntries(db, vacancy: id, after: headSeq).map { LaterEntry(seq: $0.seq, kind: $0.kind) }
    }
}

extension Ledger {
    /// `verify --export`: `body` compares a file with the ledger inside one read snapshot.
    public func withExportSnapshot<T>(year: Int, headHash: String, _ body: (ExportSnapshot) throws -> T) throws -> T {
        _ = try AuditWindow(year: year)
        return try read { db in
            try body(ExportSnapshot(db: db, year: year, headSeq: try Store.journalSeq(db, hash: headHash),
                                    currentSeq: try Journal.head(db).seq))
        }
    }
}

/// The year-end summary in the shape of the table in seed 000 (dwellings, vacancies,
/// flexible lettings, flexible share per group), plus realised referral and
/// Landsbyggefonden's letting categories.
public struct SummaryRow: Sendable {
    public var grouping: AuditGrouping
    public var key: String
    public var departments: Int
    /// Family dwellings of the group's departments.
    public var dwellings: Int
    /// Active vacancies dated in the year.
    public var vacancies: Int
    /// Their routes now; a pending offer counts under `pending`, not a route.
    public var lettingsByRoute: [Route: Int]
    public var pending: Int
    public var realised: Int

    public var vacancyShareOfDwellings: Double { dwellings == 0 ? 0 : Double(vacancies) / Double(dwellings) }
    /// Flexible lettings (ordinary and tightened criteria) per vacancy, as in seed 000.
    public var flexibleShare: Double {
        vacancies == 0 ? 0 : Double((lettingsByRoute[.flexible] ?? 0) + (lettingsByRoute[.tightened] ?? 0)) / Double(vacancies)
    }
    public var realisedShare: Double { vacancies == 0 ? 0 : Double(realised) / Double(vacancies) }

    /// [A] Landsbyggefonden's letting categories as this ledger maps them (the CLI gives
    /// their Danish labels).
    public var lbfCategories: [(LBFCategory, Int)] {
        [(.waitingList, lettingsByRoute[.ordinary] ?? 0), (.municipal, realised),
         (.flexible, (lettingsByRoute[.flexible] ?? 0) + (lettingsByRoute[.tightened] ?? 0)), (.awaiting, pending)]
    }
}

/// Landsbyggefonden's letting categories, in its statistics' order [A: the mapping].
public enum LBFCategory: CaseIterable, Sendable {
    /// Venteliste: ordinary letting by seniority.
    case waitingList
    /// Kommunal anvisning: realised referral.
    case municipal
    /// Fleksibel udlejning: flexible and tightened criteria.
    case flexible
    /// Afventer kommunen: offers still pending.
    case awaiting
}

public struct YearReport: Sendable {
    public var year: Int
    public var groups: [SummaryRow]
    /// Per department: for the charts (realised share against one in three).
    public var audit: AuditReport
    /// Vacancies per month of the year (12 entries).
    public var vacanciesPerMonth: [Int]
}

extension Ledger {
    /// The year-end summary; `departments`: of those departments only (the page's filters),
    /// every figure and chart of it.
    public func report(year: Int, departments only: Set<DepartmentID>? = nil) throws -> YearReport {
        let window = try AuditWindow(year: year)
        // One snapshot: the audit, the dwellings and the months agree with each other.
        let (whole, units, months) = try read { db in
            let audit = try auditReport(db, AuditRequest(window: window))
            let units = try Store.dwellings(db)
            return (audit, units, try Store.vacanciesPerMonth(db, year: year, departments: only))
        }
        var audit = whole
        if let only { audit.departmentRows.removeAll { $0.department.map { !only.contains($0) } ?? true } }
        var groups: [SummaryRow] = []
        for grouping in [AuditGrouping.step, .staircase, .organisation, .city] {
            // Each group once (rolling up every member alone per group was quadratic).
            for (key, members) in Ledger.groups(audit.departmentRows, by: grouping) {
                let row = AuditRow.rollUp(members, grouping: grouping, key: key)
                var lettings = row.lettingsByRoute
                lettings[.referral] = row.counters.realised
                let departments = Set(members.compactMap(\.department))
                groups.append(SummaryRow(
                    grouping: grouping, key: row.key, departments: departments.count,
                    dwellings: departments.reduce(0) { $0 + (units[$1] ?? 0) },
                    vacancies: row.counters.vacancies, lettingsByRoute: lettings, pending: row.counters.pending,
                    realised: row.counters.realised))
            }
        }
        return YearReport(year: year, groups: groups, audit: audit, vacanciesPerMonth: months)
    }
}
