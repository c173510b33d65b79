import Foundation
import GRDB

/// One record type per ledger table, each with a `Columns` projection (`Projection`): the
/// table's columns in the order its queries select them, from which the SELECT list and
/// every read come. Rows read a few at a time are decoded by column name through GRDB;
/// those an audit, a listing or `verify` reads by the thousand, by the declared positions
/// through GRDB's fast path (`Row.decode(_:from:)`, `StoredValues.swift`). (Columns are written snake_case as in `Migrations/`.)
protocol LedgerRow {
    associatedtype Columns: Projection
}

extension LedgerRow {
    /// `alias.column, …` (or `column, …`) for a SELECT list.
    static func selection(_ alias: String? = nil) -> String { Columns.selection(alias) }

    /// `alias.column AS prefix_column, …`: for a join, where another table has columns of the same names.
    static func selection(_ alias: String, prefixed prefix: String) -> String { Columns.selection(alias, prefixed: prefix) }
}

struct PeriodRow: LedgerRow, FetchableRecord {
    enum Columns: Int, Projection { case id, starts, ends }
    let record: PeriodRecord

    init(row: Row) {
        record = PeriodRecord(id: row[Columns.id.name], range: DateRange(start: Store.date(row[Columns.starts.name]),
                                                                         end: Store.date(row[Columns.ends.name])))
    }
}

struct PolicyVersionRow: LedgerRow, FetchableRecord {
    /// Without `content_json` and `source_text` (kilobytes each): those are read once per
    /// content hash and kept parsed (`PolicyCache`), not on every decision.
    enum Columns: Int, Projection {
        case id, period_id, version, name, content_hash, loaded_at
    }
    let id: Int64, periodID: Int64, version: Int, name: String, contentHash: String, loadedAt: String

    init(row: Row) {
        id = row[Columns.id.name]
        periodID = row[Columns.period_id.name]
        version = row[Columns.version.name]
        name = row[Columns.name.name]
        contentHash = row[Columns.content_hash.name]
        loadedAt = row[Columns.loaded_at.name]
    }

    func record(policy: Policy, sourceText: String) -> PolicyRecord {
        PolicyRecord(id: id, periodID: periodID, version: version, name: name, policy: policy, sourceText: sourceText,
                     loadedAt: loadedAt)
    }
}

struct DepartmentRow: LedgerRow, FetchableRecord {
    enum Columns: Int, Projection { case id, name, units, created_at, created_by }
    let record: DepartmentRecord

    /// By the declared positions (every query selects `selection()` first), as `CountersRow`.
    init(row: Row) {
        record = DepartmentRecord(id: DepartmentID(stored: row[Columns.id]), name: row[Columns.name], units: row[Columns.units],
                                  createdAt: row[Columns.created_at], createdBy: row[Columns.created_by])
    }
}

struct PlacementRow: LedgerRow, FetchableRecord {
    /// In the placement kind's payload order (`Journal.kinds`).
    enum Columns: Int, Projection {
        case id, department, effective_from, staircase, step, base_step, at_risk, exempt, reserved, criteria, recorded_at, recorded_by
    }
    let record: PlacementRecord

    /// By the declared positions (every query selects `selection()` first): an audit reads
    /// every department's placements.
    init(row: Row) {
        let placement = Placement(
            staircase: Staircase(rawValue: row[Columns.staircase] as String)!, step: row[Columns.step], baseStep: row[Columns.base_step] as Int?,
            atRisk: row[Columns.at_risk], exempt: row[Columns.exempt], reserved: row[Columns.reserved],
            criteria: Criterion.stored(row[Columns.criteria]))
        record = PlacementRecord(id: row[Columns.id], department: DepartmentID(stored: row[Columns.department]),
                                 effectiveFrom: Store.date(row[Columns.effective_from]), placement: placement,
                                 recordedAt: row[Columns.recorded_at], recordedBy: row[Columns.recorded_by])
    }
}

struct PlacementBasisRow: LedgerRow, FetchableRecord {
    enum Columns: Int, Projection {
        case placement_id, residents, area_list, area_residents, outside_work_share, conviction_ratio,
             primary_school_only_share, income_ratio, referred_share, at_risk, exempt, need, reasons, non_western_share
    }
    let indicators: (DepartmentID) -> Indicators
    let need: Need?
    let reasons: [String]

