import Crypto
import Foundation
import GRDB

/// `import`: a housing association's file of vacancies, with the municipality's answers.
public struct ImportRequest: Sendable {
    public var text: String
    public var dryRun: Bool
    /// The clerk for rows without a `by` column value.
    public var by: String
    /// Events per IMMEDIATE transaction: a crash loses at most the batch in flight, and
    /// other clerks can log between batches.
    public var batchSize: Int

    public init(text: String, dryRun: Bool = false, by: String, batchSize: Int = 1000) {
        self.text = text
        self.dryRun = dryRun
        self.by = by
        self.batchSize = max(1, batchSize)
    }
}

/// A line of an import that the auditor should see: practice against the agreement, a
/// refusal, or a conflict with what the ledger holds.
public struct ImportListing: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// `recorded_route` differs from the route the rules decided.
        case disagreement
        /// S1 refused the recorded realised outcome; the offer stays pending.
        case refused
        /// An outcome for a vacancy the rules did not offer to the municipality.
        case notOffered = "not-offered"
        /// The ref is in the ledger with other vacancy data, or another outcome.
        case conflict
        /// A bad line of a rejected file (nothing of the file was written).
        case rejected
    }

    public var line: Int
    public var ref: String
    public var kind: Kind
    /// What the file said (a route, an outcome, vacancy data).
    public var fileSaid: String
    /// What the ledger's rules said.
    public var rulesSaid: String
    public var rules: [RuleID]

    public init(line: Int, ref: String, kind: Kind, fileSaid: String, rulesSaid: String, rules: [RuleID]) {
        self.line = line
        self.ref = ref
        self.kind = kind
        self.fileSaid = fileSaid
        self.rulesSaid = rulesSaid
        self.rules = rules
    }
}

/// What an import did (or, in a dry run, would do).
public struct ImportSummary: Sendable {
    public var rows = 0
    public var added = 0
    public var alreadyPresent = 0
    public var settled = 0
    public var disagreements = 0
    public var refused = 0
    public var listed: [ImportListing] = []
    /// SHA-256 of the file, recorded with each vacancy it added.
    public var fileSHA256 = ""
    public var dryRun = false

    public init() {}
}

