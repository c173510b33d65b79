import Crypto
import Foundation
import GRDB

/// `import`: a housing association's file of vacancies, with the municipality's answers.
public struct ImportRequest: Sendable {
    /// Where the CSV comes from: streamed, so memory does not grow with the file.
    public typealias Source = CSVSource

    public var source: Source
    public var dryRun: Bool
    /// The clerk for rows without a `by` column value.
    public var by: String
    /// Events per IMMEDIATE transaction: a crash loses at most the batch in flight, and
    /// other clerks can log between batches.
    public var batchSize: Int

    /// Who imports through the service: every row is checked against what that token may
    /// write before anything is (`AccessRules`); `nil` on the command line, bounded by the
    /// file's permissions instead.
    public var principal: Principal?

    public init(source: Source, dryRun: Bool = false, by: String, batchSize: Int = 1000, principal: Principal? = nil) {
        self.source = source
        self.dryRun = dryRun
        self.by = by
        self.batchSize = max(1, batchSize)
        self.principal = principal
    }

    public init(text: String, dryRun: Bool = false, by: String, batchSize: Int = 1000, principal: Principal? = nil) {
        self.init(source: .text(text), dryRun: dryRun, by: by, batchSize: batchSize, principal: principal)
    }
}

/// How an import takes its turns on the writer: each batch is one turn, and so is the
/// summary at the end. On the command line a turn runs at once; the service runs each on its
/// writer thread, queued with the clerks' writes, so they log between the batches.
public struct ImportTurns {
    /// Runs one turn on the writer and returns when it is done.
    public var write: (_ turn: () throws -> Void) throws -> Void
    /// Whether to stop before the next batch (the service: the client has gone); what is
    /// committed then is whole batches, and a rerun finishes the job.
    public var stop: () -> Bool

    public init(write: @escaping (_ turn: () throws -> Void) throws -> Void, stop: @escaping () -> Bool) {
        self.write = write
        self.stop = stop
    }

    public static var immediate: ImportTurns { ImportTurns(write: { try $0() }, stop: { false }) }
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
        /// An answer (an answers file's row) for a ref the ledger does not hold.
        case unknownRef = "unknown-ref"
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
    /// The listed lines, in line order, unless the caller took them one by one (`ImportOutput`).
    public var listed: [ImportListing] = []
    /// SHA-256 of the file, recorded with each vacancy it added.
    public var fileSHA256 = ""
    public var dryRun = false

    public init() {}
}

/// Where the listed lines of an import go, when the caller takes them one by one (the CLI
/// writes them to its report as they come, so memory does not grow with them).
public struct ImportOutput {
    /// Once, when every count is final, before the first listing.
    public var counted: (ImportSummary) throws -> Void
    /// Each listed line, in line order.
    public var listing: (ImportListing) throws -> Void

    public init(counted: @escaping (ImportSummary) throws -> Void = { _ in },
                listing: @escaping (ImportListing) throws -> Void) {
        self.counted = counted
        self.listing = listing
    }
}

