import Foundation
import GRDB

/// One GRDB record type per ledger table, each with a `Columns` enum: rows are decoded by
/// column name, never by position, so a query can list its columns in any order and a
/// later `ADD COLUMN` changes nothing here. Each turns into the library's plain record.
/// (Columns are written snake_case as in `Migrations/`.)
protocol LedgerRow: TableRecord {
    associatedtype RowColumns: ColumnExpression & CaseIterable & RawRepresentable where RowColumns.RawValue == String
}

extension LedgerRow where RowColumns: Equatable {
    /// The position of `column` in `selection()`: for rows read by the million (`verify`).
    static func position(_ column: RowColumns) -> Int {
        RowColumns.allCases.distance(from: RowColumns.allCases.startIndex, to: RowColumns.allCases.firstIndex(of: column)!)
    }
}

extension LedgerRow {
    /// `alias.column, …` (or `column, …`) for a SELECT list.
    static func selection(_ alias: String? = nil) -> String {
        RowColumns.allCases.map { column in alias.map { "\($0).\(column.rawValue)" } ?? column.rawValue }.joined(separator: ", ")
    }

    /// `alias.column AS prefix_column, …`: for a join, where another table has columns of the same names.
    static func selection(_ alias: String, prefixed prefix: String) -> String {
        RowColumns.allCases.map { "\(alias).\($0.rawValue) AS \(prefix)_\($0.rawValue)" }.joined(separator: ", ")
    }
}

struct PeriodRow: LedgerRow, FetchableRecord {
    static let databaseTableName = "period"
    typealias RowColumns = Columns
    enum Columns: String, ColumnExpression, CaseIterable { case id, starts, ends }
    let record: PeriodRecord

    init(row: Row) {
        record = PeriodRecord(id: row[Columns.id], range: DateRange(start: Store.date(row[Columns.starts]),
                                                                    end: Store.date(row[Columns.ends])))
    }
}

struct PolicyVersionRow: LedgerRow, FetchableRecord {
    static let databaseTableName = "policy_version"
    typealias RowColumns = Columns
    /// Without `content_json` and `source_text` (kilobytes each): those are read once per
    /// content hash and kept parsed (`PolicyCache`), not on every decision.
    enum Columns: String, ColumnExpression, CaseIterable {
        case id, period_id, version, name, content_hash, loaded_at
    }
    let id: Int64, periodID: Int64, version: Int, name: String, contentHash: String, loadedAt: String

    init(row: Row) {
        id = row[Columns.id]
        periodID = row[Columns.period_id]
        version = row[Columns.version]
        name = row[Columns.name]
        contentHash = row[Columns.content_hash]
        loadedAt = row[Columns.loaded_at]
    }

    func record(policy: Policy, sourceText: String) -> PolicyRecord {
        PolicyRecord(id: id, periodID: periodID, version: version, name: name, policy: policy, sourceText: sourceText,
                     loadedAt: loadedAt)
    }
}

struct DepartmentRow: LedgerRow, FetchableRecord {
    static let databaseTableName = "department"
    typealias RowColumns = Columns
    enum Columns: String, ColumnExpression, CaseIterable { case id, name, units, created_at, created_by }
    let record: DepartmentRecord

    /// Positional, in `Columns` order (every query selects `selection()`), as `CountersRow`.
    init(row: Row) {
        record = DepartmentRecord(id: DepartmentID(stored: row[0]), name: row[1], units: row[2],
                                  createdAt: row[3], createdBy: row[4])
    }
}

struct PlacementRow: LedgerRow, FetchableRecord {
    static let databaseTableName = "placement"
    typealias RowColumns = Columns
    enum Columns: String, ColumnExpression, CaseIterable {
        case id, department, effective_from, staircase, step, base_step, at_risk, exempt, reserved, criteria, recorded_at, recorded_by
    }
    let record: PlacementRecord

    /// Positional, in `Columns` order (every query selects `selection()`): an audit reads
    /// every department's placements, and lookup by name showed in its profile.
    init(row: Row) {
        let placement = Placement(
            staircase: Staircase(rawValue: row[3])!, step: row[4], baseStep: row[5],
            atRisk: row[6], exempt: row[7], reserved: row[8], criteria: Criterion.stored(row[9]))
        record = PlacementRecord(id: row[0], department: DepartmentID(stored: row[1]), effectiveFrom: Store.date(row[2]),
                                 placement: placement, recordedAt: row[10], recordedBy: row[11])
    }
}

