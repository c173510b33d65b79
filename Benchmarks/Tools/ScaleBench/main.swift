// scale-bench: the import benchmark's file generator, and raw SQLite inserting the same rows
// into the same schema in the same batches. See ../../../BENCHMARKS.md and ../../run-import.sh.
//
//   scale-bench generate --departments 2000 --vacancies 1000000 [--seed 1] --out DIR
//       writes DIR/departments.csv (the `department import` format) and DIR/vacancies.csv
//       (the `import` format): four years, dates spread over each year, the municipality
//       answering about half of the offers, every row with the association's recorded route.
//   scale-bench log --db LEDGER.sqlite [--count 1000]
//       logs COUNT vacancies through the library (`Ledger.log`, one IMMEDIATE transaction
//       each, the decision read back as the CLI prints it) into an existing ledger, spread
//       over its departments, and prints the CPU time (user + system) per vacancy.
//   scale-bench raw --from IMPORTED.sqlite --into BASE-COPY.sqlite [--batch 1000]
//       replays, with the C API and prepared statements, every row the import wrote to
//       IMPORTED (vacancies, import lines, settlements and their journal entries, in journal
//       order) into a copy of the ledger as it was before the import, 1,000 events (a vacancy
//       or a settlement) per IMMEDIATE transaction; prints the time of the inserts alone.
//       With `--batch 1` after `log` (IMPORTED = the ledger `log` wrote to, BASE-COPY = a
//       copy of it from before): the same vacancies, one synced transaction each, as raw
//       SQLite's half of `run-log-inprocess.sh`.
import Foundation
import GRDBSQLite
import SampleLedgers
import VacancyLedger

struct Failure: Error, CustomStringConvertible { var description: String }

func option(_ name: String, default value: String? = nil) throws -> String {
    let args = CommandLine.arguments
    if let index = args.firstIndex(of: "--\(name)"), index + 1 < args.count { return args[index + 1] }
    if let value { return value }
    throw Failure(description: "missing --\(name)")
}

// MARK: generate

func generate() throws {
    let departmentCount = Int(try option("departments", default: "2000"))!
    let vacancyCount = Int(try option("vacancies", default: "1000000"))!
    var rng = SplitMix64(seed: UInt64(try option("seed", default: "1"))!)
    let out = URL(fileURLWithPath: try option("out"))
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let policy = Policy.copenhagen2024
    let organisations = ["AAB", "FSB", "KAB", "SAB", "AKB", "3B", "ØBO", "FAB", "DAB", "VIBO", "LEJERBO", "ÅBO",
                         "ÆBO", "SBS", "KBO", "ABF", "BSB", "VBO", "NBO", "HBO", "ÅLB", "ØSB", "FOB"]

    struct Department { var id: String; var units: Int; var placement: Placement; var counters = Counters(); var number = 0 }
    var departments: [Department] = []
    var departmentsCSV = "id,name,units,staircase,step,base_step,at_risk,exempt,reserved,criteria,from\n"
    for index in 0..<departmentCount {
        let id = "\(organisations[index % organisations.count])-\(index / organisations.count + 1)"
        let units = 100 + rng.int(500)
        // About one in six on the area staircase; the rest spread over the department steps.
        let placement: Placement
        if rng.unit() < 0.17 {
            let step = 1 + rng.int(2)
            placement = Placement(staircase: .area, step: step, criteria: step == 1 ? [.employment, .income] : [])
        } else {
            let step = 1 + rng.int(4)
            placement = Placement(staircase: .department, step: step, atRisk: step == 1 && rng.unit() < 0.3,
                                  exempt: step == 2 && rng.unit() < 0.2)
        }
        departments.append(Department(id: id, units: units, placement: placement))
        departmentsCSV += "\(id),Afdeling \(id),\(units),\(placement.staircase.rawValue),\(placement.step),,"
            + "\(placement.atRisk),\(placement.exempt),0,\(placement.criteria.map(\.rawValue).joined(separator: ";")),\n"
    }
    try departmentsCSV.write(to: out.appendingPathComponent("departments.csv"), atomically: true, encoding: .utf8)

    // Vacancies in proportion to the departments' sizes, dates spread over the period.
    let totalUnits = departments.reduce(0) { $0 + $1.units }
    var cumulative: [Int] = []
    var sum = 0
    for d in departments { sum += d.units; cumulative.append(sum) }
    let start = policy.period.start, days = policy.period.end.days(since: start) + 1
    var stream: [(day: Int, department: Int)] = []
    stream.reserveCapacity(vacancyCount)
    for _ in 0..<vacancyCount {
        let pick = rng.int(totalUnits)
        var lo = 0, hi = cumulative.count - 1
        while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] > pick { hi = mid } else { lo = mid + 1 } }
        stream.append((rng.int(days), lo))
    }
    stream.sort { ($0.day, $0.department) < ($1.day, $1.department) }

    // The association's recorded route is the route the rules' pattern gives (the model
    // below ignores G2's preceding run, so a few rows disagree, as in practice); half of the
    // offers it predicts are answered, 3 to 40 days later.
    var text = "ref,department,unit,date,reserved_unit,outcome,settled_on,recorded_route\n"
    text.reserveCapacity(vacancyCount * 80)
    let handle = try FileHandle(forWritingTo: {
        let url = out.appendingPathComponent("vacancies.csv")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return url
    }())
    for (index, event) in stream.enumerated() {
        let date = start.adding(days: event.day)
        var d = departments[event.department]
        d.number += 1
        let decision = RuleEngine.decide(DecisionInput(policy: policy, placement: d.placement, date: date, number: d.number,
                                                       counters: d.counters))
        d.counters = d.counters.applying(.logged(offered: decision.offered, withheld: decision.withheld))
        var outcome = "", settledOn = "", recorded = decision.route
        if decision.offered && rng.unit() < 0.5 {
            let roll = rng.unit()
            let answer: Outcome = roll < 0.7 ? .referred : roll < 0.8 ? .rehoused : .returned
            if d.counters.applying(.settled(answer)).satisfiesI1(capEvery: policy.referralCap.every) || answer == .returned {
                d.counters = d.counters.applying(.settled(answer))
                outcome = answer.rawValue
                settledOn = min(date.adding(days: 3 + rng.int(38)), policy.period.end).description
                // A returned offer is let from the waiting list.
                if answer == .returned { recorded = decision.fallbackRoute }
            }
        }
        departments[event.department] = d
        text += "B\(index + 1),\(d.id),\(1 + rng.int(d.units)),\(date),false,\(outcome),\(settledOn),\(recorded.rawValue)\n"
        if text.utf8.count > 1 << 20 { handle.write(Data(text.utf8)); text = "" }
    }
    handle.write(Data(text.utf8))
    try handle.close()
    print("wrote \(departmentCount) departments and \(vacancyCount) vacancies to \(out.path)")
}