extension Ledger {
    /// Applies the file's events in date order through exactly the decisions of `log` and
    /// `settle` (same numbering, rules and hash chain), in batches. Idempotent: a ref already
    /// in the ledger with the same data is "already present", and only an outcome the
    /// ledger lacks is applied. Bad data rejects the whole file before anything is written,
    /// and so does a row the request's principal may not write. Ties are broken by the
    /// event's date, then loggings before settlements, then the line.
    ///
    /// The file is read once, as a stream, into a staging file (`ImportStaging`) on a
    /// connection of its own, checked against the ledger's departments and periods read
    /// once before; no writer is held meanwhile. Events are then paged from there in order,
    /// one batch per writer turn (`turns`), each its own IMMEDIATE transaction. Memory stays
    /// flat in the length of the file. Listed lines go to `output` if given, else into the
    /// summary.
    public func importVacancies(_ request: ImportRequest, output: ImportOutput? = nil, turns: ImportTurns = .immediate,
                                progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> ImportSummary {
        let by = try Ledger.requireText(request.by, .clerk)
        var summary = ImportSummary()
        summary.dryRun = request.dryRun
        summary.fileSHA256 = try ImportFile.sha256(request.source)
        return try Ledger.mapErrors {
            let staging = try ImportStaging.File(beside: path)
            defer { staging.remove() }
            let (periods, departments) = try read { db in (try Store.periods(db), Set(try Store.departmentIDs(db))) }
            try stage(staging, request, periods: periods, departments: departments, stop: turns.stop, into: &summary)
            let total = try staging.write(ImportStaging.eventCount)
            try staging.close()
            let state = KeptState()
            var position = ImportStaging.Position()
            var done = 0
            if request.dryRun {
                // Everything in one turn and one transaction, rolled back: the same
                // decisions, nothing written.
                try turns.write {
                    try writeTurn(staging) { db in
                        try db.inTransaction(.immediate) {
                            try state.begin(db)
                            while true {
                                let page = try ImportStaging.events(db, after: position, limit: request.batchSize)
                                if page.events.isEmpty { break }
                                for event in page.events { try apply(db, event, by: by, state: state, into: &summary) }
                                position = page.next
                                done += page.events.count
                                progress(done, total)
                            }
                            try finish(db, into: &summary, output: output)
                            return .rollback
                        }
                    }
                }
            } else {
                while true {
                    if turns.stop() { throw LedgerError.interrupted }
                    // One IMMEDIATE transaction a batch: the write lock first, then the rules.
                    var count = 0
                    try turns.write {
                        try writeTurn(staging) { db in
                            try db.inTransaction(.immediate) {
                                try state.begin(db)
                                let page = try ImportStaging.events(db, after: position, limit: request.batchSize)
                                for event in page.events { try apply(db, event, by: by, state: state, into: &summary) }
                                position = page.next
                                count = page.events.count
                                try state.end(db)
                                return .commit
                            }
                        }
                    }
                    if count == 0 { break }
                    done += count
                    progress(done, total)
                }
                try turns.write {
                    try writeTurn(staging) { db in
                        try db.inTransaction(.deferred) {
                            try finish(db, into: &summary, output: output)
                            return .commit
                        }
                    }
                }
            }
            progress(total, total)
            return summary
        }
    }

    /// One turn of an import on the writer: the staging file attached, and a bigger page
    /// cache (SQLite's default is 2 MB), since the indexes of a large ledger are read again
    /// and again; both undone before the writer serves anyone else. Fixed size, so memory
    /// stays flat.
    private func writeTurn(_ staging: ImportStaging.File, _ body: (Database) throws -> Void) throws {
        try database.writeWithoutTransaction { db in
            let cacheSize = try Store.pageCache(db)
            try Store.setPageCache(db, to: "-\(ImportStaging.pageCacheKiB)")
            defer { try? Store.setPageCache(db, to: cacheSize) }
            try staging.attached(to: db) { try body(db) }
        }
    }

    /// Reads the file into the staging file, checking every row against the file's rules,
    /// what the principal may write, and the ledger (known departments, dates in a loaded
    /// agreement period). A file with any row the principal may not write is refused whole
    /// (`importForbidden`), every such line named; else a file with any bad line is
    /// rejected whole, every bad line listed.
    private func stage(_ staging: ImportStaging.File, _ request: ImportRequest, periods: [PeriodRecord],
                       departments: Set<DepartmentID>, stop: () -> Bool, into summary: inout ImportSummary) throws {
        let kind = try ImportFile.kind(of: request.source)
        var errors: [LedgerError] = []
        var forbidden: [LedgerError] = []
        var dates = ImportFile.FileDates()
        try staging.write { db in
            try db.inTransaction(.deferred) {
                try CSVTable.forEachRow(request.source, anyOrder: kind.required, optional: kind.optional, field: .importFile,
                                        bad: { errors.append($0) }) { csvRow in
                    if csvRow.line % 4096 == 0, stop() { throw LedgerError.interrupted }
                    guard let row = ImportFile.parse(csvRow, kind, dates: &dates, errors: &errors) else { return }
                    if let principal = request.principal, let refusal = ImportFile.refusal(row, kind, for: principal) {
                        forbidden.append(.atLine(row.line, refusal))
                        return
                    }
                    guard departments.contains(row.department) else {
                        errors.append(.atLine(row.line, .unknownDepartment(row.department)))
                        return
                    }
                    do { _ = try RuleEngine.agreementPeriod(for: row.date, loaded: periods) } catch let error as LedgerError {
                        errors.append(.atLine(row.line, error))
                        return
                    }
                    if let first = try ImportStaging.insert(db, row) {
                        errors.append(csvRow.bad("ref", .oneOf(["a ref used once per department in the file (also on line \(first))"])))
                        return
                    }
                    summary.rows += 1
                }
                return .commit
            }
        }
        let byLine = { (a: LedgerError, b: LedgerError) in ImportFile.line(of: a) < ImportFile.line(of: b) }
        if !forbidden.isEmpty { throw LedgerError.importForbidden(forbidden.sorted(by: byLine)) }
        if !errors.isEmpty { throw LedgerError.importRejected(errors.sorted(by: byLine)) }
    }

    /// One event: a row's logging or its settlement.
    private func apply(_ db: Database, _ event: ImportStaging.Event, by: String, state: KeptState,
                       into summary: inout ImportSummary) throws {
        let row = event.row
        func list(_ kind: ImportListing.Kind, _ fileSaid: String, _ rulesSaid: String, _ rules: [RuleID]) throws {
            try ImportStaging.insertListing(db, ImportListing(line: row.line, ref: row.ref, kind: kind, fileSaid: fileSaid,
                                                              rulesSaid: rulesSaid, rules: rules))
        }
        // A single value first: most refs are new.
        let earlier = try Store.vacancyID(db, row.department, ref: row.ref) == nil ? nil
            : try Store.vacancy(db, row.department, ref: row.ref)
        // An answers file's row names the vacancy by its ref alone.
        let sameData = row.answerOnly ? earlier.map { _ in true }
            : earlier.map { $0.unit == row.unit && $0.date == row.date && $0.reservedUnit == row.reservedUnit }
        if !event.isSettlement {
            switch sameData {
            case true?:
                summary.alreadyPresent += 1
            case false?:
                let e = earlier!
                try list(.conflict, "unit \(row.unit), \(row.date)\(row.reservedUnit ? ", reserved unit" : "")",
                         "vacancy \(e.id): unit \(e.unit), \(e.date)\(e.reservedUnit ? ", reserved unit" : "")", e.rules)
            case nil:
                let decided = try decideNew(db, LogEntry(department: row.department, date: row.date, unit: row.unit, ref: row.ref,
                                                         reservedUnit: row.reservedUnit, dryRun: false, by: row.clerk ?? by),
                                        state: state)
                try Store.insertImportLine(db, vacancyID: decided.vacancy!, fileSHA256: summary.fileSHA256, line: row.line,
                                           keeper: state.journalHead)
                summary.added += 1
            }
            return
        }
        guard let outcome = row.outcome, let settledOn = row.settledOn else { return }
        let said = "\(outcome.rawValue) on \(settledOn)"
        if row.answerOnly {
            guard let vacancy = earlier else {
                try list(.unknownRef, said, "no vacancy with this ref in \(row.department)", [])
                return
            }
            guard settledOn >= vacancy.date else {
                try list(.conflict, said, "vacancy \(vacancy.id) is dated \(vacancy.date), after the answer", vacancy.rules)
                return
            }
        }
        // A settlement of a row whose vacancy conflicts was listed with its logging.
        guard let vacancy = earlier, sameData == true else { return }
        if let settlement = vacancy.settlement {
            if settlement.outcome != outcome {
                try list(.conflict, said, "\(settlement.outcome.rawValue) on \(settlement.date)", vacancy.rules)
            }
            return
        }
        guard vacancy.voided == nil, vacancy.offered else {
            try list(.notOffered, said, vacancy.voided != nil ? "void" : "not offered: route \(vacancy.decidedRoute.rawValue)"
                         + (vacancy.withheld.map { ", withheld (\($0.rawValue))" } ?? ""), vacancy.rules)
            return
        }
        do {
            try recordSettlement(db, vacancy, outcome: outcome, date: settledOn, by: row.clerk ?? by, state: state)
            summary.settled += 1
        } catch let error as LedgerError where error.rule == .S1 {
            summary.refused += 1
            try list(.refused, said, "refused: one in three would break; the offer stays pending", [.S1])
        }
    }

    /// Lists where the association's recorded route differs from the route the vacancy is
    /// let by now (after its settlement), then hands out the listed lines in line order.
    private func finish(_ db: Database, into summary: inout ImportSummary, output: ImportOutput?) throws {
        var disagreements = 0
        try ImportStaging.forEachRecordedRoute(db) { r in
            guard r.recorded != r.current else { return }
            disagreements += 1
            try ImportStaging.insertListing(db, ImportListing(line: r.line, ref: r.ref, kind: .disagreement,
                                                              fileSaid: r.recorded.rawValue, rulesSaid: r.current.rawValue,
                                                              rules: r.rules))
        }
        summary.disagreements = disagreements
        if let output {
            try output.counted(summary)
            try ImportStaging.forEachListing(db, output.listing)
        } else {
            var listed: [ImportListing] = []
            try ImportStaging.forEachListing(db) { listed.append($0) }
            summary.listed = listed
        }
    }
}

/// The import file: RFC 4180 UTF-8 (a BOM and Excel's semicolons accepted), columns named by
/// the header in any order. Every bad line and column is collected before any is reported.
enum ImportFile {
    static let required = ["ref", "department", "unit", "date"]
    static let optional = ["reserved_unit", "outcome", "settled_on", "recorded_route", "by"]

