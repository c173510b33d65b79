// Logging vacancies through the ledger, against raw SQLite doing the same statements on
// the same schema (same triggers, same journal hash): the ratio is what our store, GRDB
// and the façade cost on top of SQLite. See ../../BENCHMARKS.md.
import Benchmark
import Crypto
import Foundation
import GRDBSQLite
import VacancyLedger

/// Four departments, one per department-staircase step.
let departments = ["AAB-1", "FSB-2", "KAB-3", "ØBO-4"]
/// Valid dates in the agreement period, cycled through.
let dates: [String] = (2024...2027).flatMap { y in (1...12).flatMap { m in (1...28).map { d in
    "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)" } } }

/// A fresh ledger file with the four departments.
func freshLedger() throws -> (Ledger, path: String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vl-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent("ledger.sqlite").path
    let (ledger, _) = try Ledger.initialise(path: path, policySource: nil, by: "bench")
    for (index, id) in departments.enumerated() {
        try ledger.addDepartment(id: id, name: "Afdeling \(id)", units: 10_000,
                                 placement: PlacementSpec(staircase: .department, step: index + 1), by: "bench")
    }
    return (ledger, path)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident],
        scalingFactor: .kilo, maxDuration: .seconds(20), maxIterations: 10)

    Benchmark("log 1000 vacancies: ledger (GRDB, full decision and report)") { benchmark in
        let (ledger, _) = try freshLedger()
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations {
            blackHole(try ledger.log(LogRequest(department: departments[i % 4], unit: "u\(i)",
                                                date: dates[i % dates.count], by: "bench")))
        }
        benchmark.stopMeasurement()
    }

    Benchmark("log 1000 vacancies: raw SQLite (same statements, same schema)") { benchmark in
        let (_, path) = try freshLedger()
        let raw = try RawLedger(path: path)
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations {
            try raw.log(department: departments[i % 4], unit: "u\(i)", date: dates[i % dates.count])
        }
        benchmark.stopMeasurement()
        raw.close()
    }

    Benchmark("audit of 4 departments after 1000 vacancies: ledger") { benchmark in
        let (ledger, _) = try freshLedger()
        for i in 0..<1000 {
            _ = try ledger.log(LogRequest(department: departments[i % 4], unit: "u\(i)", date: dates[i % dates.count], by: "bench"))
        }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try ledger.audit()) }
        benchmark.stopMeasurement()
    }
}

struct RawError: Error { var message: String }