    init(row: Row) {
        let residents: Int = row[Columns.residents.name], areaList = AreaList(rawValue: row[Columns.area_list.name])!
        let areaResidents: Int = row[Columns.area_residents.name], outsideWork: Double = row[Columns.outside_work_share.name]
        let convictions: Double = row[Columns.conviction_ratio.name], primary: Double = row[Columns.primary_school_only_share.name]
        let income: Double = row[Columns.income_ratio.name], referred: Double = row[Columns.referred_share.name]
        let atRisk: Bool = row[Columns.at_risk.name], exempt: Bool = row[Columns.exempt.name]
        let nonWestern: Double? = row[Columns.non_western_share.name]
        indicators = { department in
            Indicators(department: department, residents: residents, areaList: areaList, areaResidents: areaResidents,
                       outsideWorkShare: outsideWork, convictionRatio: convictions, primarySchoolOnlyShare: primary,
                       incomeRatio: income, referredShare: referred, atRisk: atRisk, exempt: exempt, nonWesternShare: nonWestern)
        }
        need = (row[Columns.need.name] as String?).flatMap(Need.init(rawValue:))
        reasons = (row[Columns.reasons.name] as String).components(separatedBy: "\n")
    }
}

struct CountersRow: LedgerRow, FetchableRecord {
    enum Columns: Int, Projection {
        case department, period_id, vacancies, offered, pending, referred, rehoused, returned,
             withheld_cap, withheld_fourth, withheld_exempt, forced_voids, forced_answers
    }
    let key: CounterKey
    let counters: Counters

    /// By the declared positions (every query selects `selection()` first): an audit reads
    /// every department's counters.
    init(row: Row) {
        key = CounterKey(department: DepartmentID(stored: row[Columns.department]), periodID: row[Columns.period_id])
        var c = Counters()
        c.vacancies = row[Columns.vacancies]
        c.offered = row[Columns.offered]
        c.pending = row[Columns.pending]
        c.referred = row[Columns.referred]
        c.rehoused = row[Columns.rehoused]
        c.returned = row[Columns.returned]
        c.withheldCap = row[Columns.withheld_cap]
        c.withheldFourth = row[Columns.withheld_fourth]
        c.withheldExempt = row[Columns.withheld_exempt]
        c.forcedVoids = row[Columns.forced_voids]
        c.forcedAnswers = row[Columns.forced_answers]
        counters = c
    }
}

/// A settlement's columns, in its kind's payload order (`Journal.kinds`).
struct SettlementRow: LedgerRow {
    enum Columns: Int, Projection { case id, vacancy_id, outcome, settled_on, recorded_at, recorded_by }
}

/// A correction's columns, in its kind's payload order (`Journal.kinds`).
struct CorrectionRow: LedgerRow {
    enum Columns: Int, Projection {
        case id, vacancy_id, settlement_id, reason, forced, recorded_at, recorded_by
    }
}

/// An entry of the hash chain (`Journal` reads and writes it).
struct JournalRow: LedgerRow {
    enum Columns: Int, Projection { case seq, kind, entity, payload, prev_hash, hash }
}

/// A vacancy with its active settlement and its void, if any: the vacancy's columns as
/// they are, the settlement's and the correction's prefixed `settlement_` and `correction_`.
struct VacancyRow: LedgerRow {
    /// The vacancy table, in its kind's payload order (`Journal.kinds` takes it from here):
    /// the one description its INSERT (`Store.insertVacancy`), its journal payload, its
    /// SELECT list and `record(_:)` derive from.
    enum Columns: Int, Projection {
        case id, department, period_id, number, vacancy_date, unit, ref, reserved_unit, rehousing, pattern_route, route,
             fallback_route, offered, withheld, criteria, rules, placement_id, policy_version_id, at_vacancies, at_offered,
             at_pending, at_realised, at_returned, at_withheld, recorded_at, recorded_by
    }
    /// The columns the record is decoded from (more may follow them).
    static let selectList = """
        SELECT \(selection("v")), \(SettlementRow.selection("s", prefixed: "settlement")),
               \(CorrectionRow.selection("c", prefixed: "correction"))
        """
    /// The vacancy `v` with its active settlement `s` and its void `c`.
    static let from = from(.planner)
    static let select = selectList + "\n" + from

    /// How `vacancy` is read: as SQLite plans it, by a named index, or by a full scan.
    enum Access {
        case planner, index(String), scan
        var clause: String {
            switch self {
            case .planner: ""
            case .index(let name): " INDEXED BY " + name
            case .scan: " NOT INDEXED"
            }
        }
    }

    /// `from`, reading `vacancy` as `access` says.
    static func from(_ access: Access) -> String {
        """
        FROM vacancy v\(access.clause)
        LEFT JOIN settlement s ON s.vacancy_id = v.id
             AND NOT EXISTS (SELECT 1 FROM correction sc WHERE sc.settlement_id = s.id)
        LEFT JOIN correction c ON c.vacancy_id = v.id
        """
    }