extension Ledger {
    /// Applies the file's events in date order through exactly the decisions of `log` and
    /// `settle` (same numbering, rules and hash chain), in batches. Idempotent: a ref already
    /// in the ledger with the same data is "already present", and only an outcome the
    /// ledger lacks is applied. Bad data rejects the whole file before anything is written.
    /// Ties are broken by the event's date, then loggings before settlements, then the line.
    public func importVacancies(_ request: ImportRequest,
                                progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> ImportSummary {
        let by = try Ledger.requireText(request.by, .clerk)
        var (rows, errors) = try ImportFile.parse(request.text)
        var summary = ImportSummary()
        summary.rows = rows.count
        summary.dryRun = request.dryRun
        summary.fileSHA256 = Journal.hex(SHA256.hash(data: Data(request.text.utf8)))
        // Against the ledger: every department known, every date in an agreement period.
        try read { db in
            let periods = try Store.periods(db)
            var known: [DepartmentID: Bool] = [:]
            for row in rows {
                if known[row.department] == nil { known[row.department] = try Store.department(db, row.department) != nil }
                if known[row.department] == false { errors.append(.atLine(row.line, .unknownDepartment(row.department))); continue }
                do { _ = try RuleEngine.agreementPeriod(for: row.date, loaded: periods) } catch let error as LedgerError {
                    errors.append(.atLine(row.line, error))
                }
            }
        }
        if !errors.isEmpty {
            throw LedgerError.importRejected(errors.sorted { ImportFile.line(of: $0) < ImportFile.line(of: $1) })
        }
        rows.sort { $0.line < $1.line }
        // The events in date order.
        var events: [(date: CivilDate, kind: Int, row: Int)] = []
        for (index, row) in rows.enumerated() {
            events.append((row.date, 0, index))
            if let settledOn = row.settledOn { events.append((settledOn, 1, index)) }
        }
        events.sort { ($0.date, $0.kind, rows[$0.row].line) < ($1.date, $1.kind, rows[$1.row].line) }
        var vacancyOf: [Int: Int64] = [:]   // row index → vacancy id
        var conflicted: Set<Int> = []

        func apply(_ db: Database, _ event: (date: CivilDate, kind: Int, row: Int)) throws {
            let row = rows[event.row]
            if event.kind == 0 {
                if let earlier = try Store.vacancy(db, row.department, ref: row.ref) {
                    if earlier.unit == row.unit && earlier.date == row.date && earlier.reservedUnit == row.reservedUnit {
                        summary.alreadyPresent += 1
                        vacancyOf[event.row] = earlier.id
                    } else {
                        conflicted.insert(event.row)
                        summary.listed.append(ImportListing(
                            line: row.line, ref: row.ref, kind: .conflict,
                            fileSaid: "unit \(row.unit), \(row.date)\(row.reservedUnit ? ", reserved unit" : "")",
                            rulesSaid: "vacancy \(earlier.id): unit \(earlier.unit), \(earlier.date)\(earlier.reservedUnit ? ", reserved unit" : "")",
                            rules: earlier.rules))
                    }
                    return
                }
                let report = try logEntry(db, LogEntry(department: row.department, date: row.date, unit: row.unit, ref: row.ref,
                                                       reservedUnit: row.reservedUnit, dryRun: false, by: row.by ?? by))
                let id = report.vacancy!
                try Store.insertImportLine(db, vacancyID: id, fileSHA256: summary.fileSHA256, line: row.line)
                summary.added += 1
                vacancyOf[event.row] = id
                return
            }
            guard let outcome = row.outcome, let settledOn = row.settledOn, let id = vacancyOf[event.row],
                  !conflicted.contains(event.row), let vacancy = try Store.vacancy(db, id: id) else { return }
            if let settlement = vacancy.settlement {
                if settlement.outcome != outcome {
                    summary.listed.append(ImportListing(line: row.line, ref: row.ref, kind: .conflict,
                                                        fileSaid: "\(outcome.rawValue) on \(settledOn)",
                                                        rulesSaid: "\(settlement.outcome.rawValue) on \(settlement.date)",
                                                        rules: vacancy.rules))
                }
                return
            }
            guard vacancy.voided == nil, vacancy.offered else {
                summary.listed.append(ImportListing(line: row.line, ref: row.ref, kind: .notOffered,
                                                    fileSaid: "\(outcome.rawValue) on \(settledOn)",
                                                    rulesSaid: vacancy.voided != nil ? "void" : "not offered: route \(vacancy.decidedRoute.rawValue)"
                                                        + (vacancy.withheld.map { ", withheld (\($0.rawValue))" } ?? ""),
                                                    rules: vacancy.rules))
                return
            }
            do {
                _ = try settleEntry(db, vacancy: id, outcome: outcome, date: settledOn, by: row.by ?? by)
                summary.settled += 1
            } catch let error as LedgerError where error.rule == .S1 {
                summary.refused += 1
                summary.listed.append(ImportListing(line: row.line, ref: row.ref, kind: .refused,
                                                    fileSaid: "\(outcome.rawValue) on \(settledOn)",
                                                    rulesSaid: "refused: one in three would break; the offer stays pending",
                                                    rules: [.S1]))
            }
        }

        /// Where the association's own route differs from the rules' (the route as it stands).
        func disagreements(_ db: Database) throws {
            for (index, row) in rows.enumerated() {
                guard let recorded = row.recordedRoute, let id = vacancyOf[index], let vacancy = try Store.vacancy(db, id: id)
                else { continue }
                if vacancy.currentRoute != recorded {
                    summary.disagreements += 1
                    summary.listed.append(ImportListing(line: row.line, ref: row.ref, kind: .disagreement,
                                                        fileSaid: recorded.rawValue, rulesSaid: vacancy.currentRoute.rawValue,
                                                        rules: vacancy.rules))
                }
            }
        }

        try Ledger.mapErrors {
            if request.dryRun {
                // Everything in one transaction, rolled back: the same decisions, nothing written.
                try database.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        for (done, event) in events.enumerated() {
                            try apply(db, event)
                            if done % request.batchSize == 0 { progress(done, events.count) }
                        }
                        try disagreements(db)
                        return .rollback
                    }
                }
            } else {
                var start = 0
                while start < events.count {
                    let batch = events[start..<min(start + request.batchSize, events.count)]
                    try database.write { db in for event in batch { try apply(db, event) } }
                    start += batch.count
                    progress(start, events.count)
                }
                try database.read { db in try disagreements(db) }
            }
        }
        progress(events.count, events.count)
        summary.listed.sort { ($0.line, $0.kind.rawValue) < ($1.line, $1.kind.rawValue) }
        return summary
    }
}

