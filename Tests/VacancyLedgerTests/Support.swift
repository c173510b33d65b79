import Foundation
import Testing
@testable import VacancyLedger

let policy = Policy.copenhagen2024

func day(_ text: String) -> CivilDate { CivilDate(text)! }

/// Counters with the given figures (realised counted as referred).
func counters(n: Int, offered: Int = 0, pending: Int = 0, realised: Int = 0, returned: Int = 0) -> Counters {
    var c = Counters()
    c.vacancies = n
    c.offered = offered
    c.pending = pending
    c.referred = realised
    c.returned = returned
    return c
}

/// One decision of the pure engine. `before` are the counters before this vacancy.
func decide(
    _ staircase: Staircase = .department, step: Int, base: Int? = nil, atRisk: Bool = false, exempt: Bool = false,
    reserved: Int = 0, criteria: [Criterion] = [], number: Int, date: String = "2024-06-01",
    before: Counters? = nil, preceding: [PrecedingDwelling] = [], reservedUnit: Bool = false,
    policy: Policy = policy
) -> Decision {
    RuleEngine.decide(DecisionInput(
        policy: policy,
        placement: Placement(staircase: staircase, step: step, baseStep: base, atRisk: atRisk, exempt: exempt,
                             reserved: reserved, criteria: criteria),
        date: day(date), number: number, reservedUnit: reservedUnit,
        counters: before ?? counters(n: number - 1), preceding: preceding))
}

/// A fresh in-memory ledger with the built-in policy.
func memoryLedger() throws -> Ledger { try Ledger.inMemory(now: { "2024-01-01T00:00:00Z" }) }

/// This test process's own folder under the system's temporary one; it goes when the
/// process exits, so a run leaves nothing behind (thousands of ledgers otherwise).
let testFolderRoot: String = {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("vl-tests-\(getpid())").path
    try? FileManager.default.removeItem(atPath: root)  // a crashed run of a recycled pid
    atexit { try? FileManager.default.removeItem(atPath: testFolderRoot) }
    return root
}()

/// A new, empty folder for one test's files, removed with the rest when the process exits.
func temporaryFolder(_ prefix: String = "vl") throws -> URL {
    let dir = URL(fileURLWithPath: testFolderRoot).appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// A ledger in a real file in a new temporary folder.
func fileLedger() throws -> (Ledger, path: String) {
    let dir = try temporaryFolder()
    let path = dir.appendingPathComponent("ledger.sqlite").path
    let (ledger, _) = try Ledger.initialise(path: path, policySource: nil, by: "test")
    return (ledger, path)
}

extension Ledger {
    /// Adds a department placed from the period's start.
    @discardableResult
    func add(_ id: String, _ staircase: Staircase = .department, step: Int, base: Int? = nil, atRisk: Bool = false,
             exempt: Bool = false, reserved: Int = 0, criteria: [Criterion] = [], units: Int = 200) throws -> DepartmentDetail {
        try addDepartment(id: id, name: "Afdeling \(id)", units: units, placement: PlacementSpec(
            staircase: staircase, step: step, baseStep: base, atRisk: atRisk, exempt: exempt, reserved: reserved,
            criteria: criteria), by: "test")
    }

    func log(_ department: String, _ date: String = "2024-06-01", unit: String? = nil, ref: String? = nil,
             reservedUnit: Bool = false, dryRun: Bool = false) throws -> DecisionReport {
        try log(LogRequest(department: department, unit: unit ?? "u\(UUID().uuidString.prefix(6))", date: date,
                           ref: ref, reservedUnit: reservedUnit, dryRun: dryRun, by: "test"))
    }
}

/// Expects a `LedgerError` for which `kind` holds, and returns it (tests match on cases).
@discardableResult
func expectError(_ kind: (LedgerError) -> Bool, sourceLocation: SourceLocation = #_sourceLocation,
                 _ body: () throws -> Void) -> LedgerError? {
    do {
        try body()
        Issue.record("expected an error, got success", sourceLocation: sourceLocation)
    } catch let error as LedgerError {
        #expect(kind(error), "unexpected error: \(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

func isBadInput(_ e: LedgerError) -> Bool { e.category == .badInput }
func isRefused(_ e: LedgerError) -> Bool { e.category == .refused }
func isUnsupported(_ e: LedgerError) -> Bool { e.category == .unsupportedDatabase }