    /// What a file holds, told by its header: an association's vacancies (with answers, or
    /// not), or the municipality's answers alone (`ref, department, outcome, settled_on`),
    /// whose refs are the associations'.
    enum Kind {
        case vacancies, answers

        var required: [String] { self == .vacancies ? ImportFile.required : ["ref", "department", "outcome", "settled_on"] }
        var optional: [String] { self == .vacancies ? ImportFile.optional : ["by"] }
    }

    /// The kind of the file from its header line: answers when it names `outcome` and
    /// `settled_on` but neither `unit` nor `date`; else vacancies (whose header the reader
    /// checks).
    static func kind(of source: ImportRequest.Source) throws -> Kind {
        var head: String
        switch source {
        case let .text(text):
            head = String(text.prefix(64 * 1024))
        case let .file(path):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw LedgerError.badFile(.importFile, path: path, line: nil, problem: .unreadable, accepted: .columns(required, optional: optional))
            }
            defer { try? handle.close() }
            head = String(decoding: try handle.read(upToCount: 64 * 1024) ?? Data(), as: UTF8.self)
        }
        if head.hasPrefix("\u{FEFF}") { head.removeFirst() }
        let line = head.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let delimiter: Character = line.contains(";") && !line.contains(",") ? ";" : ","
        let columns = Set(line.split(separator: delimiter).map {
            normalised(String($0).trimmingWhitespace(newlines: false)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased()
        })
        return columns.isSuperset(of: ["outcome", "settled_on"]) && columns.isDisjoint(with: ["unit", "date"]) ? .answers : .vacancies
    }

