import GRDB

/// One row of an audit: a department (or a roll-up) and an agreement period.
public struct AuditRow: Sendable {
    public var department: DepartmentID
    public var name: String
    public var period: PeriodRecord
    /// The latest placement in the period (in the window).
    public var staircase: Staircase?
    public var step: Int?
    public var counters: Counters
    public var capEvery: Int
    /// Active vacancies let by each route now (a pending offer counts as referral).
    public var lettingsByRoute: [Route: Int]

    /// Realised / n, unrounded; 0 without vacancies.
    public var share: Double { counters.vacancies == 0 ? 0 : Double(counters.realised) / Double(counters.vacancies) }
    public var headroom: Int { counters.headroom(capEvery: capEvery) }
    public var status: ComplianceStatus { counters.status(capEvery: capEvery) }
}

/// An audit window: calendar dates, both ends inclusive.
public struct AuditWindow: Sendable {
    public var from: CivilDate
    public var to: CivilDate

    public init(from: String, to: String) throws {
        self.from = try Ledger.parseDate(from, what: "--from")
        self.to = try Ledger.parseDate(to, what: "--to")
        guard self.from <= self.to else {
            throw LedgerError.badInput("--from \(from) is after --to \(to) (accepted: --from on or before --to)")
        }
    }

    public init(year: Int) throws {
        guard let from = CivilDate(year: year, month: 1, day: 1), let to = CivilDate(year: year, month: 12, day: 31) else {
            throw LedgerError.badInput("--year \(year) (accepted: a year 1–9999)")
        }
        self.from = from
        self.to = to
    }
}

public struct AuditReport: Sendable {
    public var rows: [AuditRow]
    public var window: AuditWindow?

    /// Sums over the rows. Headroom sums the rows' headrooms (a department's slack is not
    /// another's), and the status is `breach` if any row is.
    public var totals: (counters: Counters, headroom: Int, share: Double, status: ComplianceStatus, lettingsByRoute: [Route: Int]) {
        let counters = rows.reduce(Counters()) { $0 + $1.counters }
        let headroom = rows.reduce(0) { $0 + $1.headroom }
        let share = counters.vacancies == 0 ? 0 : Double(counters.realised) / Double(counters.vacancies)
        let status: ComplianceStatus = rows.contains { $0.status == .breach } ? .breach : (headroom == 0 ? .atLimit : .ok)
        var lettings: [Route: Int] = [:]
        for row in rows { lettings.merge(row.lettingsByRoute, uniquingKeysWith: +) }
        return (counters, headroom, share, status, lettings)
    }

    public var hasBreach: Bool { rows.contains { $0.status == .breach } }
}

extension Ledger {
    /// `audit`: one row per department and agreement period (every department, with or
    /// without vacancies). Without a window the stored counters are used; with one, the
    /// counters are recounted from the entries dated in the window.
    public func audit(department: String? = nil, window: AuditWindow? = nil) throws -> AuditReport {
        let only = try department.map(Ledger.parseDepartment)
        return try read { db in
            let departments = try Store.departments(db).filter { only == nil || $0.id == only }
            if let only, departments.isEmpty { throw Ledger.unknownDepartment(only) }
            let periods = try Store.periods(db).filter { window == nil || $0.range.overlaps(DateRange(start: window!.from, end: window!.to)) }
            let stored = try Store.allCounters(db)
            var rows: [AuditRow] = []
            for department in departments {
                let vacancies = try Store.vacancies(db, department: department.id)
                let placements = try Store.placements(db, department.id)
                for period in periods {
                    let inScope = vacancies.filter {
                        $0.periodID == period.id && $0.isActive
                            && (window == nil || (window!.from <= $0.date && $0.date <= window!.to))
                    }
                    let key = CounterKey(department: department.id, periodID: period.id)
                    var counters: Counters
                    if window == nil {
                        counters = stored[key] ?? Counters()
                    } else {
                        counters = Recount.counters(inScope)[key] ?? Counters()
                    }
                    // A forced breach stays visible in every view of the period.
                    counters.forcedVoids = stored[key]?.forcedVoids ?? 0
                    let end = min(period.range.end, window?.to ?? period.range.end)
                    let placement = placements.last { $0.effectiveFrom <= end }?.placement
                    var lettings: [Route: Int] = [:]
                    for v in inScope { lettings[v.currentRoute, default: 0] += 1 }
                    let cap = try Store.latestPolicy(db, periodID: period.id)?.policy.referralCap.every ?? 3
                    rows.append(AuditRow(department: department.id, name: department.name, period: period,
                                         staircase: placement?.staircase, step: placement?.step,
                                         counters: counters, capEvery: cap, lettingsByRoute: lettings))
                }
            }
            return AuditReport(rows: rows, window: window)
        }
    }
}