// MARK: raw

/// A value read from the imported ledger, bound again unchanged.
enum Value { case null, int(Int64), double(Double), text(String) }

final class Connection {
    var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(path: String, readOnly: Bool) throws {
        guard sqlite3_open_v2(path, &db, readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, nil) == SQLITE_OK else {
            throw Failure(description: "cannot open \(path)")
        }
        // What the ledger's own connection sets (LedgerDatabase.configuration).
        if !readOnly {
            try exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000")
            try exec(ProcessInfo.processInfo.environment["SCALE_BENCH_PRAGMAS"] ?? "")
        }
    }

    func exec(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw Failure(description: String(cString: sqlite3_errmsg(db))) }
    }

    func prepare(_ sql: String) throws -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil) == SQLITE_OK, let prepared else {
            throw Failure(description: "\(String(cString: sqlite3_errmsg(db))) in \(sql)")
        }
        statements[sql] = prepared
        return prepared
    }

    func run(_ sql: String, _ values: [Value]) throws {
        let stmt = try prepare(sql)
        sqlite3_reset(stmt)
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            switch value {
            case .null: sqlite3_bind_null(stmt, index)
            case let .int(v): sqlite3_bind_int64(stmt, index, v)
            case let .double(v): sqlite3_bind_double(stmt, index, v)
            case let .text(v): sqlite3_bind_text(stmt, index, v, -1, transient)
            }
        }
        guard sqlite3_step(stmt) == SQLITE_DONE else { throw Failure(description: "\(String(cString: sqlite3_errmsg(db))) in \(sql)") }
    }

    func rows(_ sql: String, _ values: [Value] = [], _ body: ([Value]) throws -> Void) throws {
        let stmt = try prepare(sql)
        sqlite3_reset(stmt)
        for (i, value) in values.enumerated() {
            if case let .int(v) = value { sqlite3_bind_int64(stmt, Int32(i + 1), v) }
        }
        while sqlite3_step(stmt) == SQLITE_ROW {
            var row: [Value] = []
            for c in 0..<sqlite3_column_count(stmt) {
                switch sqlite3_column_type(stmt, c) {
                case SQLITE_INTEGER: row.append(.int(sqlite3_column_int64(stmt, c)))
                case SQLITE_FLOAT: row.append(.double(sqlite3_column_double(stmt, c)))
                case SQLITE_NULL: row.append(.null)
                default: row.append(.text(String(cString: sqlite3_column_text(stmt, c))))
                }
            }
            try body(row)
        }
    }

    func columns(_ table: String) throws -> [String] {
        var names: [String] = []
        try rows("SELECT name FROM pragma_table_info('\(table)') ORDER BY cid") { row in
            if case let .text(name) = row[0] { names.append(name) }
        }
        return names
    }
}