struct PlacementBasisRow: LedgerRow, FetchableRecord {
    static let databaseTableName = "placement_basis"
    typealias RowColumns = Columns
    enum Columns: String, ColumnExpression, CaseIterable {
        case placement_id, residents, area_list, area_residents, outside_work_share, conviction_ratio,
             primary_school_only_share, income_ratio, referred_share, at_risk, exempt, need, reasons, non_western_share
    }
    let indicators: (DepartmentID) -> Indicators
    let need: Need?
    let reasons: [String]

    init(row: Row) {
        let residents: Int = row[Columns.residents], areaList = AreaList(rawValue: row[Columns.area_list])!
        let areaResidents: Int = row[Columns.area_residents], outsideWork: Double = row[Columns.outside_work_share]
        let convictions: Double = row[Columns.conviction_ratio], primary: Double = row[Columns.primary_school_only_share]
        let income: Double = row[Columns.income_ratio], referred: Double = row[Columns.referred_share]
        let atRisk: Bool = row[Columns.at_risk], exempt: Bool = row[Columns.exempt]
        let nonWestern: Double? = row[Columns.non_western_share]
        indicators = { department in
            Indicators(department: department, residents: residents, areaList: areaList, areaResidents: areaResidents,
                       outsideWorkShare: outsideWork, convictionRatio: convictions, primarySchoolOnlyShare: primary,
                       incomeRatio: income, referredShare: referred, atRisk: atRisk, exempt: exempt, nonWesternShare: nonWestern)
        }
        need = (row[Columns.need] as String?).flatMap(Need.init(rawValue:))
        reasons = (row[Columns.reasons] as String).components(separatedBy: "\n")
    }
}

struct CountersRow: LedgerRow, FetchableRecord {
    static let databaseTableName = "counters"
    typealias RowColumns = Columns
    enum Columns: String, ColumnExpression, CaseIterable {
        case department, period_id, vacancies, offered, pending, referred, rehoused, returned,
             withheld_cap, withheld_fourth, withheld_exempt, forced_voids, forced_answers
    }
    let key: CounterKey
    let counters: Counters

    /// Positional, in `Columns` order (every query selects `selection()`): an audit reads
    /// every department's counters, and lookup by name was a tenth of its instructions.
    init(row: Row) {
        key = CounterKey(department: DepartmentID(stored: row[0]), periodID: row[1])
        var c = Counters()
        c.vacancies = row[2]
        c.offered = row[3]
        c.pending = row[4]
        c.referred = row[5]
        c.rehoused = row[6]
        c.returned = row[7]
        c.withheldCap = row[8]
        c.withheldFourth = row[9]
        c.withheldExempt = row[10]
        c.forcedVoids = row[11]
        c.forcedAnswers = row[12]
        counters = c
    }
}

struct SettlementRow: LedgerRow {
    static let databaseTableName = "settlement"
    typealias RowColumns = Columns
    enum Columns: String, ColumnExpression, CaseIterable { case id, vacancy_id, outcome, settled_on, recorded_at, recorded_by }
}

struct CorrectionRow: LedgerRow {
    static let databaseTableName = "correction"
    typealias RowColumns = Columns
    enum Columns: String, ColumnExpression, CaseIterable {
        case id, vacancy_id, settlement_id, reason, forced, recorded_at, recorded_by
    }
}

/// An entry of the hash chain (`Journal` reads and writes it).
struct JournalRow: LedgerRow {
    static let databaseTableName = "journal"
    typealias RowColumns = Columns
    enum Columns: String, ColumnExpression, CaseIterable { case seq, kind, entity, payload, prev_hash, hash }
}

/// A vacancy with its active settlement and its void, if any: the vacancy's columns as
/// they are, the settlement's and the correction's prefixed `settlement_` and `correction_`.
struct VacancyRow: LedgerRow {
    static let databaseTableName = "vacancy"
    typealias RowColumns = Columns
    enum Columns: String, ColumnExpression, CaseIterable {
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