    /// Why `principal` may not write `row`, or `nil` if it may (`AccessRules`): a clerk
    /// writes vacancies of its own organisation and no answers, which are the
    /// municipality's to record; the municipality writes answers, from an answers file,
    /// in any department; an admin writes anything; an auditor nothing.
    static func refusal(_ row: ImportStaging.Row, _ kind: Kind, for principal: Principal) -> LedgerError? {
        func forbidden(_ action: String) -> LedgerError {
            .forbidden(role: principal.role, organisation: principal.organisation, action: action, department: row.department)
        }
        switch principal.role {
        case .admin:
            return nil
        case .municipality:
            return kind == .answers ? nil : forbidden("import vacancies (the municipality imports answers: ref, department, outcome, settled_on)")
        case .clerk:
            if !AccessRules.permits(principal, .log(row.department)) { return forbidden("import vacancies") }
            if row.outcome != nil { return forbidden("import the municipality's answers (outcome, settled_on)") }
            return nil
        case .auditor:
            return forbidden("import")
        }
    }

    /// The file's line an error concerns (1 for the header).
    static func line(of error: LedgerError) -> Int {
        switch error {
        case let .atLine(line, _): line
        case let .badFile(_, _, line?, _, _): line
        default: 1
        }
    }

    /// A row checked against the file's rules, or `nil` with an error for every bad column.
    /// The one form of date an import file uses (ISO or DD-MM-YYYY, as Danish Excel writes
    /// it): its first date's, which every later date must share.
    struct FileDates {
        var form: CivilDate.Form?
        var line = 0
    }

