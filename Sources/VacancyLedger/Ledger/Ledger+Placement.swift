import GRDB

/// One department's outcome of `placement compute`.
public struct PlacementMove: Sendable {
    public enum Kind: String, Sendable {
        case up, down, onto = "onto area staircase", off = "off area staircase", flags = "flags changed", unchanged, kept
    }
    public var department: DepartmentID
    public var before: Placement?
    public var after: Placement
    public var need: Need?
    public var kind: Kind
    public var reasons: [String]
}

/// What `placement explain` shows: the placement in force and the values behind it.
public struct PlacementExplanation: Sendable {
    public var record: PlacementRecord
    public var indicators: Indicators?
    public var need: Need?
    public var reasons: [String]
}

extension Ledger {
    /// `placement compute`: places every department of the indicators file by P1–P5 and
    /// Figure 3, effective on a date; all or nothing. Unchanged placements are not rewritten.
    public func computePlacements(csv: String, effective: String, dryRun: Bool, by: String) throws -> [PlacementMove] {
        let rows = try IndicatorsCSV.parse(csv)
        let date = try Ledger.parseDate(effective, .effective)
        let by = try Ledger.requireText(by, .clerk)
        let body = { (db: Database) throws -> [PlacementMove] in
            let period = try RuleEngine.agreementPeriod(for: date, loaded: try Store.periods(db), field: .effective)
            guard let policy = try Store.latestPolicy(db, periodID: period.id) else {
                throw LedgerError.damaged(detail: "agreement period \(period.label) has no policy")
            }
            var moves: [PlacementMove] = []
            for (line, indicators) in rows {
                guard let department = try Store.department(db, indicators.department) else {
                    throw LedgerError.atLine(line, .unknownDepartment(indicators.department))
                }
                let current = try Store.placementInForce(db, indicators.department, on: date)
                let computed = PlacementRules.compute(indicators, policy: policy.policy)
                var kind = Ledger.moveKind(from: current?.placement, to: computed.placement)
                var (result, kept) = PlacementRules.carryOver(
                    computed, current: current.map { ($0.placement, $0.effectiveFrom) }, policy: policy.policy, period: period.range)
                if kept { kind = .kept }
                if let before = current?.placement, Ledger.samePlacement(before, result.placement) { kind = kind == .kept ? .kept : .unchanged }
                if !dryRun && kind != .unchanged && kind != .kept {
                    let p = result.placement
                    do {
                        let id = try place(db, indicators.department, PlacementSpec(
                            staircase: p.staircase, step: p.step, atRisk: p.atRisk, exempt: p.exempt, reserved: p.reserved,
                            criteria: p.criteria, from: date.description), units: department.units, by: by)
                        try Store.insertPlacementBasis(db, placementID: id, indicators, need: result.need, reasons: result.reasons)
                        // As recorded: the base step fixed for the period may differ from the computed default.
                        result.placement = try Store.placement(db, id: id)!.placement
                    } catch let error as LedgerError {
                        throw LedgerError.atLine(line, error)
                    }
                }
                moves.append(PlacementMove(department: indicators.department, before: current?.placement,
                                           after: result.placement, need: result.need, kind: kind, reasons: result.reasons))
            }
            return moves
        }
        return dryRun ? try read(body) : try write(body)
    }

    /// `placement explain`: the placement in force (today or on a date) and its basis.
    public func explainPlacement(department: String, on date: String? = nil) throws -> PlacementExplanation {
        let id = try Ledger.parseDepartment(department)
        let day = try date.map { try Ledger.parseDate($0, .date) }
        return try read { db in
            guard try Store.department(db, id) != nil else { throw LedgerError.unknownDepartment(id) }
            let placements = try Store.placements(db, id)
            guard let record = day.map({ d in placements.last { $0.effectiveFrom <= d } }) ?? placements.last else {
                throw LedgerError.noPlacementInForce(id, on: day)
            }
            let basis = try Store.placementBasis(db, placementID: record.id, department: id)
            return PlacementExplanation(record: record, indicators: basis?.indicators, need: basis?.need,
                                        reasons: basis?.reasons ?? ["placed by hand (`department add`/`place`/`import`), not computed from indicators"])
        }
    }

    static func samePlacement(_ a: Placement, _ b: Placement) -> Bool {
        a.staircase == b.staircase && a.step == b.step && a.atRisk == b.atRisk && a.exempt == b.exempt
            && a.reserved == b.reserved && a.criteria == b.criteria
    }

    static func moveKind(from before: Placement?, to after: Placement) -> PlacementMove.Kind {
        guard let before else { return after.staircase == .area ? .onto : .up }
        if before.staircase != after.staircase { return after.staircase == .area ? .onto : .off }
        if after.step > before.step { return .up }
        if after.step < before.step { return .down }
        return samePlacement(before, after) ? .unchanged : .flags
    }
}

/// The indicators file: RFC 4180, UTF-8 (BOM accepted), one row per department.
public enum IndicatorsCSV {
    public static let header = ["department", "residents", "area_list", "area_residents", "outside_work_share", "conviction_ratio",
                         "primary_school_only_share", "income_ratio", "referred_share", "at_risk", "exempt"]

    static func parse(_ text: String) throws -> [(line: Int, indicators: Indicators)] {
        var rows: [(Int, Indicators)] = []
        var seen: Set<DepartmentID> = []
        for row in try CSVTable.rows(text, header: header, optional: ["non_western_share"], field: .indicatorsFile) {
            let line = row.line, cell = row.cell, bad = row.bad, bool = row.bool
            func int(_ column: String) throws -> Int {
                guard let v = Int(cell(column)), v >= 0 else { throw bad(column, .wholeNumber(atLeast: 0)) }
                return v
            }
            func share(_ column: String, max: Double = 1) throws -> Double {
                guard let v = Double(cell(column)), v >= 0, v <= max else { throw bad(column, max == 1 ? .share : .decimal(max: max)) }
                return v
            }
            guard let id = DepartmentID(cell("department")) else { throw bad("department", .departmentID) }
            guard seen.insert(id).inserted else { throw bad("department", .eachOnce) }
            guard let list = AreaList(rawValue: cell("area_list").lowercased()) else {
                throw bad("area_list", .oneOf(AreaList.allCases.map(\.rawValue)))
            }
            rows.append((line, Indicators(
                department: id, residents: try int("residents"), areaList: list, areaResidents: try int("area_residents"),
                outsideWorkShare: try share("outside_work_share"), convictionRatio: try share("conviction_ratio", max: 100),
                primarySchoolOnlyShare: try share("primary_school_only_share"), incomeRatio: try share("income_ratio", max: 100),
                referredShare: try share("referred_share"), atRisk: try bool("at_risk"), exempt: try bool("exempt"),
                nonWesternShare: cell("non_western_share").isEmpty ? nil : try share("non_western_share"))))
        }
        return rows
    }
}
