import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import Testing

/// Who wrote it (issue 25, point 5): the token's id on every entry made through the service,
/// tokens that expire and rotate; and the service's figures at `/metrics` (point 7).
@Suite(.serialized) struct ServiceAuthorshipTests {
    static func tokenID(_ served: ServiceTests.Served, named name: String) throws -> Int64 {
        let listed = try served.local.run("token", "list", "--format", "json")
        let tokens = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        return Int64(try #require(tokens.first { $0["name"] as? String == name && $0["revokedAt"] is NSNull }?["id"] as? Int))
    }

    static func column(_ served: ServiceTests.Served, _ sql: String) throws -> Int64? {
        try DatabaseQueue(path: served.local.db).read { db in try Int64.fetchOne(db, sql: sql) }
    }

    @Test func everyEntryMadeThroughTheServiceRecordsItsTokenAndExplainShowsIt() throws {
        let served = try ServiceTests.Served()
        let clerk = try Self.tokenID(served, named: "Åse Clerk")
        let municipality = try Self.tokenID(served, named: "Københavns Kommune")
        let admin = try Self.tokenID(served, named: "Admin")
        var offered: Int?
        for day in 1...9 where offered == nil {
            let logged = try served.client("aab").run("log", "AAB-15", "--unit", "Ø\(day)", "--date", "2024-02-0\(day)", "--format", "json")
            #expect(logged.code == 0, "\(logged.stderr)")
            if logged.json["offered"] as? Bool == true { offered = logged.json["vacancy"] as? Int }
        }
        let id = try #require(offered)
        #expect(try served.client("municipality").run("settle", "\(id)", "--outcome", "returned", "--date", "2024-03-01").code == 0)
        #expect(try served.client("municipality").run("void", "\(id)", "--settlement", "--reason", "typo").code == 0)
        #expect(try served.client("admin").run("department", "add", "AAB-16", "--name", "Øbro", "--units", "40",
                                                 "--staircase", "department", "--step", "2").code == 0)
        let local = try served.local.run("log", "AAB-15", "--unit", "L1", "--date", "2024-02-10", "--format", "json")
        let localID = try #require(local.json["vacancy"] as? Int)

        #expect(try Self.column(served, "SELECT token_id FROM vacancy WHERE id = \(id)") == clerk)
        #expect(try Self.column(served, "SELECT token_id FROM settlement WHERE vacancy_id = \(id)") == municipality)
        #expect(try Self.column(served, "SELECT token_id FROM correction ORDER BY id DESC LIMIT 1") == municipality)
        #expect(try Self.column(served, "SELECT token_id FROM department WHERE id = 'AAB-16'") == admin)
        #expect(try Self.column(served, "SELECT token_id FROM placement WHERE department = 'AAB-16'") == admin)
        #expect(try Self.column(served, "SELECT token_id FROM vacancy WHERE id = \(localID)") == nil, "the command line has no token")

