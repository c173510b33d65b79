import ArgumentParser
import Foundation
import VacancyLedger

/// A command that works the same against a local file and against the service: its
/// parameters (Codable: the service's query or JSON body), what it would do (for the
/// access check), and how it runs on a ledger, writing exactly what the CLI prints.
///
/// The CLI's subcommand parses its flags into one of these and hands it to
/// `DatabaseOptions.perform`, which runs it here or sends it to `--server`; the service
/// decodes the same type from the request and calls the same `perform`. So the text, the
/// JSON and the exit codes cannot drift apart.
package protocol LedgerOperation: Codable, Sendable {
    /// Its path under `/v1/` and its name in logs.
    static var name: String { get }
    /// Whether it writes: POST with a JSON body, else GET with query parameters.
    static var writes: Bool { get }
    /// The formats it writes; the first is the default.
    static var formats: [OutputFormat] { get }
    var format: OutputFormat? { get }
    /// What it would do, for `AccessRules` (it may read the ledger, e.g. a vacancy's department).
    func action(on ledger: Ledger) throws -> Action
    /// Records the entry in the token's name (the service), never the name the client claims.
    mutating func attribute(to name: String)
    /// Takes what only the service may supply (its checkpoint key), replacing anything a
    /// client sent.
    mutating func configure(for service: ServiceSettings)
    /// Runs on `ledger`, writing what the CLI prints to `out`; returns the exit code
    /// (0, or 4 for an audit or verify fault).
    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32
    /// A read whose cost follows the history, not the city (verify, export, vacancies,
    /// report): the service limits how many of them one token runs at once.
    static var isHeavyRead: Bool { get }
    /// An answer whose size follows the history, always exit 0 with no notes: the service
    /// sends it in chunks as it is read, instead of whole.
    static var streamsAnswer: Bool { get }
    /// Whether this request's answer is sent in chunks: `streamsAnswer`, or a request that
    /// cannot exit other than 0 with no notes (an audit that is not `--strict`).
    var streamsItsAnswer: Bool { get }
}

extension LedgerOperation {
    package static var writes: Bool { false }
    package static var isHeavyRead: Bool { false }
    package static var streamsAnswer: Bool { false }
    package var streamsItsAnswer: Bool { Self.streamsAnswer }
    package func action(on ledger: Ledger) throws -> Action { Self.writes ? .administer : .read }
    package mutating func attribute(to name: String) {}
    package mutating func configure(for service: ServiceSettings) {}
    package var resolvedFormat: OutputFormat { format ?? Self.formats[0] }

    /// Bad input (422) unless the format is one it writes.
    package func checkFormat() throws {
        guard Self.formats.contains(resolvedFormat) else {
            throw LedgerError.invalid(.format, value: resolvedFormat.rawValue, accepted: .oneOf(Self.formats.map(\.rawValue)))
        }
    }
}

/// What the service holds that a request may use but never supply.
package struct ServiceSettings: Sendable {
    /// The checkpoint signing key (file text and name), if the service was given one.
    package var checkpointKey: (text: String, file: String)?
    /// How long a read may take before its caller gets 503.
    package var answerTimeoutSeconds = 120

    package init(checkpointKey: (text: String, file: String)?, answerTimeoutSeconds: Int) {
        self.checkpointKey = checkpointKey
        self.answerTimeoutSeconds = answerTimeoutSeconds
    }
}

package enum LedgerOperations {
    /// Every operation the service offers, each at `/v1/NAME`.
    package static var served: [any LedgerOperation.Type] {
        [
            LogOperation.self, SettleOperation.self, VoidOperation.self, ExplainOperation.self, OffersOperation.self,
            AuditOperation.self, VacanciesOperation.self, ExportOperation.self, DepartmentsOperation.self,
            VerifyOperation.self, CheckpointOperation.self, ReportOperation.self, DepartmentAddOperation.self, DepartmentPlaceOperation.self,
            TokenIssueOperation.self, TokenListOperation.self, TokenRevokeOperation.self, TokenRotateOperation.self,
        ]
    }
}

extension BufferedOutput {
    /// A line as `emit` prints it: ended by a newline.
    func line(_ text: String) throws { try put(text.hasSuffix("\n") ? text : text + "\n") }

    /// A decision (`log`, `settle`, `void`) as text or JSON.
    func decision(_ report: DecisionReport, _ format: OutputFormat) throws {
        try line(format == .json ? JSONFormatter.decision(report).serialized() : TextFormatter.decision(report))
    }
}

/// An operation's flag rule as the usage error it is on the command line (exit 64), worded
/// as the service words it.
func asUsageError(_ check: () throws -> Void) throws {
    do { try check() } catch let error as LedgerError { throw ValidationError(ErrorText.line(error)) }
}

