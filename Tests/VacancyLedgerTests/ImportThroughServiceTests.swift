import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import Testing

/// Feeds into the shared ledger (issue 28): `import --server` runs the local import in the
/// service, as the token's holder, batch by batch between the clerks' writes.
@Suite(.serialized) struct ImportThroughServiceTests {
    /// A local ledger set up as `ServiceTests.Served` sets up its own.
    static func twin() throws -> CLITests {
        let twin = try CLITests()
        #expect(try twin.run("init").code == 0)
        for (id, name, step) in [("AAB-15", "Ærtebjerghave", "1"), ("FSB-2", "Østerbrogården", "4")] {
            #expect(try twin.run("department", "add", id, "--name", name, "--units", "120", "--staircase", "department",
                                 "--step", step).code == 0)
        }
        return twin
    }

    static func write(_ text: String, in cli: CLITests, as name: String) throws -> String {
        let path = cli.dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A feed of `count` vacancies in AAB-15 from 2024-02-01, with a recorded route on each
    /// (some of them disagree with the rules) and answers on every fourth.
    static func feed(_ count: Int, answers: Bool = false) -> String {
        var lines = ["ref,department,unit,date,recorded_route" + (answers ? ",outcome,settled_on" : "")]
        for i in 0..<count {
            let day = CivilDay.from(2024, 2, 1).adding(i / 3)
            let answer = answers ? (i % 4 == 0 ? ",referred,\(day.adding(20))" : ",,") : ""
            lines.append("f\(i),AAB-15,Ø\(i),\(day),\(i % 2 == 0 ? "referral" : "flexible")\(answer)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The vacancies as the auditor reads them, without what differs by design between a
    /// served and a local ledger (who wrote them).
    static func vacancies(_ cli: CLITests) throws -> [String] {
        let listed = try cli.run("vacancies", "--format", "json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]], "\(listed.stderr)")
        return rows.map { row in
            ["vacancy", "department", "number", "date", "unit", "route", "offered", "withheld", "outcome", "ref", "settledOn"]
                .map { key in
                    if row[key] is NSNull { return "-" }
                    if key == "offered" { return (row[key] as? Bool) == true ? "true" : "false" }
                    return "\(row[key] ?? "-")"
                }
                .joined(separator: "|")
        }
    }

    @Test func aClerksFeedThroughTheServiceIsTheLocalImportLineByLineAndARerunAddsNothing() throws {
        let served = try ServiceTests.Served()
        let twin = try Self.twin()
        let text = Self.feed(40)
        let file = try Self.write(text, in: served.local, as: "feed.csv")
        let twinFile = try Self.write(text, in: twin, as: "feed.csv")
        let remote = try served.client("aab").run("import", file, "--format", "json", "--report", "remote.csv", "--batch-size", "7")
        #expect(remote.code == 0, "\(remote.stderr)")
        let local = try twin.run("import", twinFile, "--format", "json", "--report", "local.csv", "--by", "Åse Clerk", "--batch-size", "7")
        #expect(local.code == 0, "\(local.stderr)")
        #expect(remote.stdout == local.stdout, "the same summary and listed lines")
        #expect((remote.json["listed"] as? [Any])?.isEmpty == false, "the feed has disagreements to list")
        #expect(remote.stderr == local.stderr)
        let reports = try ["remote.csv", "local.csv"].enumerated().map { index, name in
            try String(contentsOf: (index == 0 ? served.local : twin).dir.appendingPathComponent(name), encoding: .utf8)
        }
        #expect(reports[0] == reports[1] && reports[0].split(whereSeparator: \.isNewline).count > 1, "the report is written by the client")
        #expect(try Self.vacancies(served.local) == Self.vacancies(twin))
        // Every imported entry records the clerk's token.
        let tokens = try DatabaseQueue(path: served.local.db).read { db in
            try Int64.fetchAll(db, sql: "SELECT DISTINCT coalesce(token_id, 0) FROM vacancy")
        }
        #expect(tokens.count == 1 && tokens[0] > 0)
        // A rerun adds nothing; a dry run writes nothing.
        let before = try served.entries()
        let again = try served.client("aab").run("import", file, "--format", "json")
        #expect(again.code == 0 && again.json["added"] as? Int == 0 && again.json["alreadyPresent"] as? Int == 40, "\(again.stdout)")
        let dry = try served.client("aab").run("import", try Self.write(Self.feed(45), in: served.local, as: "more.csv"), "--dry-run")
        #expect(dry.code == 0 && dry.stderr.contains("dry run, nothing written: 5 added"), "\(dry.stderr)")
        #expect(try served.entries() == before)
        #expect(try served.local.run("verify").code == 0)
    }

    @Test func aFileWithAnyRowTheTokenMayNotWriteIsRefusedWholeNamingEveryLine() throws {
        let served = try ServiceTests.Served()
        let before = try served.entries()
        let file = try Self.write("""
            ref,department,unit,date,outcome,settled_on
            a1,AAB-15,1,2024-02-01,,
            a2,FSB-2,2,2024-02-01,,
            a3,AAB-15,3,2024-02-02,referred,2024-03-01
            a4,AAB-15,4,2024-02-03,,

            """, in: served.local, as: "planted.csv")
        let refused = try served.client("aab").run("import", file, "--report", "refused.json")
        served.local.expectFailure(refused, code: 77, mentions: "may not")
        #expect(refused.stderr.contains("2 lines"), "\(refused.stderr)")
        let report = try String(contentsOf: served.local.dir.appendingPathComponent("refused.json"), encoding: .utf8)
        #expect(report.contains("\"line\": 3") && report.contains("FSB-2") && report.contains("\"line\": 4")
                && report.contains("answers") && !report.contains("\"line\": 2"), "\(report)")
        for role in ["auditor", "municipality"] {
            #expect(try served.client(role).run("import", file).code == 77, "\(role)")
        }
        // Bad data is 65, as on the file.
        let bad = try Self.write("ref,department,unit,date\nb1,AAB-15,1,2024-02-31\n", in: served.local, as: "bad.csv")
        served.local.expectFailure(try served.client("aab").run("import", bad), code: 65, mentions: "line 2")
        #expect(try served.entries() == before, "nothing written")
        // An admin imports anything: the history.
        #expect(try served.client("admin").run("import", file).code == 0)
    }

    @Test func theMunicipalityImportsAnswersOnlyAndAnUnknownRefIsListedAsTheLocalImportDoes() throws {
        let served = try ServiceTests.Served()
        let twin = try Self.twin()
        let text = Self.feed(24)
        #expect(try served.client("aab").run("import", try Self.write(text, in: served.local, as: "feed.csv")).code == 0)
        #expect(try twin.run("import", try Self.write(text, in: twin, as: "feed.csv"), "--by", "Åse Clerk").code == 0)
        let offered = try Self.vacancies(twin).filter { $0.split(separator: "|")[6] == "true" }.map { String($0.split(separator: "|")[9]) }
        #expect(offered.count >= 3)
        var answers = ["ref,department,outcome,settled_on"]
        for (i, ref) in offered.enumerated() { answers.append("\(ref),AAB-15,\(i % 2 == 0 ? "referred" : "returned"),2024-06-0\(1 + i % 9)") }
        answers.append("nowhere,AAB-15,referred,2024-06-01")
        let answersText = answers.joined(separator: "\n") + "\n"
        let remote = try served.client("municipality").run("import", try Self.write(answersText, in: served.local, as: "answers.csv"),
                                                           "--format", "json")
        let local = try twin.run("import", try Self.write(answersText, in: twin, as: "answers.csv"), "--format", "json", "--by", "Københavns Kommune")
        #expect(remote.code == 0 && local.code == 0, "\(remote.stderr) \(local.stderr)")
        #expect(remote.stdout == local.stdout)
        #expect(remote.stdout.contains("\"kind\":\"unknown-ref\"") && remote.stdout.contains("nowhere"), "\(remote.stdout)")
        #expect(try Self.vacancies(served.local) == Self.vacancies(twin))
        #expect(try served.client("municipality").run("import", try Self.write(answersText, in: served.local, as: "answers.csv"),
                                                      "--format", "json").json["settled"] as? Int == 0, "a re-import adds nothing")
        // A clerk may not send the municipality's answers, even for its own departments.
        #expect(try served.client("aab").run("import", try Self.write(answersText, in: served.local, as: "answers.csv")).code == 77)
    }

    /// The clerks log while the import runs, one event a batch: the import notices every
    /// write between its batches (the journal head moved), so the ledger is what logging
    /// everything in commit order would give.
    @Test func otherClerksLogBetweenTheImportsBatchesAndTheLedgerIsTheModel() throws {
        let served = try ServiceTests.Served()
        let file = try Self.write(Self.feed(150), in: served.local, as: "feed.csv")
        let importer = try served.client("aab").start(["import", file, "--batch-size", "1"], stdout: FileHandle.nullDevice,
                                                      stderr: FileHandle.nullDevice)
        var logged = 0
        while importer.isRunning && logged < 30 {
            let result = try served.client("aab").run("log", "AAB-15", "--unit", "L\(logged)", "--date", "2024-03-20")
            #expect(result.code == 0, "\(result.stderr)")
            logged += 1
        }
        importer.waitUntilExit()
        #expect(importer.terminationStatus == 0)
        #expect(logged > 0)
        #expect(try served.local.run("verify").code == 0)
        // The model: every vacancy of AAB-15 logged on a fresh ledger in the order the
        // ledger holds them (its commit order) gets the same number and route.
        let model = try Self.twin()
        let rows = try DatabaseQueue(path: served.local.db).read { db in
            try Row.fetchAll(db, sql: "SELECT unit, vacancy_date, number, route FROM vacancy WHERE department = 'AAB-15' ORDER BY id")
        }
        #expect(rows.count == 150 + logged)
        let numbers = rows.map { $0["number"] as Int }
        #expect(numbers == Array(1...rows.count), "numbered in commit order, none twice")
        for row in rows {
            let decided = try model.run("log", "AAB-15", "--unit", row["unit"], "--date", row["vacancy_date"], "--format", "json")
            #expect(decided.json["route"] as? String == row["route"], "\(row)")
        }
    }

    /// A client that goes away mid-import: the import stops before its next batch, whole
    /// batches stay, and a rerun finishes the job as one uninterrupted import would.
    @Test func aClientThatGoesAwayStopsTheImportBetweenBatchesAndARerunFinishesIt() async throws {
        let served = try ServiceTests.Served()
        let twin = try Self.twin()
        let rows = 3000
        let text = Self.feed(rows)
        let port = try ServiceSessionAndLimitTests.port(served)
        let socket = Socket(port: port)
        try socket.send("POST /v1/import?batchSize=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(try #require(served.tokens["aab"]))\r\n"
                        + "Content-Type: text/csv\r\nContent-Length: \(text.utf8.count)\r\n\r\n")
        try socket.send(text)
        // Gone once the first batches are in.
        let count = { try await DatabaseQueue(path: served.local.db).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancy") ?? 0 } }
        for _ in 0..<1000 where try await count() == 0 { try await Task.sleep(for: .milliseconds(20)) }
        socket.close()
        var partial = -1
        var finished = false
        for _ in 0..<600 {
            try await Task.sleep(for: .milliseconds(100))
            let log = (try? String(contentsOf: served.logFile, encoding: .utf8)) ?? ""
            if log.contains("import by Åse Clerk: refused") {
                partial = try await count()
                break
            }
            if log.contains("import by Åse Clerk: file") {
                // It ran to its end before the close was seen (on a loaded machine the
                // connection's end can be read late); the library's own test stops it for
                // certain (ImportTests.anImportStoppedBetweenBatches…).
                finished = true
                partial = try await count()
                break
            }
        }
        #expect(finished ? partial == rows : (partial > 0 && partial < rows), "cut between batches: \(partial) of \(rows)")
        #expect(try served.local.run("verify").code == 0, "whole batches only")
        let rerun = try served.client("aab").run("import", try Self.write(text, in: served.local, as: "feed.csv"), "--format", "json")
        #expect(rerun.code == 0 && rerun.json["alreadyPresent"] as? Int == partial, "\(rerun.stderr)")
        #expect(try twin.run("import", try Self.write(text, in: twin, as: "feed.csv"), "--by", "Åse Clerk").code == 0)
        #expect(try Self.vacancies(served.local) == Self.vacancies(twin))
    }
}

/// Dates for the feeds, by day number.
private struct CivilDay: CustomStringConvertible {
    var date: Date

    static func from(_ year: Int, _ month: Int, _ day: Int) -> CivilDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return CivilDay(date: calendar.date(from: DateComponents(year: year, month: month, day: day))!)
    }

    func adding(_ days: Int) -> CivilDay { CivilDay(date: date.addingTimeInterval(Double(days) * 86400)) }

    var description: String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