    static func parse(_ row: CSVTable.Row, _ kind: Kind, dates: inout FileDates, errors: inout [LedgerError]) -> ImportStaging.Row? {
        let before = errors.count
        func text(_ column: String, _ field: TextRules.Field) -> String? {
            do { return try TextRules.require(row.cell(column), field) } catch let LedgerError.invalid(_, _, accepted) {
                errors.append(.atLine(row.line, .invalidCell(column: column, value: row.cell(column), accepted: accepted)))
            } catch {}
            return nil
        }
        func date(_ column: String) -> CivilDate? {
            let text = row.cell(column)
            func bad(_ accepted: LedgerError.Accepted) -> CivilDate? {
                errors.append(.atLine(row.line, .invalidCell(column: column, value: text, accepted: accepted)))
                return nil
            }
            guard let (date, form) = CivilDate.typed(text, forms: [.iso, .dashes]) else { return bad(.fileDate(dates.form, line: dates.line)) }
            if let first = dates.form, first != form { return bad(.fileDate(first, line: dates.line)) }
            if dates.form == nil { (dates.form, dates.line) = (form, row.line) }
            guard CivilDate.acceptedRange.contains(date) else { return bad(.dateIn(CivilDate.acceptedRange)) }
            return date
        }
        let ref = text("ref", .ref)
        let department = DepartmentID(row.cell("department"))
        if department == nil { errors.append(row.bad("department", .departmentID)) }
        let answers = kind == .answers
        let unit = answers ? "" : text("unit", .unit)
        let vacancyDate = answers ? nil : date("date")
        var reservedUnit = false
        do { reservedUnit = try row.bool("reserved_unit") } catch let error as LedgerError { errors.append(error) } catch {}
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
        let clerk = row.cell("by").isEmpty ? nil : text("by", .clerk)
        if answers && outcomeText.isEmpty { errors.append(row.bad("outcome", .oneOf(Outcome.allCases.map(\.rawValue)))) }
        // An answer is dated by its settlement: that date must fall in a loaded period.
        guard errors.count == before, let ref, let department, let unit, let vacancyDate = vacancyDate ?? settledOn else { return nil }
        return ImportStaging.Row(line: row.line, ref: ref, department: department, unit: unit, date: vacancyDate,
                                 reservedUnit: reservedUnit, outcome: outcome, settledOn: settledOn,
                                 recordedRoute: recordedRoute, clerk: clerk, answerOnly: answers)
    }

    /// SHA-256 of the file's bytes, read in chunks.
    static func sha256(_ source: ImportRequest.Source) throws -> String {
        switch source {
        case let .text(text):
            return ByteWriter.hex(SHA256.hash(data: Data(text.utf8)))
        case let .file(path):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw LedgerError.badFile(.importFile, path: path, line: nil, problem: .unreadable, accepted: .columns(required, optional: optional))
            }
            defer { try? handle.close() }
            var hasher = SHA256()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
            return ByteWriter.hex(hasher.finalize())
        }
    }
}