/// `--from` and `--to` come together (audit, vacancies).
func requireBothOrNeither(from: String?, to: String?) throws {
    if (from == nil) != (to == nil) {
        throw LedgerError.invalid(from == nil ? .to : .from, value: from ?? to ?? "", accepted: .together("--from", "--to"))
    }
}

extension OutputFormat: Codable {}

// MARK: - Vacancies and their settlements

/// `log`.
struct LogOperation: LedgerOperation {
    static let name = "log"
    static let writes = true
    static let formats: [OutputFormat] = [.text, .json]
    var department: String
    var unit: String
    var date: String
    var ref: String?
    var reservedUnit: Bool?
    var dryRun: Bool?
    var by: String?
    var format: OutputFormat?

    func action(on ledger: Ledger) throws -> Action {
        .log(try DepartmentID(department).orThrow(LedgerError.invalid(.department, value: department, accepted: .departmentID)))
    }
    mutating func attribute(to name: String) { by = name }

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        let report = try ledger.log(LogRequest(department: department, unit: unit, date: date, ref: ref,
                                               reservedUnit: reservedUnit ?? false, dryRun: dryRun ?? false, by: by ?? "unknown"))
        try out.decision(report, resolvedFormat)
        return 0
    }
}

/// `settle` (also the page's settle form).
package struct SettleOperation: LedgerOperation {
    package static let name = "settle"
    package static let writes = true
    package static let formats: [OutputFormat] = [.text, .json]
    var vacancy: Int64
    var outcome: String
    var date: String
    var by: String?
    var force: Bool?
    package var format: OutputFormat?

    package init(vacancy: Int64, outcome: String, date: String, by: String? = nil, force: Bool? = nil, format: OutputFormat? = nil) {
        (self.vacancy, self.outcome, self.date, self.by, self.force, self.format) = (vacancy, outcome, date, by, force, format)
    }

    package func action(on ledger: Ledger) throws -> Action { .settle(try ledger.department(ofVacancy: vacancy)) }
    package mutating func attribute(to name: String) { by = name }

    package func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        guard let outcome = Outcome(rawValue: outcome) else {
            throw LedgerError.invalid(.outcome, value: outcome, accepted: .oneOf(Outcome.allCases.map(\.rawValue)))
        }
        let report = try ledger.settle(vacancy: vacancy, outcome: outcome, date: date, by: by ?? "unknown", force: force ?? false)
        try out.decision(report, resolvedFormat)
        return 0
    }
}

/// `void`: a clerk voids a vacancy; the municipality voids a settlement.
struct VoidOperation: LedgerOperation {
    static let name = "void"
    static let writes = true
    static let formats: [OutputFormat] = [.text, .json]
    var vacancy: Int64
    var reason: String
    var settlement: Bool?
    var force: Bool?
    var by: String?
    var format: OutputFormat?

    func action(on ledger: Ledger) throws -> Action {
        let department = try ledger.department(ofVacancy: vacancy)
        return settlement == true ? .voidSettlement(department) : .voidVacancy(department)
    }
    mutating func attribute(to name: String) { by = name }

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        let report = try ledger.void(vacancy: vacancy, reason: reason, settlementOnly: settlement ?? false,
                                     force: force ?? false, by: by ?? "unknown")
        try out.decision(report, resolvedFormat)
        return 0
    }
}

/// `explain`.
struct ExplainOperation: LedgerOperation {
    static let name = "explain"
    static let formats: [OutputFormat] = [.text, .json]
    var vacancy: Int64
    var format: OutputFormat?

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        let explanation = try ledger.explain(vacancy: vacancy)
        try out.line(resolvedFormat == .json ? JSONFormatter.explanation(explanation).serialized() : TextFormatter.explanation(explanation))
        return 0
    }
}

/// `offers`: the municipality's queue.
struct OffersOperation: LedgerOperation {
    static let name = "offers"
    static let streamsAnswer = true
    static let formats: [OutputFormat] = [.table, .json, .csv]
    var pending: Bool?
    var olderThan: Int?
    var asOf: String?
    var format: OutputFormat?

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        let asOf = try asOf.map { try Ledger.parseDate($0, .asOf) } ?? copenhagenToday()
        let report = try ledger.offers(pendingOnly: pending ?? false, olderThan: olderThan, asOf: asOf)
        switch resolvedFormat {
        case .json: try out.line(OfferFields.json(report).serialized())
        case .csv: try out.put(OfferFields.csv(report))
        default: try out.line(OfferFields.table(report))
        }
        return 0
    }
}

extension Optional {
    package func orThrow(_ error: @autoclosure () -> any Error) throws -> Wrapped {
        guard let self else { throw error() }
        return self
    }
}