/// The import file: RFC 4180 UTF-8 (a BOM and Excel's semicolons accepted), columns named by
/// the header in any order. Every bad line and column is collected before any is reported.
enum ImportFile {
    static let required = ["ref", "department", "unit", "date"]
    static let optional = ["reserved_unit", "outcome", "settled_on", "recorded_route", "by"]

    struct Row {
        var line: Int
        var ref: String
        var department: DepartmentID
        var unit: String
        var date: CivilDate
        var reservedUnit: Bool
        var outcome: Outcome?
        var settledOn: CivilDate?
        var recordedRoute: Route?
        var by: String?
    }

    /// The file's line an error concerns (1 for the header).
    static func line(of error: LedgerError) -> Int {
        switch error {
        case let .atLine(line, _): line
        case let .badFile(_, _, line?, _, _): line
        default: 1
        }
    }

    /// The good rows, and an error for every bad line and column (all of them, not the first).
    static func parse(_ text: String) throws -> (rows: [Row], errors: [LedgerError]) {
        let rows = try CSVTable.rows(text, anyOrder: required, optional: optional, field: .importFile)
        var result: [Row] = []
        var errors: [LedgerError] = []
        var seen: [DepartmentID: [String: Int]] = [:]
        for row in rows {
            let before = errors.count
            func text(_ column: String, _ field: TextRules.Field) -> String? {
                do { return try TextRules.require(row.cell(column), field) } catch let LedgerError.invalid(_, _, accepted) {
                    errors.append(.atLine(row.line, .invalidCell(column: column, value: row.cell(column), accepted: accepted)))
                } catch {}
                return nil
            }
            func date(_ column: String) -> CivilDate? {
                do { return try Ledger.parseDate(row.cell(column), .date) } catch let LedgerError.invalid(_, _, accepted) {
                    errors.append(.atLine(row.line, .invalidCell(column: column, value: row.cell(column), accepted: accepted)))
                } catch {}
                return nil
            }
            let ref = text("ref", .ref)
            let department = DepartmentID(row.cell("department"))
            if department == nil { errors.append(row.bad("department", .departmentID)) }
            let unit = text("unit", .unit)
            let vacancyDate = date("date")
            var reservedUnit = false
            do { reservedUnit = try row.bool("reserved_unit") } catch let error as LedgerError { errors.append(error) }
            let outcomeText = row.cell("outcome"), settledText = row.cell("settled_on")
            var outcome: Outcome?
            if !outcomeText.isEmpty {
                outcome = Outcome(rawValue: outcomeText)
                if outcome == nil { errors.append(row.bad("outcome", .oneOf(Outcome.allCases.map(\.rawValue)))) }
            }
            let settledOn = settledText.isEmpty ? nil : date("settled_on")
            if outcomeText.isEmpty != settledText.isEmpty {
                errors.append(row.bad(outcomeText.isEmpty ? "outcome" : "settled_on", .together("outcome", "settled_on")))
            }
            if let settledOn, let vacancyDate, settledOn < vacancyDate {
                errors.append(.atLine(row.line, .invalidCell(column: "settled_on", value: row.cell("settled_on"),
                                                             accepted: .dateIn(DateRange(start: vacancyDate, end: CivilDate.acceptedRange.end)))))
            }
            var recordedRoute: Route?
            if !row.cell("recorded_route").isEmpty {
                recordedRoute = Route(rawValue: row.cell("recorded_route"))
                if recordedRoute == nil { errors.append(row.bad("recorded_route", .oneOf(Route.allCases.map(\.rawValue)))) }
            }
            let by = row.cell("by").isEmpty ? nil : text("by", .clerk)
            if let department, let ref {
                if let first = seen[department]?[ref] {
                    errors.append(row.bad("ref", .oneOf(["a ref used once per department in the file (also on line \(first))"])))
                }
                seen[department, default: [:]][ref] = row.line
            }
            guard errors.count == before, let ref, let department, let unit, let vacancyDate else { continue }
            result.append(Row(line: row.line, ref: ref, department: department, unit: unit, date: vacancyDate,
                              reservedUnit: reservedUnit, outcome: outcome, settledOn: settledOn,
                              recordedRoute: recordedRoute, by: by))
        }
        return (result, errors)
    }
}
