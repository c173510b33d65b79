import GRDB

/// A placement as given on the command line or in an import file (RULES.md §2).
public struct PlacementSpec: Sendable {
    public var staircase: Staircase
    public var step: Int
    public var baseStep: Int?
    public var atRisk = false
    public var exempt = false
    public var reserved = 0
    public var criteria: [Criterion] = []
    /// `YYYY-MM-DD`; `nil` = the first day of the earliest loaded agreement period.
    public var from: String?

    public init(staircase: Staircase, step: Int, baseStep: Int? = nil, atRisk: Bool = false, exempt: Bool = false,
                reserved: Int = 0, criteria: [Criterion] = [], from: String? = nil) {
        self.staircase = staircase
        self.step = step
        self.baseStep = baseStep
        self.atRisk = atRisk
        self.exempt = exempt
        self.reserved = reserved
        self.criteria = criteria
        self.from = from
    }
}

/// A department with its placements (for `department show` and `list`).
public struct DepartmentDetail: Sendable {
    public var department: DepartmentRecord
    public var placements: [PlacementRecord]
    public var counters: [(period: PeriodRecord, counters: Counters, capEvery: Int)]
    public var current: PlacementRecord? { placements.last }
}

extension Ledger {
    /// `department add`: creates the department (and its organisation) with its first placement.
    @discardableResult
    public func addDepartment(id: String, name: String, units: Int, placement: PlacementSpec,
                              by: String) throws -> DepartmentDetail {
        let id = try Ledger.parseDepartment(id)
        return try write { db in
            try addDepartment(db, id: id, name: name, units: units, placement: placement, by: by)
            return try detail(db, id)
        }
    }

    func addDepartment(_ db: Database, id: DepartmentID, name: String, units: Int, placement: PlacementSpec,
                       by: String) throws {
        let name = try Ledger.requireText(name, .name)
        let by = try Ledger.requireText(by, .clerk)
        guard units > 0 else { throw LedgerError.invalid(.units, value: "\(units)", accepted: .wholeNumber(atLeast: 1)) }
        if try Store.department(db, id) != nil {
            throw LedgerError.departmentExists(id)
        }
        try Store.insertDepartment(db, DepartmentRecord(id: id, name: name, units: units, createdAt: now(), createdBy: by),
                                   tokenID: scope.tokenID)
        try place(db, id, placement, units: units, by: by)
    }

    /// `department place`: records a complete placement effective from a date.
    @discardableResult
    public func place(department: String, placement: PlacementSpec, by: String) throws -> DepartmentDetail {
        let id = try Ledger.parseDepartment(department)
        let by = try Ledger.requireText(by, .clerk)
        return try write { db in
            guard let record = try Store.department(db, id) else { throw LedgerError.unknownDepartment(id) }
            try place(db, id, placement, units: record.units, by: by)
            return try detail(db, id)
        }
    }

    @discardableResult
    func place(_ db: Database, _ id: DepartmentID, _ spec: PlacementSpec, units: Int, by: String) throws -> Int64 {
        let periods = try Store.periods(db)
        let from: CivilDate
        if let text = spec.from {
            from = try Ledger.parseDate(text, .from)
        } else if let first = periods.first {
            from = first.range.start
        } else {
            throw LedgerError.noAgreementLoaded
        }
        if spec.staircase == .area, let base = spec.baseStep {
            throw LedgerError.placement(.baseStepOnArea(base))
        }
        var placement = Placement(staircase: spec.staircase, step: spec.step, baseStep: spec.baseStep,
                                  atRisk: spec.atRisk, exempt: spec.exempt, reserved: spec.reserved,
                                  criteria: spec.criteria)
        if let misfit = placement.misfit {
            throw LedgerError.placement(.misfit(flag: misfit, staircase: spec.staircase, step: spec.step))
        }
        guard placement.reserved <= units else {
            throw LedgerError.placement(.tooManyReserved(placement.reserved, units: units))
        }
        let existing = try Store.placements(db, id)
        if existing.contains(where: { $0.effectiveFrom == from }) {
            throw LedgerError.placement(.sameDate(id, from))
        }
        if let latest = try Store.latestVacancyDate(db, id), from <= latest {
            throw LedgerError.placement(.retroactive(id, from: from, latestVacancy: latest))
        }
        if placement.staircase == .department {
            // The base step is fixed per department and period by its first department-staircase placement.
            let period = periods.first { $0.range.contains(from) } ?? periods.first { $0.range.start > from }
            if let period {
                placement.baseStep = try RuleEngine.baseStep(given: spec.baseStep, computed: placement.baseStep,
                                                             department: id, existing: existing, period: period.range)
            }
        }
        return try Store.insertPlacement(db, id, from: from, placement, at: now(), by: by, tokenID: scope.tokenID)
    }

