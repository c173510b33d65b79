import Foundation
import GRDB

/// One record type per ledger table, each with a `Columns` projection (`Projection`): the
/// table's columns in the order its queries select them, from which the SELECT list and
/// every read come. Rows read a few at a time are decoded by column name through GRDB;
/// those an audit or `verify` reads by the thousand, by the declared positions (GRDB's
/// fast path, or `CurrentRow`). (Columns are written snake_case as in `Migrations/`.)
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
        let row = CurrentRow(statement)
        while try cursor.next() != nil { try body(try record(row)) }
    }

    static func fetchAll(_ statement: Statement, arguments: StatementArguments = []) throws -> [VacancyRecord] {
        var records: [VacancyRecord] = []
        try forEach(statement, arguments: arguments) { records.append($0) }
        return records
    }

    static func fetchOne(_ statement: Statement, arguments: StatementArguments = []) throws -> VacancyRecord? {
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        return try cursor.next() == nil ? nil : try record(CurrentRow(statement))
    }

    /// The current row's record, read from SQLite's columns by `selectList`'s projection:
    /// the vacancy's `Columns`, then the settlement's and the correction's after them.
    /// `vacancies` and `verify` decode every vacancy of the history.
    static func record(_ row: CurrentRow) throws -> VacancyRecord {
        typealias V = Columns
        typealias S = SettlementRow.Columns
        typealias C = CorrectionRow.Columns
        let s = row.shifted(by: V.width), c = row.shifted(by: V.width + S.width)
        let id = row.int64(V.id)
        let atDecision = CounterSnapshot(
            vacancies: row.int(V.at_vacancies), offered: row.int(V.at_offered), pending: row.int(V.at_pending),
            realised: row.int(V.at_realised), returned: row.int(V.at_returned), withheld: row.int(V.at_withheld))
        let settled: SettlementRecord? = s.isNull(S.id) ? nil : SettlementRecord(
            id: s.int64(S.id), vacancyID: id, outcome: try CurrentRow.known(s.word(S.outcome), "outcome"),
            date: try CurrentRow.known(s.date(S.settled_on), "settlement date"), recordedAt: s.text(S.recorded_at),
            recordedBy: s.text(S.recorded_by))
        let voided: CorrectionRecord? = c.isNull(C.id) ? nil : CorrectionRecord(
            id: c.int64(C.id), vacancyID: id, settlementID: nil, reason: c.text(C.reason),
            forced: c.bool(C.forced), recordedAt: c.text(C.recorded_at), recordedBy: c.text(C.recorded_by))
        return VacancyRecord(
            id: id, department: DepartmentID(stored: row.text(V.department)), periodID: row.int64(V.period_id),
            number: row.int(V.number), date: try CurrentRow.known(row.date(V.vacancy_date), "date"), unit: row.text(V.unit),
            ref: row.optionalText(V.ref), reservedUnit: row.bool(V.reserved_unit), rehousing: row.bool(V.rehousing),
            patternRoute: try CurrentRow.known(row.word(V.pattern_route), "pattern route"),
            decidedRoute: try CurrentRow.known(row.word(V.route), "route"),
            fallbackRoute: try CurrentRow.known(row.word(V.fallback_route), "fallback route"), offered: row.bool(V.offered),
            withheld: row.isNull(V.withheld) ? nil : try CurrentRow.known(row.word(V.withheld), "withheld reason"),
            // Lists in another form read as `stored` reads them.
            criteria: row.words(V.criteria, separator: UInt8(ascii: ",")) ?? Criterion.stored(row.text(V.criteria)),
            rules: row.words(V.rules, separator: UInt8(ascii: " ")) ?? RuleID.stored(row.text(V.rules)),
            placementID: row.int64(V.placement_id), policyVersionID: row.int64(V.policy_version_id), countersAtDecision: atDecision,
            recordedAt: row.text(V.recorded_at), recordedBy: row.text(V.recorded_by), settlement: settled, voided: voided)
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