/// The ledger's write path by hand on the C API, with prepared statements.
final class RawLedger {
    private var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    private let policy = Policy.copenhagen2024
    private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(path: String) throws {
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK else { throw RawError(message: "open") }
        try exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000")
    }

    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(db)
    }

    private func exec(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw RawError(message: String(cString: sqlite3_errmsg(db))) }
    }

    /// Prepares once, resets and binds on every use.
    private func statement(_ sql: String, _ args: [Any?]) throws -> OpaquePointer {
        let stmt: OpaquePointer
        if let cached = statements[sql] { stmt = cached } else {
            var prepared: OpaquePointer?
            guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil) == SQLITE_OK, let prepared else {
                throw RawError(message: String(cString: sqlite3_errmsg(db)))
            }
            statements[sql] = prepared
            stmt = prepared
        }
        sqlite3_reset(stmt)
        sqlite3_clear_bindings(stmt)
        for (i, arg) in args.enumerated() {
            let index = Int32(i + 1)
            switch arg {
            case let v as Int: sqlite3_bind_int64(stmt, index, Int64(v))
            case let v as Int64: sqlite3_bind_int64(stmt, index, v)
            case let v as Bool: sqlite3_bind_int64(stmt, index, v ? 1 : 0)
            case let v as String: sqlite3_bind_text(stmt, index, v, -1, transient)
            default: sqlite3_bind_null(stmt, index)
            }
        }
        return stmt
    }

    private func row(_ stmt: OpaquePointer) -> Bool { sqlite3_step(stmt) == SQLITE_ROW }
    private func int(_ stmt: OpaquePointer, _ column: Int32) -> Int { Int(sqlite3_column_int64(stmt, column)) }
    private func text(_ stmt: OpaquePointer, _ column: Int32) -> String? {
        sqlite3_column_text(stmt, column).map { String(cString: $0) }
    }
    private func run(_ sql: String, _ args: [Any?]) throws {
        let stmt = try statement(sql, args)
        guard sqlite3_step(stmt) == SQLITE_DONE else { throw RawError(message: String(cString: sqlite3_errmsg(db))) }
    }

    func log(department: String, unit: String, date: String) throws {
        try exec("BEGIN IMMEDIATE")
        do {
            var stmt = try statement("SELECT 1 FROM department WHERE id = ?", [department])
            guard row(stmt) else { throw RawError(message: "department") }
            stmt = try statement("SELECT id FROM period WHERE ? BETWEEN starts AND ends", [date])
            guard row(stmt) else { throw RawError(message: "period") }
            let period = int(stmt, 0)
            stmt = try statement("SELECT id FROM policy_version WHERE period_id = ? ORDER BY version DESC LIMIT 1", [period])
            guard row(stmt) else { throw RawError(message: "policy") }
            let policyID = int(stmt, 0)
            stmt = try statement("""
                SELECT id, staircase, step, base_step, at_risk, exempt, reserved FROM placement
                WHERE department = ? AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1
                """, [department, date])
            guard row(stmt) else { throw RawError(message: "placement") }
            let placementID = int(stmt, 0)
            let placement = Placement(staircase: text(stmt, 1) == "area" ? .area : .department, step: int(stmt, 2),
                                      baseStep: int(stmt, 3), atRisk: int(stmt, 4) == 1, exempt: int(stmt, 5) == 1,
                                      reserved: int(stmt, 6))
            var before = Counters()
            stmt = try statement("""
                SELECT vacancies, offered, pending, referred, rehoused, returned, withheld_cap, withheld_fourth, withheld_exempt
                FROM counters WHERE department = ? AND period_id = ?
                """, [department, period])
            if row(stmt) {
                before.vacancies = int(stmt, 0); before.offered = int(stmt, 1); before.pending = int(stmt, 2)
                before.referred = int(stmt, 3); before.rehoused = int(stmt, 4); before.returned = int(stmt, 5)
                before.withheldCap = int(stmt, 6); before.withheldFourth = int(stmt, 7); before.withheldExempt = int(stmt, 8)
            }
            stmt = try statement("""
                SELECT max(number) FROM vacancy v WHERE department = ? AND period_id = ?
                AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id)
                """, [department, period])
            _ = row(stmt)
            let number = int(stmt, 0) + 1
            stmt = try statement("""
                SELECT v.offered, coalesce(s.outcome IN ('referred', 'rehoused'), 0) FROM vacancy v
                LEFT JOIN settlement s ON s.vacancy_id = v.id AND NOT EXISTS (SELECT 1 FROM correction sc WHERE sc.settlement_id = s.id)
                WHERE v.department = ? AND v.period_id = ? AND v.pattern_route = 'referral'
                  AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.vacancy_id = v.id)
                ORDER BY v.number DESC LIMIT 3
                """, [department, period])
            var preceding: [PrecedingDwelling] = []
            while row(stmt) { preceding.insert(PrecedingDwelling(offered: int(stmt, 0) == 1, realised: int(stmt, 1) == 1), at: 0) }
            let d = RuleEngine.decide(DecisionInput(policy: policy, placement: placement, date: CivilDate(date)!,
                                                    number: number, counters: before, preceding: preceding))
            let c = d.counters(after: before)
            try run("""
                INSERT INTO vacancy (department, period_id, number, vacancy_date, unit, ref, reserved_unit, rehousing,
                     pattern_route, route, fallback_route, offered, withheld, criteria, rules, placement_id, policy_version_id,
                     at_vacancies, at_offered, at_pending, at_realised, at_returned, at_withheld, recorded_at, recorded_by)
                VALUES (?, ?, ?, ?, ?, NULL, 0, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench')
                """, [department, period, number, date, unit, d.rehousing, d.patternRoute.rawValue, d.route.rawValue,
                      d.fallbackRoute.rawValue, d.offered, d.withheld?.rawValue,
                      d.rules.map(\.rawValue).joined(separator: " "), placementID, policyID,
                      c.vacancies, c.offered, c.pending, c.realised, c.returned, c.withheld, "2024-01-01T00:00:00Z"])
            let id = sqlite3_last_insert_rowid(db)
            stmt = try statement("SELECT * FROM vacancy WHERE rowid = ?", [id])
            guard row(stmt) else { throw RawError(message: "read back") }
            var payload = "{"
            for column in 0..<sqlite3_column_count(stmt) {
                payload += "\"\(String(cString: sqlite3_column_name(stmt, column)))\":\"\(text(stmt, column) ?? "null")\","
            }
            payload += "}"
            stmt = try statement("SELECT hash FROM journal ORDER BY seq DESC LIMIT 1", [])
            let previous = row(stmt) ? text(stmt, 0)! : String(repeating: "0", count: 64)
            let hash = SHA256.hash(data: Data("\(previous)\nvacancy\n\(payload)".utf8)).map { String(format: "%02x", $0) }.joined()
            try run("INSERT INTO journal (kind, entity, payload, prev_hash, hash) VALUES ('vacancy', ?, json_quote(?), ?, ?)",
                    [id, payload, previous, hash])
            try exec("COMMIT")
        } catch {
            try? exec("ROLLBACK")
            throw error
        }
    }
}