    /// The current row's record. Positional: `selectList`'s columns are the vacancy's in
    /// `Columns` order, then the settlement's and the correction's in theirs
    /// (`decodedPositions`, checked against the names by `columnOrderIsTheDecodersOrder`).
    /// Read straight from SQLite's columns: through GRDB's `Row` each value went through a
    /// `DatabaseValue` and each word through a `String` and a string switch (`vacancies` and
    /// `verify` decode every vacancy of the history).
    static func record(_ row: CurrentRow) throws -> VacancyRecord {
        let s = Int32(Columns.allCases.count), c = s + Int32(SettlementRow.Columns.allCases.count)
        let id = row.int64(0)
        let atDecision = CounterSnapshot(
            vacancies: Int(row.int64(18)), offered: Int(row.int64(19)), pending: Int(row.int64(20)),
            realised: Int(row.int64(21)), returned: Int(row.int64(22)), withheld: Int(row.int64(23)))
        let settled: SettlementRecord? = row.isNull(s) ? nil : SettlementRecord(
            id: row.int64(s), vacancyID: id, outcome: try CurrentRow.known(row.word(s + 2), "outcome"),
            date: try CurrentRow.known(row.date(s + 3), "settlement date"), recordedAt: row.text(s + 4), recordedBy: row.text(s + 5))
        let voided: CorrectionRecord? = row.isNull(c) ? nil : CorrectionRecord(
            id: row.int64(c), vacancyID: id, settlementID: nil, reason: row.text(c + 3),
            forced: row.bool(c + 4), recordedAt: row.text(c + 5), recordedBy: row.text(c + 6))
        return VacancyRecord(
            id: id, department: DepartmentID(stored: row.text(1)), periodID: row.int64(2),
            number: Int(row.int64(3)), date: try CurrentRow.known(row.date(4), "date"), unit: row.text(5),
            ref: row.optionalText(6), reservedUnit: row.bool(7), rehousing: row.bool(8),
            patternRoute: try CurrentRow.known(row.word(9), "pattern route"), decidedRoute: try CurrentRow.known(row.word(10), "route"),
            fallbackRoute: try CurrentRow.known(row.word(11), "fallback route"), offered: row.bool(12),
            withheld: row.isNull(13) ? nil : row.word(13),
            // Lists in another form read as `stored` reads them.
            criteria: row.words(14, separator: UInt8(ascii: ",")) ?? Criterion.stored(row.text(14)),
            rules: row.words(15, separator: UInt8(ascii: " ")) ?? RuleID.stored(row.text(15)),
            placementID: row.int64(16), policyVersionID: row.int64(17), countersAtDecision: atDecision,
            recordedAt: row.text(24), recordedBy: row.text(25), settlement: settled, voided: voided)
    }

    /// The columns of `selectList`; a query's own columns follow from this position.
    static let columnCount = Columns.allCases.count + SettlementRow.Columns.allCases.count + CorrectionRow.Columns.allCases.count

    /// The positions `record(_:)` decodes, against the names (`columnOrderIsTheDecodersOrder`).
    static let decodedPositions: [(Int, String)] = {
        let s = Columns.allCases.count, c = s + SettlementRow.Columns.allCases.count
        let own: [(Int, Columns)] = [(0, .id), (1, .department), (2, .period_id), (3, .number), (4, .vacancy_date), (5, .unit),
            (6, .ref), (7, .reserved_unit), (8, .rehousing), (9, .pattern_route), (10, .route), (11, .fallback_route), (12, .offered),
            (13, .withheld), (14, .criteria), (15, .rules), (16, .placement_id), (17, .policy_version_id), (18, .at_vacancies),
            (19, .at_offered), (20, .at_pending), (21, .at_realised), (22, .at_returned), (23, .at_withheld), (24, .recorded_at),
            (25, .recorded_by)]
        let settlement: [(Int, SettlementRow.Columns)] = [(s, .id), (s + 2, .outcome), (s + 3, .settled_on), (s + 4, .recorded_at), (s + 5, .recorded_by)]
        let correction: [(Int, CorrectionRow.Columns)] = [(c, .id), (c + 3, .reason), (c + 4, .forced), (c + 5, .recorded_at), (c + 6, .recorded_by)]
        return own.map { ($0.0, $0.1.rawValue) } + settlement.map { ($0.0, "settlement_" + $0.1.rawValue) }
            + correction.map { ($0.0, "correction_" + $0.1.rawValue) }
    }()
}

extension RuleID {
    /// The rule ids of a `rules` column (space-separated).
    static func stored(_ text: String) -> [RuleID] {
        // Split as bytes: this runs once per vacancy read (Character splitting showed in verify's profile).
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