        let explained = try served.client("auditor").run("explain", "\(id)", "--format", "json")
        let token = try #require(explained.json["token"] as? [String: Any], "\(explained.stdout)")
        #expect(token["id"] as? Int == Int(clerk) && token["name"] as? String == "Åse Clerk")
        #expect(try served.local.run("explain", "\(localID)", "--format", "json").json["token"] is NSNull)
        #expect(try served.local.run("explain", "\(id)").stdout.contains("Logged through the service with token \(clerk) (Åse Clerk)."))
        // The token id is in the chained payload: verify recomputes it, and an edit shows.
        #expect(try served.local.run("verify").code == 0)
        served.stop()
        try DatabaseQueue(path: served.local.db).write { db in
            try db.execute(sql: "DROP TRIGGER vacancy_no_update")
            try db.execute(sql: "UPDATE vacancy SET token_id = \(admin) WHERE id = \(id)")
        }
        let tampered = try served.local.run("verify")
        #expect(tampered.code == 4, "\(tampered.stdout)")
    }

    @Test func aTokenIsRefusedAfterItsLastDayAndARotationRevokesTheOldSecretAndKeepsTheHolder() async throws {
        let served = try ServiceTests.Served()
        // Issued in mid-2024 (the ledger's clock) to expire at the end of June 2024: the
        // service, on today's clock, refuses it.
        var then = served.local
        then.fixedNow = "2024-06-01T09:00:00Z"
        let expired = try then.run("token", "issue", "--role", "auditor", "--name", "Sommervikar", "--expires", "2024-06-30", "--format", "json")
        #expect(expired.json["expiresOn"] as? String == "2024-06-30", "\(expired.stderr)")
        let old = try #require(expired.json["secret"] as? String)
        let refused = try await served.http("GET", "/v1/whoami", token: old)
        #expect(refused.status == 401 && refused.body.contains("the token has expired"), "\(refused.body)")
        // An expiry in the past is bad input, naming the value and what is accepted.
        let past = try served.local.run("token", "issue", "--role", "auditor", "--name", "X", "--expires", "2024-01-01")
        served.local.expectFailure(past, code: 65, mentions: "--expires")
        #expect(past.stderr.contains("2024-01-01"))
        let lasting = try served.local.run("token", "issue", "--role", "auditor", "--name", "Revisor 2", "--expires", "2099-12-31",
                                           "--format", "json")
        let lastingSecret = try #require(lasting.json["secret"] as? String, "\(lasting.stderr)")
        #expect(try await served.http("GET", "/v1/whoami", token: lastingSecret).status == 200)

        // Rotation through the service, by the admin: the old secret is refused at once, the
        // new one is the same holder, and the new row names the old one.
        let id = try Self.tokenID(served, named: "Revisor 2")
        let rotated = try served.client("admin").run("token", "rotate", "\(id)", "--format", "json")
        #expect(rotated.code == 0, "\(rotated.stderr)")
        let fresh = try #require(rotated.json["secret"] as? String)
        #expect(rotated.json["replaces"] as? Int == Int(id) && rotated.json["name"] as? String == "Revisor 2")
        #expect(rotated.json["expiresOn"] as? String == "2099-12-31", "the expiry is kept")
        #expect(try await served.http("GET", "/v1/whoami", token: lastingSecret).status == 401)
        let whoami = try await served.http("GET", "/v1/whoami", token: fresh)
        #expect(whoami.status == 200 && whoami.body.contains("Revisor 2"), "\(whoami.body)")
        // A revoked token cannot be rotated again, and a clerk may not rotate.
        served.local.expectFailure(try served.local.run("token", "rotate", "\(id)"), code: 65, mentions: "already revoked")
        #expect(try served.client("aab").run("token", "rotate", "\(id + 1)").code == 77)
        #expect(try served.local.run("verify").code == 0)
        // The database refuses a rotation row that does not replace a revoked token of the same holder.
        await #expect(throws: DatabaseError.self) {
            try await DatabaseQueue(path: served.local.db).write { db in
                try db.execute(sql: """
                    INSERT INTO access_token (name, role, token_sha256, issued_at, issued_by, replaces)
                    VALUES ('Someone else', 'auditor', '\(String(repeating: "a", count: 64))', '2026-01-01T00:00:00Z', 'x', \(id + 1))
                    """)
            }
        }
    }

    @Test func metricsAnswerAuditorsAndAdminsInPrometheusText() async throws {
        let served = try ServiceTests.Served()
        #expect(try served.client("aab").run("log", "AAB-15", "--unit", "1", "--date", "2024-02-01").code == 0)
        _ = try await served.http("GET", "/v1/nothing-here", token: served.tokens["auditor"])
        #expect(try await served.http("GET", "/metrics", token: nil).status == 401)
        #expect(try await served.http("GET", "/metrics", token: served.tokens["aab"]).status == 403)
        let metrics = try await served.http("GET", "/metrics", token: served.tokens["auditor"])
        #expect(metrics.status == 200)
        let text = metrics.body
        #expect(text.contains(#"vacancy_ledger_requests_total{route="/v1/log",method="POST",status="200"} 1"#), "\(text)")
        #expect(text.contains(#"vacancy_ledger_requests_total{route="other",method="GET",status="404"} 1"#), "\(text)")
        #expect(text.contains(#"vacancy_ledger_request_duration_seconds_bucket{route="/v1/log",le="#))
        #expect(text.contains("vacancy_ledger_write_lock_wait_seconds_count 1"))
        #expect(text.contains("vacancy_ledger_writer_queue_seconds_count 1"))
        #expect(text.contains("vacancy_ledger_sessions 0"))
        #expect(text.contains("vacancy_ledger_journal_head_seq \(try served.entries())"), "\(text)")
        #expect(try await served.http("GET", "/metrics", token: served.tokens["admin"]).status == 200)
    }
}