    /// Every row `statement` returns, decoded as it is read (see `record(_:)`).
    static func forEach(_ statement: Statement, arguments: StatementArguments = [],
                        _ body: (VacancyRecord) throws -> Void) throws {
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try cursor.next() { try body(try record(row)) }
    }

    static func fetchAll(_ statement: Statement, arguments: StatementArguments = []) throws -> [VacancyRecord] {
        var records: [VacancyRecord] = []
        try forEach(statement, arguments: arguments) { records.append($0) }
        return records
    }

    static func fetchOne(_ statement: Statement, arguments: StatementArguments = []) throws -> VacancyRecord? {
        // A copied row: a cursor's row reads through the statement, which ends with the cursor.
        try Row.fetchOne(statement, arguments: arguments).map(record)
    }

    /// The row's record, decoded by `selectList`'s projection: the vacancy's `Columns`, then
    /// the settlement's and the correction's after them. `vacancies` and `verify` decode every
    /// vacancy of the history.
    static func record(_ row: Row) throws -> VacancyRecord {
        typealias V = Columns
        typealias S = SettlementRow.Columns
        typealias C = CorrectionRow.Columns
        let s = V.width, c = V.width + S.width
        let id: Int64 = try row.decode(V.id)
        let atDecision = CounterSnapshot(
            vacancies: try row.decode(V.at_vacancies), offered: try row.decode(V.at_offered), pending: try row.decode(V.at_pending),
            realised: try row.decode(V.at_realised), returned: try row.decode(V.at_returned), withheld: try row.decode(V.at_withheld))
        let settlementID: Int64? = try row.decode(S.id, from: s)
        let settled: SettlementRecord? = try settlementID.map { settlementID in
            SettlementRecord(id: settlementID, vacancyID: id, outcome: try row.decode(S.outcome, from: s),
                             date: try row.decode(S.settled_on, from: s), recordedAt: try row.decode(S.recorded_at, from: s),
                             recordedBy: try row.decode(S.recorded_by, from: s))
        }
        let correctionID: Int64? = try row.decode(C.id, from: c)
        let voided: CorrectionRecord? = try correctionID.map { correctionID in
            CorrectionRecord(id: correctionID, vacancyID: id, settlementID: nil, reason: try row.decode(C.reason, from: c),
                             forced: try row.decode(C.forced, from: c), recordedAt: try row.decode(C.recorded_at, from: c),
                             recordedBy: try row.decode(C.recorded_by, from: c))
        }
        return VacancyRecord(
            id: id, department: DepartmentID(stored: try row.decode(V.department)), periodID: try row.decode(V.period_id),
            number: try row.decode(V.number), date: try row.decode(V.vacancy_date), unit: try row.decode(V.unit),
            ref: try row.decode(V.ref), reservedUnit: try row.decode(V.reserved_unit), rehousing: try row.decode(V.rehousing),
            patternRoute: try row.decode(V.pattern_route), decidedRoute: try row.decode(V.route),
            fallbackRoute: try row.decode(V.fallback_route), offered: try row.decode(V.offered), withheld: try row.decode(V.withheld),
            criteria: (try row.decode(V.criteria) as StoredList<Criterion>).words,
            rules: (try row.decode(V.rules) as StoredList<RuleID>).words,
            placementID: try row.decode(V.placement_id), policyVersionID: try row.decode(V.policy_version_id),
            countersAtDecision: atDecision, recordedAt: try row.decode(V.recorded_at), recordedBy: try row.decode(V.recorded_by),
            settlement: settled, voided: voided)
    }
}

extension RuleID {
    /// The rule ids of a `rules` column (space-separated).
    static func stored(_ text: String) -> [RuleID] {
        // Split as bytes, not Characters: this runs once per vacancy read.
        text.utf8.split(separator: UInt8(ascii: " ")).compactMap { RuleID(rawValue: String(Substring($0))) }
    }
}

extension Criterion {
    /// The criteria of a `criteria` column, as `storageText` wrote them (sorted, comma-
    /// separated, no spaces): split as bytes; anything else goes through `parseList`.
    static func stored(_ text: String) -> [Criterion] {
        if text.isEmpty { return [] }
        var result: [Criterion] = []
        for part in text.utf8.split(separator: UInt8(ascii: ",")) {
            guard let criterion = Criterion(rawValue: String(Substring(part))) else { return parseList(text) ?? [] }
            result.append(criterion)
        }
        return result
    }
}
