import GRDB

/// Departments (afdelinger) and their placements on the staircases, with the basis each was decided on.
extension Store {
    static func department(_ db: Database, _ id: DepartmentID) throws -> DepartmentRecord? {
        try DepartmentRow.fetchOne(db.cachedStatement(sql: "SELECT \(DepartmentRow.selection()) FROM department WHERE id = ?"),
                                   arguments: [id.rawValue])?.record
    }

    /// In `DepartmentID`'s order (organisation, then the number as a number, then the id),
    /// sorted by SQLite, which compares the stored bytes without making a record first.
    /// Text compares by bytes in both (UTF-8 order is scalar order, and ids are stored NFC).
    static func departments(_ db: Database) throws -> [DepartmentRecord] {
        try DepartmentRow.fetchAll(db, sql: """
            SELECT \(DepartmentRow.selection()) FROM department
            ORDER BY \(departmentOrder("id"))
            """).map(\.record)
    }

    /// Every department's dwellings (the report's roll-ups): two columns, unsorted
    /// (`departments` sorts and decodes whole records).
    static func dwellings(_ db: Database) throws -> [DepartmentID: Int] {
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, units FROM department")
        var dwellings: [DepartmentID: Int] = [:]
        while let row = try cursor.next() { dwellings[DepartmentID(stored: row["id"])] = row["units"] }
        return dwellings
    }

    /// Whether the department exists (the import's check of every row, and `log`'s).
    static func departmentIDs(_ db: Database) throws -> [DepartmentID] {
        try String.fetchAll(db, sql: "SELECT id FROM department").map(DepartmentID.init(stored:))
    }

    static func departmentExists(_ db: Database, _ id: DepartmentID) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM department WHERE id = ?)"),
                          arguments: [id.rawValue]) ?? false
    }

    static func insertDepartment(_ db: Database, _ record: DepartmentRecord, tokenID: Int64? = nil) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO organisation (code) VALUES (?)", arguments: [record.id.organisation])
        if db.changesCount > 0 { try Journal.append(db, kind: "organisation", rowID: db.lastInsertedRowID) }
        try db.execute(sql: """
            INSERT INTO department (id, organisation, name, units, created_at, created_by, token_id) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [record.id.rawValue, record.id.organisation, record.name, record.units,
                             record.createdAt, record.createdBy, tokenID])
        try Journal.append(db, kind: "department", rowID: db.lastInsertedRowID)
    }

    private static let placementColumns = PlacementRow.selection()

    static func placements(_ db: Database, _ department: DepartmentID) throws -> [PlacementRecord] {
        try PlacementRow.fetchAll(db.cachedStatement(sql: "SELECT \(placementColumns) FROM placement WHERE department = ? ORDER BY effective_from"),
                                  arguments: [department.rawValue]).map(\.record)
    }

    static func placement(_ db: Database, id: Int64) throws -> PlacementRecord? {
        try PlacementRow.fetchOne(db.cachedStatement(sql: "SELECT \(placementColumns) FROM placement WHERE id = ?"),
                                  arguments: [id])?.record
    }

    /// The placement in force on a date: the latest effective on or before it.
    static func placementInForce(_ db: Database, _ department: DepartmentID, on day: CivilDate) throws -> PlacementRecord? {
        try PlacementRow.fetchOne(db.cachedStatement(sql: """
            SELECT \(placementColumns) FROM placement WHERE department = ? AND effective_from <= ?
            ORDER BY effective_from DESC LIMIT 1
            """), arguments: [department.rawValue, day.description])?.record
    }

    static func insertPlacement(_ db: Database, _ department: DepartmentID, from: CivilDate, _ p: Placement,
                                at: String, by: String, tokenID: Int64? = nil) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO placement (department, effective_from, staircase, step, base_step, at_risk, exempt,
                                   reserved, criteria, recorded_at, recorded_by, token_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [department.rawValue, from.description, p.staircase.rawValue, p.step, p.baseStep,
                             p.atRisk, p.exempt, p.reserved, Criterion.storageText(p.criteria), at, by, tokenID])
        let id = db.lastInsertedRowID
        try Journal.append(db, kind: "placement", rowID: id)
        return id
    }

    static func insertPlacementBasis(_ db: Database, placementID: Int64, _ i: Indicators, need: Need?, reasons: [String]) throws {
        try db.execute(sql: """
            INSERT INTO placement_basis (placement_id, residents, area_list, area_residents, outside_work_share, conviction_ratio,
                                         primary_school_only_share, income_ratio, referred_share, at_risk, exempt, need, reasons,
                                         non_western_share)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [placementID, i.residents, i.areaList.rawValue, i.areaResidents, i.outsideWorkShare, i.convictionRatio,
                             i.primarySchoolOnlyShare, i.incomeRatio, i.referredShare, i.atRisk, i.exempt, need?.rawValue,
                             reasons.joined(separator: "\n"), i.nonWesternShare])
        try Journal.append(db, kind: "placement_basis", rowID: placementID)
    }

    static func placementBasis(_ db: Database, placementID: Int64, department: DepartmentID) throws
        -> (indicators: Indicators, need: Need?, reasons: [String])?
    {
        try PlacementBasisRow.fetchOne(db, sql: "SELECT \(PlacementBasisRow.selection()) FROM placement_basis WHERE placement_id = ?",
                                       arguments: [placementID]).map { ($0.indicators(department), $0.need, $0.reasons) }
    }

    static func latestVacancyDate(_ db: Database, _ department: DepartmentID) throws -> CivilDate? {
        try String.fetchOne(db, sql: "SELECT max(vacancy_date) FROM vacancy WHERE department = ?",
                            arguments: [department.rawValue]).map(date)
    }


    /// Every department's staircase and step from each placement's date, oldest first: what
    /// an audit row shows (the rest of a placement is not decoded for 2,000 departments).
    typealias Step = (from: CivilDate, staircase: Staircase, step: Int)

    static func allSteps(_ db: Database) throws -> [DepartmentID: [Step]] {
        var result: [DepartmentID: [Step]] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT department, effective_from, staircase, step FROM placement ORDER BY department, effective_from")
        var current: (id: DepartmentID, steps: [Step])?
        while let row = try cursor.next() {
            let text: String = row["department"]
            if current?.id.rawValue != text {
                if let current { result[current.id] = current.steps }
                current = (DepartmentID(stored: text), [])
            }
            current!.steps.append((date(row["effective_from"]), Staircase(rawValue: row["staircase"])!, row["step"]))
        }
        if let current { result[current.id] = current.steps }
        return result
    }
}
