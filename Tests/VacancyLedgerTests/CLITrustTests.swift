import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The built CLI against crashes, read-only copies, outputs aimed at the ledger and hostile
/// text (issue 7).
@Suite(.serialized) struct CLITrustTests {
    /// SplitMix64: a seeded generator, so a failing run can be replayed.
    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Starts a command and SIGKILLs it after `delay`; true if the kill landed while it ran.
    func killed(_ cli: CLITests, _ args: [String], after delay: Double) throws -> Bool {
        let process = try cli.start(args, stdout: Pipe(), stderr: Pipe())
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }

    /// Kills `init`, `demo` and a clerk's stream of `log`/`settle` at random moments (seeded),
    /// at least 100 landed kills; after each one the ledger is absent or whole: `verify`
    /// passes (hash chain, schema, counters equal to a recount), every acknowledged entry is
    /// there, and `init` completes an interrupted creation.
    @Test func killedAtRandomMomentsTheLedgerIsWholeOrAbsent() throws {
        let cli = try CLITests()
        var random = SeededRandom(state: UInt64(ProcessInfo.processInfo.environment["VACANCY_LEDGER_KILL_SEED"] ?? "") ?? 20_241_107)
        let fresh = cli.dir.appendingPathComponent("fresh.sqlite").path
        let demo = cli.dir.appendingPathComponent("demo.sqlite").path
        // The clerks' ledger.
        #expect(try cli.run("init").code == 0)
        #expect(try cli.run("department", "add", "AAB-15", "--name", "Ærtebjerghave", "--units", "400",
                            "--staircase", "department", "--step", "1").code == 0)
        // How long each command runs with this build (debug or release): kills are drawn within it.
        func seconds(_ args: String...) throws -> Double {
            let started = Date()
            #expect(try cli.run(args).code == 0)
            return Date().timeIntervalSince(started)
        }
        for suffix in ["", "-wal", "-shm"] { unlink(fresh + suffix) }
        let initSeconds = try seconds("init", "--db", fresh)
        let demoSeconds = try seconds("demo", "--small", "--db", demo)
        // The shortest of three: under a loaded machine one run can take several times another,
        // and a kill drawn after the process ended does not land.
        let logSeconds = try ["k0", "k0a", "k0b"].map { try seconds("log", "AAB-15", "--unit", "u-\($0)", "--date", "2024-01-15", "--ref", $0) }.min()!
        var acknowledged: Set<String> = ["k0", "k0a", "k0b"]
        var kills = 0, attempts = 0
        var landed: [String: Int] = [:]
        while kills < 110 && attempts < 400 {
            attempts += 1
            let pick = Int.random(in: 0..<20, using: &random)
            if pick < 8 {
                // init of a new ledger.
                for suffix in ["", "-wal", "-shm"] { unlink(fresh + suffix) }
                if try killed(cli, ["init", "--db", fresh], after: Double.random(in: 0...initSeconds, using: &random)) {
                    kills += 1; landed["init", default: 0] += 1
                }
                if FileManager.default.fileExists(atPath: fresh) {
                    let verify = try cli.run("verify", "--db", fresh)
                    #expect(verify.code == 0, "after a killed init the file is a whole ledger: \(verify.stdout) \(verify.stderr)")
                }
                let again = try cli.run("init", "--db", fresh)
                #expect(again.code == 0, "init after a kill: \(again.stderr)")
            } else if pick < 11 {
                // demo, replacing the previous demo.
                if try killed(cli, ["demo", "--small", "--db", demo], after: Double.random(in: 0...demoSeconds, using: &random)) {
                    kills += 1; landed["demo", default: 0] += 1
                }
                if FileManager.default.fileExists(atPath: demo) {
                    let verify = try cli.run("verify", "--db", demo)
                    #expect(verify.code == 0, "after a killed demo the old or the new demo is whole: \(verify.stdout) \(verify.stderr)")
                }
            } else {
                // A clerk's stream: a log, or a settlement of a recent vacancy.
                let ref = "k\(attempts)"
                let args: [String] = pick < 17
                    ? ["log", "AAB-15", "--unit", "u\(attempts)", "--date", "2024-0\(Int.random(in: 1...9, using: &random))-15", "--ref", ref]
                    : ["settle", "\(Int.random(in: 1...max(1, acknowledged.count), using: &random))",
                       "--outcome", Bool.random(using: &random) ? "referred" : "returned", "--date", "2024-12-31"]
                if Bool.random(using: &random) {
                    if try killed(cli, args, after: Double.random(in: 0...logSeconds, using: &random)) {
                        kills += 1; landed[args[0], default: 0] += 1
                    } else if args[0] == "log" {
                        acknowledged.insert(ref)  // it finished: it must be in the ledger
                    }
                } else if try cli.run(args).code == 0, args[0] == "log" {
                    acknowledged.insert(ref)
                }
                let verify = try cli.run("verify")
                #expect(verify.code == 0, "after a killed clerk: \(verify.stdout) \(verify.stderr)")
            }
        }
        #expect(kills >= 100, "landed kills: \(kills) of \(attempts) attempts \(landed)")
        #expect(landed["init", default: 0] > 10 && landed["demo", default: 0] > 5 && landed["log", default: 0] > 10, "\(landed)")
        let listed = try cli.run("vacancies", "--format", "csv")
        for ref in acknowledged { #expect(listed.stdout.contains(",\(ref),") || listed.stdout.contains(ref), "acknowledged \(ref) is in the ledger") }
        #expect(try cli.run("verify", "--db", fresh).code == 0)
        // The last init and demo cleaned up what killed ones left behind.
        #expect(try cli.run("demo", "--small", "--db", demo).code == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.dir.path).filter { $0.contains(".building-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// A read-only copy (file 0444, folder 0555, no -wal or -shm) read by a non-root user:
    /// every read command works and nothing is created beside it.
    @Test func readCommandsWorkOnAReadOnlyCopyAndCreateNothing() throws {
        let cli = try CLITests()
        try cli.setUp()
        for i in 1...6 { #expect(try cli.run("log", "AAB-15", "--unit", "\(i)", "--date", "2024-03-0\(i)").code == 0) }
        #expect(try cli.run("settle", "3", "--outcome", "referred", "--date", "2024-03-10").code == 0)
        // A copy as an auditor gets it: the file alone, in a folder of its own.
        let root = cli.dir.appendingPathComponent("ro")
        let folder = root.appendingPathComponent("copy")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect(try cli.run("backup", folder.appendingPathComponent("ledger.sqlite").path).code == 0)
        let copy = folder.appendingPathComponent("ledger.sqlite").path
        // The executable where another user can run it.
        let bin = root.appendingPathComponent("vacancy-ledger").path
        try FileManager.default.copyItem(atPath: CLITests.executable.path, toPath: bin)
        chmod(copy, 0o444)
        chmod(folder.path, 0o555)
        for path in [cli.dir.path, root.path] { chmod(path, 0o755) }
        chmod(bin, 0o755)
        defer { chmod(folder.path, 0o755) }
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(before == ["ledger.sqlite"])
        let asRoot = geteuid() == 0
        for args in [["audit", "--format", "csv"], ["audit", "--group-by", "city"], ["export", "--year", "2024"], ["explain", "3"],
                     ["verify"], ["vacancies"], ["report", "--year", "2024"], ["department", "list"], ["checkpoint"]] {
            let process = Process()
            // Root reads anything: run as nobody, so file permissions apply as they do for an auditor.
            process.executableURL = URL(fileURLWithPath: asRoot ? "/usr/bin/setpriv" : bin)
            process.arguments = (asRoot ? ["--reuid=65534", "--regid=65534", "--clear-groups", bin] : []) + args + ["--db", copy]
            process.environment = ["PATH": "/usr/bin:/bin", "HOME": "/tmp"]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(args): \(stderr)")
            #expect(!stdout.isEmpty, "\(args) printed its result")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == before, "nothing created beside the copy")
    }

    /// `-o`, `--out` and `--html` never overwrite the ledger or another SQLite database, and
    /// a file that cannot be written is explained in plain words.
    @Test func outputsRefuseTheLedgerAndOtherDatabases() throws {
        let cli = try CLITests()
        try cli.setUp()
        #expect(try cli.run("log", "AAB-15", "--unit", "1", "--date", "2024-03-01").code == 0)
        let other = cli.dir.appendingPathComponent("other.sqlite").path
        #expect(try cli.run("init", "--db", other).code == 0)
        let ledgerBytes = try Data(contentsOf: URL(fileURLWithPath: cli.db))
        let otherBytes = try Data(contentsOf: URL(fileURLWithPath: other))
        let link = cli.dir.appendingPathComponent("alias.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: cli.db)
        for args in [["export", "--year", "2024", "-o", cli.db], ["audit", "--format", "csv", "-o", cli.db],
                     ["report", "--year", "2024", "--html", cli.db], ["audit", "-o", link], ["export", "--year", "2024", "--out", other],
                     ["checkpoint", "-o", cli.db], ["backup", cli.db], ["backup", other], ["audit", "--format", "csv", "-o", cli.db + "-wal"]] {
            cli.expectFailure(try cli.run(args), code: 65, mentions: args[0] == "backup" ? "nothing was written" : "nothing was written")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.db)) == ledgerBytes, "the ledger is untouched")
        #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == otherBytes)
        #expect(try cli.run("verify").code == 0)
        let missing = try cli.run("audit", "-o", cli.dir.appendingPathComponent("no/such/folder/a.csv").path)
        cli.expectFailure(missing, code: 1, mentions: "does not exist")
        #expect(!missing.stderr.contains("NSCocoaErrorDomain"))
        // A report file is replaced whole, and no partial file is left beside it.
        let report = cli.dir.appendingPathComponent("audit.csv").path
        #expect(try cli.run("audit", "-o", report).code == 0)
        #expect(try cli.run("audit", "-o", report).code == 0)
        #expect(try String(contentsOfFile: report, encoding: .utf8).hasPrefix("department,"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.dir.path).allSatisfy { !$0.contains(".partial-") })
    }

    /// Hostile or careless free text: exit 65, one short `error:` line, nothing written.
    @Test func badFreeTextIsRefusedOnOneLineAndNothingIsWritten() throws {
        let cli = try CLITests()
        try cli.setUp()
        let entries = try cli.journalEntries()
        let huge = String(repeating: "x", count: 100_000)
        let cases: [([String], String)] = [
            (["log", "AAB-15", "--unit", "1", "--date", "2024-03-01", "--by", ""], "--by"),
            (["log", "AAB-15", "--unit", "1", "--date", "2024-03-01", "--by", "   "], "--by"),
            (["log", "AAB-15", "--unit", "a\nb", "--date", "2024-03-01"], "--unit"),
            (["log", "AAB-15", "--unit", "\u{1B}[2J\u{1B}[31mred", "--date", "2024-03-01"], "--unit"),
            (["log", "AAB-15", "--unit", huge, "--date", "2024-03-01"], "--unit"),
            (["log", "AAB-15", "--unit", "1", "--date", "2024-03-01", "--ref", "r\u{7}"], "--ref"),
            (["log", "AAB-15", "--unit", "1", "--date", "2024-03-01", "--by", "Mallory\u{202E}"], "--by"),
            (["log", "AAB-15", "--unit", "1", "--date", "0001-01-01"], "0001-01-01"),
            (["log", "AAB-15\nfake line", "--unit", "1", "--date", "2024-03-01"], "department id"),
            (["department", "add", "AAB-16", "--name", " \t ", "--units", "3", "--staircase", "department", "--step", "1"], "--name"),
            (["department", "add", "AAB-16", "--name", "x", "--units", "3", "--staircase", "department", "--step", "1", "--from", "0001-01-01"], "0001-01-01"),
            (["void", "1", "--reason", "\n"], "--reason"),
            (["audit", "--year", "99999"], "--year"),
        ]
        for (args, mentions) in cases {
            let result = try cli.run(args)
            cli.expectFailure(result, code: 65, mentions: mentions)
            #expect(result.stderr.count < 600, "short: \(result.stderr.count) characters")
            #expect(!result.stderr.dropLast().unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "no raw control characters")
        }
        // CSV: NUL bytes, escape codes and blank names in a department import.
        for name in ["Nul\u{0}byte", "\u{1B}]0;pwned\u{7}", "  ", String(repeating: "n", count: 5_000)] {
            let file = cli.dir.appendingPathComponent("departments.csv")
            try Data("id,name,units,staircase,step,base_step,at_risk,exempt,reserved,criteria,from\r\nKAB-1,\"\(name)\",10,department,2,,,,,,\r\n".utf8).write(to: file)
            let result = try cli.run("department", "import", file.path)
            cli.expectFailure(result, code: 65, mentions: "column name")
            #expect(result.stderr.count < 600)
        }
        #expect(try cli.journalEntries() == entries, "nothing written")
    }

    @Test func S1_refusalExitsThreeAndWritesNothing() throws {
        let cli = try CLITests()
        try cli.setUp()
        for i in 1...5 { #expect(try cli.run("log", "AAB-15", "--unit", "\(i)", "--date", "2024-03-01").code == 0) }
        #expect(try cli.run("settle", "3", "--outcome", "referred", "--date", "2024-03-02").code == 0)
        let entries = try cli.journalEntries()
        let refused = try cli.run("settle", "5", "--outcome", "referred", "--date", "2024-03-02", "--format", "json")
        cli.expectFailure(refused, code: 3, mentions: "S1")
        #expect(try cli.journalEntries() == entries, "nothing written")
        let explain = try cli.run("explain", "5", "--format", "json").json
        #expect(explain["outcome"] is NSNull && explain["offered"] as? Bool == true, "the offer stays pending")
    }

    @Test func aVoidRefusalAdvisesOnlyWhatCanBeDone() throws {
        let cli = try CLITests()
        try cli.setUp()
        for i in 1...5 { #expect(try cli.run("log", "AAB-15", "--unit", "\(i)", "--date", "2024-03-01").code == 0) }
        #expect(try cli.run("settle", "3", "--outcome", "referred", "--date", "2024-03-02").code == 0)
        #expect(try cli.run("void", "5", "--reason", "x").code == 0)
        #expect(try cli.run("void", "4", "--reason", "x").code == 0)
        // n = 3 with one realised: voiding the withheld 1 breaks I1; it has no settlement to void.
        let withheld = try cli.run("void", "1", "--reason", "x")
        cli.expectFailure(withheld, code: 3, mentions: "--force")
        #expect(!withheld.stderr.contains("--settlement"), "\(withheld.stderr)")
        // Voiding the realised offer itself: its settlement can be voided first.
        let realised = try cli.run("void", "3", "--reason", "x")
        if realised.code == 3 { #expect(realised.stderr.contains("void 3 --settlement")) }
    }

    /// P3: an area just under 1,000 residents with two risk-zone criteria but no
    /// `non_western_share` stays on the department staircase, and `placement explain` says why.
    @Test func P3_placementExplainSaysWhenTheNonWesternShareIsMissing() throws {
        let cli = try CLITests()
        try cli.setUp()
        let file = cli.dir.appendingPathComponent("indicators.csv")
        let header = "department,residents,area_list,area_residents,outside_work_share,conviction_ratio,primary_school_only_share,income_ratio,referred_share,at_risk,exempt"
        try Data("\(header)\nAAB-15,900,none,975,0.35,0.5,0.2,0.60,0.10,false,false\n".utf8).write(to: file)
        #expect(try cli.run("placement", "compute", file.path, "--effective", "2025-01-01").code == 0)
        let explain = try cli.run("placement", "explain", "AAB-15")
        #expect(explain.stdout.contains("department step") && explain.stdout.contains("non-Western share not given"), "\(explain.stdout)")
        #expect(explain.stdout.contains("no non_western_share: not listable as forebyggelse (P2)"), "\(explain.stdout)")
        // With the share above 30 %, the same area is placed as if forebyggelse.
        try Data("\(header),non_western_share\nAAB-15,900,none,975,0.35,0.5,0.2,0.60,0.10,false,false,0.42\n".utf8).write(to: file)
        #expect(try cli.run("placement", "compute", file.path, "--effective", "2026-01-01").code == 0)
        let listed = try cli.run("placement", "explain", "AAB-15")
        #expect(listed.stdout.contains("area step 1") && listed.stdout.contains("placed as if forebyggelse (P2)"), "\(listed.stdout)")
        #expect(try cli.run("verify").code == 0)
    }

    @Test func checkpointKeygenSignAndVerifyThroughTheCLI() throws {
        let cli = try CLITests()
        try cli.setUp()
        #expect(try cli.run("log", "AAB-15", "--unit", "1", "--date", "2024-03-01").code == 0)
        let key = cli.dir.appendingPathComponent("keys/checkpoint.key").path
        try FileManager.default.createDirectory(atPath: cli.dir.appendingPathComponent("keys").path, withIntermediateDirectories: true)
        #expect(try cli.run("checkpoint", "keygen", "-o", key).code == 0)
        var info = stat()
        #expect(stat(key, &info) == 0 && info.st_mode & 0o777 == 0o600, "the private key is its owner's only")
        cli.expectFailure(try cli.run("checkpoint", "keygen", "-o", key), code: 65, mentions: "never overwritten")
        let file = cli.dir.appendingPathComponent("checkpoints.txt").path
        let line = try cli.run("checkpoint", "--key", key, "-o", file)
        #expect(line.code == 0 && line.stdout.split(separator: "\n").count == 1 && line.stdout.contains(" sig="), "\(line.stdout)")
        #expect(try cli.run("log", "AAB-15", "--unit", "2", "--date", "2024-03-02").code == 0)
        let ok = try cli.run("verify", "--checkpoint", file, "--public-key", key + ".pub", "--format", "json")
        #expect(ok.code == 0 && ok.json["checkpointsChecked"] as? Int == 1, "\(ok.stdout) \(ok.stderr)")
        // A checkpoint from another ledger is not extended by this one.
        let other = cli.dir.appendingPathComponent("other.sqlite").path
        #expect(try cli.run("init", "--db", other).code == 0)
        #expect(try cli.run("verify", "--db", other, "--checkpoint", file).code == 4)
        cli.expectFailure(try cli.run("verify", "--checkpoint", cli.db), code: 65, mentions: "--checkpoint")
    }

    /// `verify` leaves SQLite's O(N log N) page check to `--deep`, and says which it ran.
    @Test func verifyDeepAddsSQLitesChecksAndSaysSo() throws {
        let cli = try CLITests()
        try cli.setUp()
        #expect(try cli.run("log", "AAB-15", "--unit", "1", "--date", "2024-03-01").code == 0)
        let plain = try cli.run("verify", "--format", "json")
        #expect(plain.code == 0 && plain.json["deep"] as? Bool == false, "\(plain.stdout) \(plain.stderr)")
        let deep = try cli.run("verify", "--deep", "--format", "json")
        #expect(deep.code == 0 && deep.json["deep"] as? Bool == true && deep.json["ok"] as? Bool == true, "\(deep.stdout) \(deep.stderr)")
        let text = try cli.run("verify", "--deep")
        #expect(text.stdout.contains("ok: integrity, schema, hash chain"), "\(text.stdout)")
        #expect(try cli.run("verify").stdout.contains("ok: schema, hash chain"))
        let file = cli.dir.appendingPathComponent("cp.txt").path
        #expect(try cli.run("checkpoint", "-o", file).code == 0)
        cli.expectFailure(try cli.run("verify", "--deep", "--since", file), code: 64, mentions: "--deep")
    }
}
