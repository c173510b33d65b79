import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The served ledger, tried as each role would: the real `vacancy-ledger serve` on a
/// loopback port, driven by the CLI as its client and by raw HTTP.
@Suite(.serialized) struct ServiceTests {
    /// A running server over a fresh ledger with AAB-15 (department step 1) and FSB-2
    /// (step 4), and a token per role.
    /// Immutable once started (hence Sendable): the concurrent clients share it.
    final class Served: @unchecked Sendable {
        /// The CLI against the file (`local`) and against the server (`as(role)`).
        let local: CLITests
        let process: Process
        let url: String
        let logFile: URL
        let tokens: [String: String]

        init(fixedNow: String? = nil, serveArguments: [String] = []) throws {
            var local = try CLITests()
            local.fixedNow = fixedNow
            #expect(try local.run("init").code == 0)
            for (id, name, step) in [("AAB-15", "Ærtebjerghave", "1"), ("FSB-2", "Østerbrogården", "4")] {
                #expect(try local.run("department", "add", id, "--name", name, "--units", "120", "--staircase", "department",
                                      "--step", step).code == 0)
            }
            var tokens: [String: String] = [:]
            for (key, args) in [("aab", ["--role", "clerk", "--organisation", "AAB", "--name", "Åse Clerk"]),
                                ("fsb", ["--role", "clerk", "--organisation", "FSB", "--name", "Frede Clerk"]),
                                ("municipality", ["--role", "municipality", "--name", "Københavns Kommune"]),
                                ("auditor", ["--role", "auditor", "--name", "Revisor"]),
                                ("admin", ["--role", "admin", "--name", "Admin"])] {
                let issued = try local.run(["token", "issue", "--format", "json"] + args)
                tokens[key] = try #require(issued.json["secret"] as? String, "\(issued.stderr)")
            }
            self.tokens = tokens
            logFile = local.dir.appendingPathComponent("serve.log")
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
            // The request log goes to a file: a pipe nobody drains would stall the server.
            let log = try FileHandle(forWritingTo: logFile)
            process = try local.start(["serve", "--port", "0"] + serveArguments, stdout: log, stderr: log)
            self.local = local
            var found: String?
            for _ in 0..<300 where found == nil {
                let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
                if let range = text.range(of: #"listening on http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                    found = String(text[range].dropFirst("listening on ".count))
                } else if !process.isRunning {
                    break
                } else {
                    Thread.sleep(forTimeInterval: 0.1)
                }
            }
            url = try #require(found, "the server did not start: \((try? String(contentsOf: logFile, encoding: .utf8)) ?? "")")
        }

        deinit { stop() }

        func stop() {
            if process.isRunning { process.terminate(); process.waitUntilExit() }
        }

        /// The CLI as a client of this server with `role`'s token (nil: no token).
        func client(_ role: String?) -> CLITests {
            var cli = local
            cli.environment = ["VACANCY_LEDGER_SERVER": url, "VACANCY_LEDGER_TOKEN": role.map { tokens[$0] ?? $0 } ?? ""]
            return cli
        }

        /// Raw HTTP: status, body and headers.
        func http(_ method: String, _ path: String, token: String?, body: Data? = nil,
                  contentType: String = "application/json") async throws -> (status: Int, body: String, headers: [AnyHashable: Any]) {
            var request = URLRequest(url: URL(string: url + path)!)
            request.httpMethod = method
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            if let body { request.httpBody = body; request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
            let (data, response) = try await URLSession.shared.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            return (http.statusCode, String(decoding: data, as: UTF8.self), http.allHeaderFields)
        }

        func entries() throws -> Int { try local.journalEntries() }
    }

    static func json(_ object: [String: Any]) -> Data { try! JSONSerialization.data(withJSONObject: object) }

    @Test func aClerkOfOneOrganisationCanWriteNothingInAnother() throws {
        let served = try Served()
        let fsbVacancy = try served.client("fsb").run("log", "FSB-2", "--unit", "1", "--date", "2024-02-01", "--format", "json")
        #expect(fsbVacancy.code == 0, "\(fsbVacancy.stderr)")
        let id = try #require(fsbVacancy.json["vacancy"] as? Int)
        #expect(fsbVacancy.json["by"] as? String == "Frede Clerk", "by is the token's name")
        let before = try served.entries()
        let aab = served.client("aab")
        let attempts: [[String]] = [
            ["log", "FSB-2", "--unit", "2", "--date", "2024-02-02"],
            ["log", "FSB-2", "--unit", "2", "--date", "2024-02-02", "--dry-run"],
            ["void", String(id), "--reason", "not mine"],
            ["void", String(id), "--reason", "not mine", "--settlement"],
            ["settle", String(id), "--outcome", "referred", "--date", "2024-03-01"],
            ["department", "place", "FSB-2", "--staircase", "department", "--step", "3", "--from", "2025-01-01"],
            ["department", "add", "FSB-9", "--name", "x", "--units", "5", "--staircase", "department", "--step", "1"],
            ["token", "revoke", "1"],
            ["token", "issue", "--role", "admin", "--name", "me"],
        ]
        for args in attempts {
            let result = try aab.run(args)
            aab.expectFailure(result, code: 77, mentions: "may not", sourceLocation: #_sourceLocation)
            #expect(result.code == 77, "\(args)")
        }
        #expect(try served.entries() == before, "nothing written")
        // Her own organisation works.
        #expect(try aab.run("log", "AAB-15", "--unit", "1", "--date", "2024-02-01").code == 0)
    }

    @Test func anAuditorReadsEverythingAndWritesNothing() throws {
        let served = try Served()
        let logged = try served.client("aab").run("log", "AAB-15", "--unit", "1", "--date", "2024-02-01", "--format", "json")
        let id = try #require(logged.json["vacancy"] as? Int)
        let before = try served.entries()
        let auditor = served.client("auditor")
        for args in [["log", "AAB-15", "--unit", "2", "--date", "2024-02-02"], ["void", String(id), "--reason", "x"],
                     ["void", String(id), "--reason", "x", "--settlement"],
                     ["settle", String(id), "--outcome", "returned", "--date", "2024-03-01"],
                     ["department", "add", "AAB-9", "--name", "x", "--units", "5", "--staircase", "department", "--step", "1"],
                     ["token", "issue", "--role", "auditor", "--name", "x"], ["token", "list"]] {
            #expect(try auditor.run(args).code == 77, "\(args)")
        }
        #expect(try served.entries() == before)
        // An import through the service is the token's holder's too: an auditor writes nothing.
        try "ref,department,unit,date\nx1,AAB-15,9,2024-02-09\n".write(toFile: served.local.dir.appendingPathComponent("feed.csv").path,
                                                                      atomically: true, encoding: .utf8)
        auditor.expectFailure(try auditor.run("import", "feed.csv"), code: 77, mentions: "may not import")
        for args in [["audit"], ["audit", "--group-by", "city", "--format", "json"], ["explain", String(id)], ["vacancies"],
                     ["offers", "--pending"], ["department", "list"], ["export", "--year", "2024"], ["verify"], ["checkpoint"]] {
            let result = try auditor.run(args)
            #expect(result.code == 0 && !result.stdout.isEmpty, "\(args): \(result.stderr)")
        }
    }

    @Test func noTokenAWrongTokenAndARevokedTokenAre401() async throws {
        let served = try Served()
        for token in [nil, "vl_" + String(repeating: "0", count: 64), "Bearer junk", "' OR 1=1 --"] as [String?] {
            let answer = try await served.http("GET", "/v1/audit", token: token)
            #expect(answer.status == 401, "\(String(describing: token))")
            #expect(answer.body.contains("\"error\""), "JSON error body: \(answer.body)")
        }
        #expect(try served.client(nil).run("audit").code == 77)
        #expect(try served.client("aab").run("audit").code == 0)
        let list = try served.client("admin").run("token", "list", "--format", "json")
        let tokens = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]], "\(list.stderr)")
        let aabID = try #require(tokens.first { $0["name"] as? String == "Åse Clerk" }?["id"] as? Int)
        #expect(try served.client("admin").run("token", "revoke", String(aabID)).code == 0)
        let revoked = try await served.http("GET", "/v1/audit", token: served.tokens["aab"])
        #expect(revoked.status == 401 && revoked.body.contains("revoked"), "\(revoked.body)")
        #expect(try served.client("aab").run("log", "AAB-15", "--unit", "1", "--date", "2024-02-01").code == 77)
    }

    @Test func anOversizedBodyIs413AndMalformedInputIs422WithNothingWritten() async throws {
        let served = try Served()
        #expect(try served.client("aab").run("log", "AAB-15", "--unit", "1", "--date", "2024-02-01").code == 0)
        let before = try served.entries()
        let big = Self.json(["department": "AAB-15", "unit": String(repeating: "x", count: 200_000), "date": "2024-02-01"])
        let oversized = try await served.http("POST", "/v1/log", token: served.tokens["aab"], body: big)
        #expect(oversized.status == 413, "\(oversized.body)")
        let notJSON = try await served.http("POST", "/v1/log", token: served.tokens["aab"], body: Data("{".utf8))
        #expect(notJSON.status == 422 && notJSON.body.contains("not JSON"), "\(notJSON.body)")
        let missing = try await served.http("POST", "/v1/log", token: served.tokens["aab"], body: Self.json(["department": "AAB-15"]))
        #expect(missing.status == 422, "\(missing.body)")

        // SQL and control characters in every field: refused by the same rules as the CLI.
        let hostile = ["'); DROP TABLE vacancy; --", "1' OR '1'='1", "AAB-15\u{0}", "a\u{1B}[31m", "x\ny", "\u{202E}evil", ""]
        for value in hostile {
            for field in ["department", "unit", "date", "ref"] {
                var body: [String: Any] = ["department": "AAB-15", "unit": "1", "date": "2024-02-01", "ref": "r1"]
                body[field] = value
                let answer = try await served.http("POST", "/v1/log", token: served.tokens["aab"], body: Self.json(body))
                #expect(answer.status == 422 || answer.status == 403, "\(field)=\(value.debugDescription): \(answer.status) \(answer.body)")
                #expect(answer.body.hasPrefix("{\"error\":"), "\(answer.body)")
            }
            let settle = try await served.http("POST", "/v1/settle", token: served.tokens["municipality"],
                                               body: Self.json(["vacancy": 1, "outcome": value, "date": "2024-02-01"]))
            #expect(settle.status == 422, "\(settle.body)")
            let query = try await served.http("GET", "/v1/audit?department=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
                                              token: served.tokens["auditor"])
            #expect(query.status == 422 || (value.isEmpty && query.status == 200), "\(value.debugDescription): \(query.status) \(query.body)")
            // Prose (a reason, a name) may hold punctuation, never control characters.
            guard value.isEmpty || value.unicodeScalars.contains(where: { $0.value < 0x20 || (0x202A...0x202E).contains($0.value) }) else { continue }
            let void = try await served.http("POST", "/v1/void", token: served.tokens["aab"], body: Self.json(["vacancy": 1, "reason": value]))
            #expect(void.status == 422, "reason \(value.debugDescription): \(void.body)")
            let add = try await served.http("POST", "/v1/department-add", token: served.tokens["admin"], body: Self.json(
                ["id": "AAB-99", "name": value, "units": 5, "placement": ["staircase": "department", "step": 1]]))
            #expect(add.status == 422, "name \(value.debugDescription): \(add.body)")
            let token = try await served.http("POST", "/v1/token-issue", token: served.tokens["admin"], body: Self.json(["role": "auditor", "name": value]))
            #expect(token.status == 422, "token name \(value.debugDescription): \(token.body)")
        }
        #expect(try served.entries() == before, "nothing written")
    }

    @Test func eightClientsLoggingAtOnceLoseNothingAndKeepOneInThree() async throws {
        let served = try Served()
        let clients = 8, each = 200
        let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
            for client in 0..<clients {
                group.addTask {
                    var statuses: [Int] = []
                    for index in 0..<each {
                        let (department, token) = index % 2 == 0 ? ("AAB-15", "aab") : ("FSB-2", "fsb")
                        let date = String(format: "2024-%02d-%02d", 1 + index % 12, 1 + client)
                        let body = Self.json(["department": department, "unit": "c\(client)-\(index)", "date": date,
                                              "ref": "c\(client)-\(index)", "format": "json"])
                        statuses.append(try await served.http("POST", "/v1/log", token: served.tokens[token], body: body).status)
                    }
                    return statuses
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(statuses.count == clients * each)
        #expect(statuses.allSatisfy { $0 == 200 }, "\(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))")
        let vacancies = try served.local.run("vacancies", "--format", "json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(vacancies.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == clients * each, "nothing lost")
        let audit = try served.local.run("audit", "--strict", "--format", "json")
        #expect(audit.code == 0, "I1 holds: \(audit.stdout)")
        #expect(try served.local.run("verify").code == 0)
    }

    /// The same scenario against a local file and through the server gives the same JSON, byte for byte.
    @Test func theSameScenarioGivesTheSameJSONLocallyAndThroughTheServer() throws {
        let now = "2024-06-01T12:00:00Z"
        let served = try Served(fixedNow: now)
        var twin = try CLITests(fixedNow: now)
        twin.environment = [:]
        #expect(try twin.run("init").code == 0)
        for (id, name, step) in [("AAB-15", "Ærtebjerghave", "1"), ("FSB-2", "Østerbrogården", "4")] {
            #expect(try twin.run("department", "add", id, "--name", name, "--units", "120", "--staircase", "department", "--step", step).code == 0)
        }
        // The clerk logs nine, the municipality answers every offer, the clerk tries a void
        // that would break one in three (refused, exit 3), and the auditor reads.
        func scenario(_ run: (_ role: String, _ args: [String]) throws -> CLITests.Result) throws -> [String] {
            var outputs: [String] = []
            @discardableResult
            func step(_ role: String, _ args: [String]) throws -> CLITests.Result {
                let result = try run(role, args + ["--format", "json"])
                // Hashes differ by design: the served journal also chains the tokens issued. So
                // does `explain`'s token: an entry made through the service records it, one
                // made on the file has none.
                let stdout = result.stdout.replacingOccurrences(of: "[0-9a-f]{64}", with: "<hash>", options: .regularExpression)
                    .replacingOccurrences(of: #""token":\{"id":[0-9]+,"name":"[^"]*"\}"#, with: #""token":null"#, options: .regularExpression)
                outputs.append("\(result.code) \(stdout) \(result.stderr)")
                return result
            }
            var offered: [Int] = []
            for day in 1...9 {
                let logged = try step("aab", ["log", "AAB-15", "--unit", "Ø\(day)", "--date", "2024-03-0\(day)", "--ref", "r\(day)"])
                if logged.json["offered"] as? Bool == true, let id = logged.json["vacancy"] as? Int { offered.append(id) }
            }
            for id in offered { try step("municipality", ["settle", String(id), "--outcome", "referred", "--date", "2024-04-01"]) }
            try step("aab", ["void", "2", "--reason", "logged twice"])
            try step("aab", ["log", "AAB-15", "--unit", "Ø1", "--date", "2024-03-01", "--ref", "r1"])
            try step("auditor", ["explain", String(offered.first ?? 1)])
            try step("auditor", ["audit"])
            try step("auditor", ["vacancies"])
            try step("auditor", ["offers", "--as-of", "2024-05-01"])
            try step("auditor", ["export", "--year", "2024"])
            try step("auditor", ["report", "--year", "2024"])
            try step("auditor", ["department", "show", "AAB-15"])
            return outputs
        }
        let names = ["aab": "Åse Clerk", "municipality": "Københavns Kommune", "auditor": "Revisor"]
        let writes: Set<String> = ["log", "settle", "void"]
        let local = try scenario { role, args in try twin.run(args + (writes.contains(args[0]) ? ["--by", names[role]!] : [])) }
        let remote = try scenario { role, args in try served.client(role).run(args) }
        #expect(local.count == remote.count)
        for (l, r) in zip(local, remote) { #expect(l == r) }
        #expect(local.contains { $0.hasPrefix("3 ") && $0.contains("I1") }, "the scenario includes a refusal by a rule: \(local)")
    }

    @Test func theServerServesItsOpenAPIDocumentAndTheAuditorsPage() async throws {
        let served = try Served()
        let openapi = try await served.http("GET", "/openapi.yaml", token: nil)
        #expect(openapi.status == 200 && openapi.body.contains("openapi: 3"))
        // Every documented path is served (none answers 404), and every command is documented.
        let documented = openapi.body.split(separator: "\n").compactMap { line -> String? in
            line.hasPrefix("  /v1/") && line.hasSuffix(":") ? String(line.dropFirst(2).dropLast()) : nil
        }
        #expect(Set(documented).isSuperset(of: ["log", "settle", "void", "explain", "offers", "audit", "vacancies", "export",
                                                "departments", "verify", "checkpoint", "report", "department-add",
                                                "department-place", "token-issue", "token-list", "token-revoke"].map { "/v1/" + $0 }))
        for path in documented {
            let post = ["/v1/log", "/v1/settle", "/v1/void", "/v1/department-add", "/v1/department-place", "/v1/token-issue",
                        "/v1/token-revoke"].contains(path)
            let answer = try await served.http(post ? "POST" : "GET", path, token: served.tokens["admin"], body: post ? Data("{}".utf8) : nil)
            #expect(answer.status != 404 && answer.status < 500, "\(path): \(answer.status) \(answer.body)")
        }
        let anonymous = try await served.http("GET", "/", token: nil)
        #expect(anonymous.status == 200 && anonymous.body.contains("name=\"token\""), "a login form")
        #expect(try served.client("aab").run("log", "AAB-15", "--unit", "1", "--date", "2024-02-01").code == 0)
        let page = try await served.http("GET", "/?organisation=AAB", token: served.tokens["auditor"])
        #expect(page.status == 200)
        for needle in ["Ærtebjerghave", "<svg", "Offers awaiting", "name=\"organisation\"", "name=\"step\"", "name=\"status\""] {
            #expect(page.body.contains(needle), "\(needle)")
        }
        #expect(!page.body.contains("Østerbrogården"), "the organisation filter applies")
        for external in ["<script", "src=", "href=\"http", "@import", "url("] {
            #expect(!page.body.contains(external), "self-contained: \(external)")
        }
        let login = try await served.http("POST", "/login", token: nil, body: Data("token=\(served.tokens["auditor"]!)".utf8),
                                          contentType: "application/x-www-form-urlencoded")
        // URLSession follows the redirect with the cookie set: the page, signed in.
        #expect(login.status == 200 && login.body.contains("One in three"), "\(login.status)")
        // The cookie signs in reads only.
        let write = try await served.http("POST", "/v1/log", token: nil,
                                          body: Self.json(["department": "AAB-15", "unit": "2", "date": "2024-02-02"]))
        #expect(write.status == 401)
    }

    /// The page for a city (issue 26): it opens on the current year, says what each figure
    /// counts, has landmarks, and tells a wrong token in words for a person.
    @Test func thePageOpensOnTheCurrentYearSaysWhatEachFigureCountsAndAWrongTokenIsToldInWords() async throws {
        let served = try Served()
        let page = try await served.http("GET", "/", token: served.tokens["auditor"])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Copenhagen")!
        let year = calendar.component(.year, from: Date())
        #expect(page.body.contains("name=\"year\" size=\"5\" value=\"\(year)\""), "opens on \(year)")
        for needle in ["<header>", "<main>", "Per department: the whole agreement period", "count vacancies dated in \(year) only"] {
            #expect(page.body.contains(needle), "\(needle)")
        }
        let wrong = try await served.http("POST", "/login", token: nil, body: Data("token=vl_\(String(repeating: "0", count: 64))".utf8),
                                          contentType: "application/x-www-form-urlencoded")
        #expect(wrong.status == 401 && wrong.body.contains("That token is not one this ledger issued") && !wrong.body.contains("accepted:"),
                "\(wrong.body)")
    }

    /// curl with a cookie jar, as a browser signed in to the page: (status, body).
    static func curl(_ jar: URL, _ args: [String]) throws -> (status: Int, body: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "-b", jar.path, "-c", jar.path, "-w", "\n%{http_code}"] + args
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let status = Int(lines.popLast() ?? "") ?? 0
        return (status, lines.joined(separator: "\n"))
    }

    /// The municipality answers from the page (issue 26): signed in, it sees the pending
    /// offers oldest first, each with a form that settles it as `settle` does; a form
    /// without the session's own token is 403 and writes nothing; an S1 refusal is told in
    /// words; and the page is Danish by Accept-Language, with a switch to English.
    @Test func theMunicipalitySettlesFromThePageOnlyWithItsFormToken() async throws {
        let served = try Served()
        let clerk = served.client("aab")
        for day in 1...6 { #expect(try clerk.run("log", "AAB-15", "--unit", "U\(day)", "--date", "2024-02-0\(day)").code == 0) }
        let jar = served.local.dir.appendingPathComponent("cookies.txt")
        let login = try Self.curl(jar, ["-X", "POST", "--data-urlencode", "token=\(served.tokens["municipality"]!)", served.url + "/login"])
        #expect(login.status == 303, "\(login.status) \(login.body)")
        let page = try Self.curl(jar, ["-H", "Accept-Language: en", served.url + "/"])
        #expect(page.status == 200 && page.body.contains("action=\"/page/settle\""), "\(page.body)")
        let csrf = try #require(page.body.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression)
            .map { String(page.body[$0].dropFirst(#"name="csrf" value=""#.count).dropLast()) })
        let entries = try served.entries()
        // No form token, a wrong one, or one from another site: 403, nothing written.
        for form in ["vacancy=3&outcome=referred&date=03-02-2024", "vacancy=3&outcome=referred&date=03-02-2024&csrf=vs_forged"] {
            let forged = try Self.curl(jar, ["-X", "POST", "-d", form, served.url + "/page/settle"])
            #expect(forged.status == 403 && forged.body.contains("nothing was recorded"), "\(forged.status) \(forged.body)")
        }
        let elsewhere = try Self.curl(jar, ["-X", "POST", "-H", "Origin: https://evil.example", "-d",
                                            "vacancy=3&outcome=referred&date=03-02-2024&csrf=\(csrf)", served.url + "/page/settle"])
        #expect(elsewhere.status == 403)
        #expect(try served.entries() == entries, "a refused form writes nothing")
        // The form token of the session: settled, as `settle` would.
        let settled = try Self.curl(jar, ["-X", "POST", "-d", "vacancy=3&outcome=referred&date=03-02-2024&csrf=\(csrf)&lang=en",
                                          served.url + "/page/settle"])
        #expect(settled.status == 200 && settled.body.contains("Recorded: vacancy 3 referred on 2024-02-03"), "\(settled.body)")
        #expect(try served.entries() == entries + 1)
        // S1 in words, in Danish: a second referral by 5 February would be 2 of 5.
        let refused = try Self.curl(jar, ["-X", "POST", "-d", "vacancy=5&outcome=referred&date=05-02-2024&csrf=\(csrf)&lang=da",
                                          served.url + "/page/settle"])
        #expect(refused.status == 422 && refused.body.contains("Ikke registreret") && refused.body.contains("mere end hver 3")
                && !refused.body.contains("--force"), "\(refused.body)")
        #expect(try served.entries() == entries + 1)
        // Danish by Accept-Language, with a link to English.
        let danish = try Self.curl(jar, ["-H", "Accept-Language: da-DK,da;q=0.9", served.url + "/"])
        #expect(danish.body.contains("<html lang=\"da\"") && danish.body.contains("Tilbud, der afventer svar") && danish.body.contains("lang=en"),
                "\(danish.body.prefix(600))")
        // An auditor reads the queue but gets no forms.
        let auditor = try await served.http("GET", "/", token: served.tokens["auditor"])
        #expect(auditor.status == 200 && !auditor.body.contains("/page/settle"))
    }

    /// The page's table sorts and pages on the server, and every chart follows the filters.
    @Test func thePageSortsAndPagesOnTheServerAndFiltersEveryChart() async throws {
        let served = try Served()
        #expect(try served.client("aab").run("log", "AAB-15", "--unit", "1", "--date", "2026-02-01").code == 0)
        #expect(try served.client("fsb").run("log", "FSB-2", "--unit", "1", "--date", "2026-03-01").code == 0)
        let sorted = try await served.http("GET", "/?sort=share&year=2026", token: served.tokens["auditor"])
        #expect(sorted.status == 200 && sorted.body.contains("aria-sort=\"descending\""), "\(sorted.body.prefix(300))")
        let filtered = try await served.http("GET", "/?organisation=AAB&year=2026", token: served.tokens["auditor"])
        #expect(filtered.body.contains("the departments chosen above") && !filtered.body.contains("Østerbrogården"))
    }

    @Test func checkpointsThroughTheServiceAreSignedWithItsOwnKey() async throws {
        let keys = try CLITests()
        let key = keys.dir.appendingPathComponent("service.key").path
        #expect(try keys.run("checkpoint", "keygen", "-o", key).code == 0)
        let served = try Served(serveArguments: ["--checkpoint-key", key])
        #expect(try served.client("aab").run("log", "AAB-15", "--unit", "1", "--date", "2024-02-01").code == 0)
        let line = try served.client("auditor").run("checkpoint")
        #expect(line.code == 0, "\(line.stderr)")
        let file = served.local.dir.appendingPathComponent("checkpoint.txt")
        try line.stdout.write(to: file, atomically: true, encoding: .utf8)
        let checked = try served.local.run("verify", "--checkpoint", file.path, "--public-key", key + ".pub")
        #expect(checked.code == 0, "signed with the service's key: \(checked.stdout) \(checked.stderr)")
        // A key the client sends is ignored: the line is still the service's.
        let injected = try await served.http("GET", "/v1/checkpoint?keyText=junk&keyFile=%2Fetc%2Fpasswd", token: served.tokens["auditor"])
        // Compared field by field without `at=` and `sig=`: the clock may tick between the two calls.
        func fields(_ text: String) -> [String] {
            text.split(whereSeparator: \.isWhitespace).map(String.init).filter { !$0.hasPrefix("at=") && !$0.hasPrefix("sig=") }
        }
        #expect(injected.status == 200 && fields(injected.body) == fields(line.stdout), "\(injected.status) \(injected.body)")
        try injected.body.write(to: file, atomically: true, encoding: .utf8)
        let injectedChecked = try served.local.run("verify", "--checkpoint", file.path, "--public-key", key + ".pub")
        #expect(injectedChecked.code == 0, "still signed with the service's key: \(injectedChecked.stderr)")
        // So is an export, streamed; a recipient checks it with the public key alone.
        let exported = try served.client("auditor").run("export", "--year", "2024", "-o", "served.csv")
        #expect(exported.code == 0, "\(exported.stderr)")
        var recipient = try CLITests()
        recipient.environment = ["VACANCY_LEDGER_DB": ""]   // no ledger at all
        try FileManager.default.copyItem(at: served.client("auditor").dir.appendingPathComponent("served.csv"),
                                         to: recipient.dir.appendingPathComponent("served.csv"))
        let alone = try recipient.run("verify", "--export", "served.csv", "--public-key", key + ".pub")
        #expect(alone.code == 0 && alone.stdout.contains("signature only"), "\(alone.stdout) \(alone.stderr)")
        #expect(try served.client("auditor").run("export", "--year", "2024", "--key", key).code == 64, "the service signs, not the client")
    }

    @Test func theServerStopsCleanlyOnSIGTERMAndTheClientSaysWhenItCannotReachIt() throws {
        let served = try Served()
        #expect(try served.client("aab").run("log", "AAB-15", "--unit", "1", "--date", "2024-02-01").code == 0)
        served.process.terminate()
        served.process.waitUntilExit()
        #expect(served.process.terminationStatus == 0, "a clean exit")
        #expect(try served.local.run("verify").code == 0)
        let unreachable = try served.client("aab").run("audit")
        served.local.expectFailure(unreachable, code: 1, mentions: "cannot reach the ledger service at \(served.url)")
        let log = try String(contentsOf: served.logFile, encoding: .utf8)
        #expect(log.contains("Åse Clerk POST /v1/log 200"), "one line per request: who, what, status")
        #expect(!log.contains(served.tokens["aab"]!), "tokens never appear in logs")
    }

    /// The clerk's `vacancy-ledger` is built without the network (its start-up scans every
    /// conformance record in the binary); `serve` and `--server` become `vacancy-ledger-network`
    /// beside it, in the same process.
    @Test func theClerksExecutableHandsServeAndServerToTheNetworkExecutable() throws {
        let clerk = CLITests.executable
        let network = clerk.deletingLastPathComponent().appendingPathComponent("vacancy-ledger-network")
        let clerkBytes = try Data(contentsOf: clerk), networkBytes = try Data(contentsOf: network)
        #expect(networkBytes.range(of: Data("HummingbirdCore".utf8)) != nil, "the network executable has the service")
        #expect(clerkBytes.range(of: Data("HummingbirdCore".utf8)) == nil, "vacancy-ledger links no Hummingbird")
        #expect(clerkBytes.range(of: Data("AsyncHTTPClient".utf8)) == nil, "vacancy-ledger links no AsyncHTTPClient")
        let served = try Served()
        #if os(Linux)
        // The process that `vacancy-ledger serve` started is now the network executable (execv).
        let running = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(served.process.processIdentifier)/exe")
        #expect(running.hasSuffix("/vacancy-ledger-network"), "\(running)")
        #endif
        let logged = try served.client("aab").run("log", "AAB-15", "--unit", "Øresundsvej 1", "--date", "2024-02-01", "--format", "json")
        #expect(logged.code == 0 && logged.json["route"] != nil, "\(logged.stdout) \(logged.stderr)")
    }

    /// Without `vacancy-ledger-network` beside it, `serve` and `--server` fail with one line
    /// naming it, exit 1, and leave nothing behind (no report file, not even a partial one).
    @Test func withoutTheNetworkExecutableServeAndServerSayWhatIsMissing() throws {
        let local = try CLITests()
        #expect(try local.run("init").code == 0)
        let alone = local.dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: alone, withIntermediateDirectories: true)
        let copy = alone.appendingPathComponent("vacancy-ledger")
        try FileManager.default.copyItem(at: CLITests.executable, to: copy)
        func run(_ arguments: [String], path: String? = nil) throws -> CLITests.Result {
            let process = Process(), out = Pipe(), err = Pipe()
            process.executableURL = copy
            process.arguments = arguments
            if let path { process.environment = ProcessInfo.processInfo.environment.merging(["PATH": path]) { $1 } }
            process.currentDirectoryURL = local.dir
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return .init(code: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
        }
        let before = try FileManager.default.contentsOfDirectory(atPath: local.dir.path).sorted()
        for arguments in [["--server", "http://127.0.0.1:1", "audit", "-o", "audit.csv"],
                          ["--db", local.db, "serve", "--port", "0"]] {
            let result = try run(arguments)
            local.expectFailure(result, code: 1, mentions: "cannot run \(alone.path)/vacancy-ledger-network")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: local.dir.path).sorted() == before, "nothing written")
        #expect(try run(["--db", local.db, "audit", "--format", "csv"]).code == 0, "local commands need no network")
        // Installed apart: the network executable on $PATH is used.
        let onPath = CLITests.executable.deletingLastPathComponent().path
        let client = try run(["--server", "http://127.0.0.1:1", "audit"], path: onPath + ":/usr/bin:/bin")
        local.expectFailure(client, code: 1, mentions: "cannot reach the ledger service at http://127.0.0.1:1")
    }
}