    /// `department import FILE.csv`: all rows or none.
    /// Header: id,name,units,staircase,step,base_step,at_risk,exempt,reserved,criteria,from
    @discardableResult
    public func importDepartments(csv text: String, by: String) throws -> Int {
        let rows = try DepartmentCSV.parse(text)
        return try write { db in
            for row in rows {
                do {
                    try addDepartment(db, id: row.id, name: row.name, units: row.units, placement: row.placement, by: by)
                } catch let error as LedgerError {
                    throw LedgerError.atLine(row.line, error)
                }
            }
            return rows.count
        }
    }

    public func departments() throws -> [DepartmentDetail] {
        try read { db in try Store.departments(db).map { try detail(db, $0.id) } }
    }

    public func department(_ id: String) throws -> DepartmentDetail {
        let id = try Ledger.parseDepartment(id)
        return try read { db in
            guard try Store.department(db, id) != nil else { throw LedgerError.unknownDepartment(id) }
            return try detail(db, id)
        }
    }

    func detail(_ db: Database, _ id: DepartmentID) throws -> DepartmentDetail {
        let record = try Store.department(db, id)!
        var counters: [(PeriodRecord, Counters, Int)] = []
        for period in try Store.periods(db) {
            let cap = try Store.capEvery(db, periodID: period.id)
            counters.append((period, try Store.counters(db, id, periodID: period.id), cap))
        }
        return DepartmentDetail(department: record, placements: try Store.placements(db, id), counters: counters)
    }

}

/// The department import format (RFC 4180, UTF-8, BOM accepted).
public enum DepartmentCSV {
    public static let header = ["id", "name", "units", "staircase", "step", "base_step", "at_risk", "exempt", "reserved", "criteria", "from"]

    struct Row {
        var line: Int
        var id: DepartmentID
        var name: String
        var units: Int
        var placement: PlacementSpec
    }

    static func parse(_ text: String) throws -> [Row] {
        var rows: [Row] = []
        var seen: Set<DepartmentID> = []
        for row in try CSVTable.rows(text, header: header, field: .importFile) {
            let line = row.line, cell = row.cell, bad = row.bad, bool = row.bool
            func int(_ column: String, default value: Int?) throws -> Int? {
                let text = cell(column)
                if text.isEmpty { return value }
                guard let number = Int(text) else { throw bad(column, .wholeNumber(atLeast: 0)) }
                return number
            }
            guard let id = DepartmentID(cell("id")) else { throw bad("id", .departmentID) }
            guard seen.insert(id).inserted else { throw bad("id", .eachOnce) }
            do { _ = try TextRules.require(cell("name"), .name) } catch let LedgerError.invalid(_, _, accepted) {
                throw bad("name", accepted)
            }
            guard let staircase = Staircase(rawValue: cell("staircase")) else { throw bad("staircase", .oneOf(Staircase.allCases.map(\.rawValue))) }
            guard let units = try int("units", default: nil) else { throw bad("units", .wholeNumber(atLeast: 1)) }
            guard let step = try int("step", default: nil) else { throw bad("step", .step) }
            guard let criteria = Criterion.parseList(cell("criteria"), separator: ";") else {
                throw bad("criteria", .criteria)
            }
            let spec = PlacementSpec(
                staircase: staircase, step: step, baseStep: try int("base_step", default: nil),
                atRisk: try bool("at_risk"), exempt: try bool("exempt"), reserved: try int("reserved", default: 0)!,
                criteria: criteria, from: cell("from").isEmpty ? nil : cell("from"))
            rows.append(Row(line: line, id: id, name: cell("name"), units: units, placement: spec))
        }
        return rows
    }
}