func raw() throws {
    let source = try Connection(path: try option("from"), readOnly: true)
    let target = try Connection(path: try option("into"), readOnly: false)
    let batch = Int(try option("batch", default: "1000"))!
    var head: Int64 = 0
    try target.rows("SELECT coalesce(max(seq), 0) FROM journal") { if case let .int(v) = $0[0] { head = v } }
    let tables = ["vacancy": "vacancy", "import_line": "import_line", "settlement": "settlement", "correction": "correction"]
    var insertSQL: [String: String] = [:]
    var selectSQL: [String: String] = [:]
    for (kind, table) in tables {
        let columns = try source.columns(table)
        insertSQL[kind] = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
        selectSQL[kind] = "SELECT \(columns.joined(separator: ", ")) FROM \(table) WHERE rowid = ?"
    }
    let journalInsert = "INSERT INTO journal (seq, kind, entity, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)"
    // Everything the import appended, read before the clock starts: (row of its table, journal row).
    var entries: [(kind: String, row: [Value], journal: [Value])] = []
    try source.rows("SELECT seq, kind, entity, payload, prev_hash, hash FROM journal WHERE seq > ? ORDER BY seq", [.int(head)]) { journal in
        guard case let .text(kind) = journal[1], case let .int(entity) = journal[2], let select = selectSQL[kind] else {
            throw Failure(description: "unexpected journal entry \(journal[0]) of kind \(journal[1])")
        }
        var row: [Value] = []
        try source.rows(select, [.int(entity)]) { row = $0 }
        entries.append((kind, row, journal))
    }
    var events = 0
    let (cpuStart, started) = (cpu(), DispatchTime.now().uptimeNanoseconds)
    try target.exec("BEGIN IMMEDIATE")
    for entry in entries {
        if entry.kind == "vacancy" || entry.kind == "settlement" {
            if events > 0 && events % batch == 0 { try target.exec("COMMIT; BEGIN IMMEDIATE") }
            events += 1
        }
        try target.run(insertSQL[entry.kind]!, entry.row)
        try target.run(journalInsert, entry.journal)
    }
    try target.exec("COMMIT")
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    let cpuEnd = cpu()
    let (user, system) = ((cpuEnd.user - cpuStart.user) / Double(events) * 1e6, (cpuEnd.system - cpuStart.system) / Double(events) * 1e6)
    print(String(format: "raw SQLite: %d events (%d rows and as many journal entries) in %.2f s: %.0f events/s, %.0f µs CPU (user %.0f, system %.0f) each",
                 events, entries.count, seconds, Double(events) / seconds, user + system, user, system))
}

// MARK: log

/// User and system CPU seconds so far (system time is mostly the synced commits).
func cpu() -> (user: Double, system: Double) {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return (Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
            Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6)
}

func logInProcess() throws {
    let path = try option("db")
    let count = Int(try option("count", default: "1000"))!
    let ledger = try Ledger.open(path: path, readOnly: false)
    let departments = try ledger.departments().map(\.department.id.rawValue)
    let run = UInt32.random(in: 0...UInt32.max)
    let (cpuStart, wallStart) = (cpu(), DispatchTime.now().uptimeNanoseconds)
    for i in 0..<count {
        _ = try ledger.log(LogRequest(department: departments[i % departments.count], unit: "bench-\(run)-\(i)",
                                      date: "2027-12-31", by: "bench"))
    }
    let cpuEnd = cpu()
    let userPer = (cpuEnd.user - cpuStart.user) / Double(count) * 1e6
    let systemPer = (cpuEnd.system - cpuStart.system) / Double(count) * 1e6
    let wallPer = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / Double(count) / 1e3
    print(String(format: "log in process: %d vacancies, %.0f µs CPU (user %.0f, system %.0f) and %.0f µs wall each",
                 count, userPer + systemPer, userPer, systemPer, wallPer))
}

do {
    switch CommandLine.arguments.dropFirst().first {
    case "log": try logInProcess()
    case "generate": try generate()
    case "raw": try raw()
    default: throw Failure(description: "usage: scale-bench generate|raw [options] (see the comment at the top of main.swift)")
    }
} catch {
    FileHandle.standardError.write(Data("scale-bench: \(error)\n".utf8))
    exit(1)
}
