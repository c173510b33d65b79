import Foundation
import Testing

/// Tests that run the built `vacancy-ledger` executable: exit codes, JSON fields, stderr
/// lines, Danish text, and several processes writing at once.
@Suite(.serialized) struct CLITests {
    struct Result {
        var code: Int32
        var stdout: String
        var stderr: String
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]) ?? [:]
        }
    }

    /// The executable next to the test bundle (SwiftPM builds it with the tests).
    static let executable: URL = {
        if let path = ProcessInfo.processInfo.environment["VACANCY_LEDGER_BIN"] { return URL(fileURLWithPath: path) }
        var candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                          URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug"))
        for dir in candidates {
            let url = dir.appendingPathComponent("vacancy-ledger")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return candidates[0].appendingPathComponent("vacancy-ledger")
    }()

    let dir: URL
    let db: String
    /// `VACANCY_LEDGER_NOW` for reproducible hashes (golden files).
    var fixedNow: String?
    /// More environment for every run (the service tests' server and token).
    var environment: [String: String] = [:]

    init(fixedNow: String) throws {
        try self.init()
        self.fixedNow = fixedNow
    }

    init() throws {
        dir = try temporaryFolder("vl-cli")
        db = dir.appendingPathComponent("ledger.sqlite").path
    }

    func start(_ args: [String], stdout: Any, stderr: Any) throws -> Process {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["VACANCY_LEDGER_DB"] = db
        env["USER"] = "Søren Ågård"
        // English unless a test asks for Danish: the machine's locale must not decide.
        env["VACANCY_LEDGER_LANG"] = "en"
        if let fixedNow { env["VACANCY_LEDGER_NOW"] = fixedNow }
        env.merge(environment) { $1 }
        process.environment = env
        process.currentDirectoryURL = dir
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        return process
    }

    @discardableResult
    func run(_ args: String...) throws -> Result { try run(args) }

    func run(_ args: [String]) throws -> Result {
        let out = Pipe(), err = Pipe()
        let process = try start(args, stdout: out, stderr: err)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(code: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// The number of journal entries; throws (failing the test) when `verify` cannot say,
    /// so a "nothing written" comparison can never compare two failures.
    func journalEntries(sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let result = try run("verify", "--format", "json")
        let entries = try #require(result.json["entries"] as? Int, "verify gave no entry count: exit \(result.code), \(result.stderr)",
                                   sourceLocation: sourceLocation)
        try #require(entries > 0, "an initialised ledger has entries", sourceLocation: sourceLocation)
        return entries
    }

    func expectFailure(_ result: Result, code: Int32, mentions: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.code == code, "exit \(result.code): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.split(separator: "\n").count == 1,
                "one error line: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(mentions), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    func setUp() throws {
        #expect(try run("init").code == 0)
        #expect(try run("department", "add", "AAB-15", "--name", "Ærtebjerghave", "--units", "120",
                        "--staircase", "department", "--step", "1", "--at-risk").code == 0)
    }

    /// CLI.md: `--db` before the subcommand as well as after it.
    @Test func dbIsAGlobalOptionBeforeOrAfterTheSubcommand() throws {
        try setUp()
        let other = dir.appendingPathComponent("other.sqlite").path
        #expect(try run("--db", other, "init").code == 0)
        #expect(try run("--db", other, "department", "add", "KAB-1", "--name", "Kløverparken", "--units", "9",
                        "--staircase", "department", "--step", "2").code == 0)
        let before = try run("--db=\(other)", "department", "list", "--format", "json")
        #expect(before.code == 0 && before.stdout.contains("KAB-1") && !before.stdout.contains("AAB-15"), "\(before.stdout)")
        let after = try run("department", "list", "--format", "json", "--db", other)
        #expect(after.stdout == before.stdout)
        #expect(try run("department", "list", "--format", "json").stdout.contains("AAB-15"), "without --db: $VACANCY_LEDGER_DB")
    }

    @Test func theExecutableIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable.path), "\(Self.executable.path)")
    }

    @Test func initTwiceChangesNothing() throws {
        try setUp()
        let before = try journalEntries()
        let again = try run("init")
        #expect(again.code == 0 && again.stdout.contains("nothing changed"))
        #expect(try journalEntries() == before)
    }

    @Test func logPrintsTheContractJSON() throws {
        try setUp()
        let result = try run("log", "AAB-15", "--unit", "0012", "--date", "2024-02-01", "--format", "json")
        #expect(result.code == 0, "\(result.stderr)")
        let json = result.json
        for key in ["vacancy", "department", "number", "date", "unit", "rehousing", "patternRoute", "route", "offered",
                    "withheld", "criteria", "outcome", "rules", "policy", "policyVersion", "dryRun", "counters", "headroom"] {
            #expect(json.keys.contains(key), "missing \(key)")
        }
        #expect(json["unit"] as? String == "0012")
        #expect(json["withheld"] as? String == "cap" && json["route"] as? String == "flexible")
        #expect(json["rules"] as? [String] == ["R4", "G1"] && (json["criteria"] as? [Any])?.isEmpty == true)
        #expect(json["outcome"] is NSNull && json["dryRun"] as? Bool == false && json["policyVersion"] as? Int == 1)
        let counters = json["counters"] as? [String: Int] ?? [:]
        #expect(counters["vacancies"] == 1 && counters["withheld"] == 1 && counters["realised"] == 0)
        for key in ["vacancies", "offered", "pending", "realised", "returned", "withheld"] { #expect(counters[key] != nil) }
        #expect(json["by"] as? String == "Søren Ågård", "--by defaults to $USER")
        let dry = try run("log", "AAB-15", "--unit", "0013", "--date", "2024-02-01", "--dry-run", "--format", "json").json
        #expect(dry["vacancy"] is NSNull && dry["dryRun"] as? Bool == true && dry["number"] as? Int == 2)
        let explain = try run("explain", "1", "--format", "json").json
        #expect((explain["countersAtDecision"] as? [String: Int])?["vacancies"] == 1)
        #expect((explain["explanation"] as? [String])?.contains { $0.hasPrefix("G1") } == true)
    }

    @Test func aSecondLogWithTheSameRefWritesNothing() throws {
        try setUp()
        let first = try run("log", "AAB-15", "--unit", "7", "--date", "2024-03-01", "--ref", "K-1", "--format", "json")
        let entries = try journalEntries()
        let second = try run("log", "AAB-15", "--unit", "7", "--date", "2024-03-01", "--ref", "K-1", "--format", "json")
        #expect(second.code == 0 && second.json["vacancy"] as? Int == first.json["vacancy"] as? Int)
        #expect(try journalEntries() == entries)
        expectFailure(try run("log", "AAB-15", "--unit", "8", "--date", "2024-03-01", "--ref", "K-1"), code: 65, mentions: "K-1")
    }

    @Test func exitCodesFollowTheContract() throws {
        expectFailure(try run("audit"), code: 65, mentions: "init")
        try setUp()
        expectFailure(try run("department", "add", "AAB-16", "--name", "x", "--units", "3", "--staircase", "department", "--step", "5"),
                      code: 64, mentions: "--step 5")
        expectFailure(try run("settle", "1", "--outcome", "maybe", "--date", "2024-01-01"), code: 64, mentions: "maybe")
        expectFailure(try run("frobnicate"), code: 64, mentions: "frobnicate")
        expectFailure(try run("log", "AAB-99", "--unit", "1", "--date", "2024-01-01"), code: 65, mentions: "AAB-99")
        expectFailure(try run("log", "AAB-15", "--unit", "1", "--date", "2025-02-30"), code: 65, mentions: "2025-02-30")
        expectFailure(try run("log", "AAB-15", "--unit", "1", "--date", "2028-01-01"), code: 65, mentions: "R7")
        expectFailure(try run("department", "add", "AAB-15", "--name", "x", "--units", "3", "--staircase", "department", "--step", "1"),
                      code: 65, mentions: "already exists")
        expectFailure(try run("department", "add", "AAB-17", "--name", "x", "--units", "3", "--staircase", "area", "--step", "1", "--at-risk"),
                      code: 65, mentions: "--at-risk")
        // Vacancies 1 (withheld), 2, 3 (offered), 4, 5 (offered): only one realised fits.
        for i in 1...5 { #expect(try run("log", "AAB-15", "--unit", "\(i)", "--date", "2024-03-01").code == 0) }
        expectFailure(try run("settle", "1", "--outcome", "referred", "--date", "2024-03-02"), code: 65, mentions: "not offered")
        #expect(try run("settle", "3", "--outcome", "referred", "--date", "2024-03-02").code == 0)
        let entries = try journalEntries()
        expectFailure(try run("settle", "5", "--outcome", "rehoused", "--date", "2024-03-02"), code: 3, mentions: "S1")
        #expect(try journalEntries() == entries, "nothing written")
        // n = 5, realised 1: voiding 2 and 4 keeps 3 × 1 ≤ 3; voiding 1 as well would not.
        #expect(try run("void", "2", "--reason", "mistake").code == 0)
        #expect(try run("void", "4", "--reason", "mistake").code == 0)
        expectFailure(try run("void", "1", "--reason", "mistake"), code: 3, mentions: "--force")
        #expect(try run("audit", "--strict").code == 0)
        let voided = try run("void", "1", "--reason", "mistake", "--force")
        #expect(voided.code == 0 && voided.stdout.contains("Void: it no longer counts") && !voided.stdout.contains("answer pending"),
                "\(voided.stdout)")
        #expect(voided.stdout.contains("Void: mistake (by") && voided.stdout.contains("forced through an I1 refusal"))
        let strict = try run("audit", "--strict", "--format", "json")
        #expect(strict.code == 4 && strict.stdout.contains("\"breach\""))
        // Each failing department and period on stderr, one line each (CLI.md).
        #expect(strict.stderr == "breach: AAB-15 2024-01-01/2027-12-31: one in 3 broken on 2024-03-02; realised 1 of 2 vacancies, 1 pending\n",
                "\(strict.stderr)")
        // --fail-at-limit implies --strict.
        let atLimit = try run("audit", "--fail-at-limit")
        #expect(atLimit.code == 4 && atLimit.stderr.hasPrefix("breach: AAB-15 "), "\(atLimit.stderr)")
        expectFailure(try run("void", "1", "--reason", "again", "--force"), code: 65, mentions: "void")
        let explained = try run("explain", "1", "--format", "json")
        #expect(explained.stdout.contains("\"status\":\"void\"") && !explained.stdout.contains("settle 1"), "\(explained.stdout)")
        let listed = try run("vacancies")
        #expect(listed.stdout.contains("status") && listed.stdout.contains(" void ") && listed.stdout.contains("voided"), "\(listed.stdout)")
        #expect(try run("verify").code == 0)
    }

    @Test func settleForceRecordsARefusedAnswerAsAVisibleBreach() throws {
        try setUp()
        for i in 1...5 { #expect(try run("log", "AAB-15", "--unit", "\(i)", "--date", "2024-03-0\(i)").code == 0) }
        #expect(try run("settle", "3", "--outcome", "referred", "--date", "2024-03-03").code == 0)
        let refused = try run("settle", "5", "--outcome", "rehoused", "--date", "2024-03-05")
        expectFailure(refused, code: 3, mentions: "on 2024-03-05")
        #expect(refused.stderr.contains("--force") && refused.stderr.contains("no settlement date in the period would hold"), "\(refused.stderr)")
        let forced = try run("settle", "5", "--outcome", "rehoused", "--date", "2024-03-05", "--force", "--format", "json")
        #expect(forced.code == 0 && forced.stdout.contains("\"outcome\":\"rehoused\""), "\(forced.stderr)")
        let strict = try run("audit", "--strict")
        #expect(strict.code == 4 && strict.stderr.contains("breach: AAB-15 2024-01-01/2027-12-31: one in 3 broken on 2024-03-05"))
        let verify = try run("verify")
        #expect(verify.code == 0 && verify.stdout.contains("breach: AAB-15 2024-01-01/2027-12-31: one in 3 broken from 2024-03-05"),
                "\(verify.stdout)")
    }

    @Test func verifyExitsFourOnAFault() throws {
        try setUp()
        #expect(try run("log", "AAB-15", "--unit", "1", "--date", "2024-03-01").code == 0)
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [db, "DROP TRIGGER vacancy_no_update; UPDATE vacancy SET unit = 'x';"]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        let verify = try run("verify")
        #expect(verify.code == 4 && verify.stdout.contains("FAULT"))
    }

    @Test func danishNamesRoundTripByteExactInJSONAndCSV() throws {
        try setUp()
        // Typed decomposed (NFD): stored and printed composed (NFC).
        let nfdName = "Ærtebjerghave Øst, Åen".decomposedStringWithCanonicalMapping
        #expect(try run("department", "add", "ØBO-7", "--name", nfdName, "--units", "40", "--staircase", "department", "--step", "3").code == 0)
        let log = try run("log", "øbo-7", "--unit", "Ågade 3, 2. th", "--date", "2024-03-01", "--by", "Søren Ågård", "--format", "json")
        #expect(log.code == 0, "\(log.stderr)")
        #expect(log.stdout.contains("\"department\":\"ØBO-7\"") && log.stdout.contains("\"unit\":\"Ågade 3, 2. th\""))
        #expect(log.stdout.contains("\"by\":\"Søren Ågård\""), "raw UTF-8, not \\u escapes")
        let listed = try run("vacancies", "ØBO-7", "--format", "csv")
        #expect(listed.stdout.hasPrefix("vacancy,department,number,date,unit,"))
        #expect(listed.stdout.contains(",ØBO-7,1,2024-03-01,\"Ågade 3, 2. th\","))
        #expect(listed.stdout.contains(",Søren Ågård,"), "the clerk, byte-exact in CSV")
        let listedJSON = try run("vacancies", "--format", "json")
        #expect(listedJSON.stdout.contains("\"by\":\"Søren Ågård\""))
        let show = try run("department", "show", "ØBO-7", "--format", "json")
        #expect(show.stdout.contains("\"name\":\"Ærtebjerghave Øst, Åen\""))
        let csv = try run("audit", "--format", "csv")
        #expect(csv.stdout.contains("ØBO-7,ØBO,\"Ærtebjerghave Øst, Åen\",2024-01-01/2027-12-31,3,department"))
        let header = csv.stdout.split(separator: "\r\n").first.map(String.init) ?? ""
        let json = try run("audit", "--format", "json").json
        let row = (json["departments"] as? [[String: Any]])?.first ?? [:]
        for key in row.keys where !(row[key] is [String: Any]) { #expect(header.split(separator: ",").contains(Substring(key)), "CSV header lacks \(key)") }
        let table = try run("audit")
        // Danish letters count as one column each: the period column lines up on every row.
        let offsets = table.stdout.split(separator: "\n").compactMap { line -> Int? in
            line.range(of: "2024-01-01/").map { line.distance(from: line.startIndex, to: $0.lowerBound) }
        }
        #expect(offsets.count == 2 && Set(offsets).count == 1, "\(table.stdout)")
    }

    @Test func severalProcessesLoggingAtOnceLoseNothing() throws {
        try setUp()
        let workers = 4, each = 10
        var processes: [(Process, Pipe, Pipe)] = []
        for w in 0..<workers {
            let script = (1...each).map { "\"$0\" log AAB-15 --unit w\(w)-\($0) --date 2024-04-0\(1 + $0 % 9) --ref w\(w)-\($0) >/dev/null || exit $?" }.joined(separator: "\n")
            let out = Pipe(), err = Pipe()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script, Self.executable.path]
            var env = ProcessInfo.processInfo.environment
            env["VACANCY_LEDGER_DB"] = db
            process.environment = env
            process.standardOutput = out
            process.standardError = err
            try process.run()
            processes.append((process, out, err))
        }
        for (process, _, err) in processes {
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(stderr)")
            #expect(!stderr.contains("locked"))
        }
        let show = try run("department", "show", "AAB-15", "--format", "json").json
        let counters = ((show["periods"] as? [[String: Any]])?.first?["counters"] as? [String: Int]) ?? [:]
        #expect(counters["vacancies"] == workers * each)
        #expect(3 * (counters["realised"] ?? 99) <= (counters["vacancies"] ?? 0))
        #expect(try run("verify").code == 0)
        let numbers = try (1...(workers * each)).map { try run("explain", "\($0)", "--format", "json").json["number"] as? Int ?? 0 }
        #expect(Set(numbers) == Set(1...(workers * each)), "every number once")
    }

    @Test func concurrentClerksNeverBothTakeTheLastReferralSlot() throws {
        #expect(try run("init").code == 0)
        #expect(try run("department", "add", "KAB-1", "--name", "Kløverparken", "--units", "90", "--staircase", "department", "--step", "1").code == 0)
        for i in 1...10 { #expect(try run("log", "KAB-1", "--unit", "\(i)", "--date", "2024-05-01").code == 0) }
        // Offers 3, 5, 7, 9, 10 are pending; realising 3 and 5 leaves one slot (3 × 3 ≤ 10).
        #expect(try run("settle", "3", "--outcome", "referred", "--date", "2024-05-02").code == 0)
        #expect(try run("settle", "5", "--outcome", "referred", "--date", "2024-05-02").code == 0)
        var processes: [(Process, Pipe, Pipe)] = []
        for id in [7, 9, 10] {
            let out = Pipe(), err = Pipe()
            processes.append((try start(["settle", "\(id)", "--outcome", "referred", "--date", "2024-05-03"], stdout: out, stderr: err), out, err))
        }
        var codes: [Int32] = []
        for (process, out, err) in processes {
            _ = out.fileHandleForReading.readDataToEndOfFile()
            _ = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            codes.append(process.terminationStatus)
        }
        #expect(codes.sorted() == [0, 3, 3], "exactly one clerk takes the last slot: \(codes)")
        #expect(try run("verify").code == 0)
    }

    @Test func demoRunsOnAFreshFolder() throws {
        let result = try run("demo", "--small")
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Ærtebjerghave") && result.stdout.contains("verify: ok"))
        #expect(try run("demo", "--small").code == 0, "a second demo replaces the first")
        // Never replaces a file that is not a ledger.
        try Data("not a ledger".utf8).write(to: dir.appendingPathComponent("precious.sqlite"))
        #expect(try run("demo", "--small", "--db", "precious.sqlite").code == 65)
        // Nor a real ledger: one where anybody but the demo recorded anything.
        try setUp()
        let before = try journalEntries()
        expectFailure(try run("demo", "--small", "--db", db), code: 65, mentions: "not made by the demo")
        expectFailure(try run("--db", db, "demo", "--small"), code: 65, mentions: "not made by the demo")
        #expect(try journalEntries() == before)
    }
}
