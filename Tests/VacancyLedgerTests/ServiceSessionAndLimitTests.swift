import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import LedgerNetwork
@testable import VacancyLedger

/// The page's sessions and the limits on what one connection may hold (issue 25, points 3
/// and 4), through the served ledger on a loopback port with raw sockets: an HTTP library
/// follows redirects, keeps cookies and never dribbles.
@Suite(.serialized) struct ServiceSessionAndLimitTests {
    static func port(_ served: ServiceTests.Served) throws -> Int { try #require(URL(string: served.url)?.port) }

    static func login(_ port: Int, token: String, origin: String?) throws -> (status: Int, head: String, body: String) {
        let form = "token=\(token)"
        let originLine = origin.map { "Origin: \($0)\r\n" } ?? ""
        return try Socket.exchange(port: port, "POST /login HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(originLine)"
                                   + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n"
                                   + "Connection: close\r\n\r\n\(form)")
    }

    static func get(_ port: Int, _ path: String, cookie: String? = nil, bearer: String? = nil) throws -> (status: Int, head: String, body: String) {
        let cookieLine = cookie.map { "Cookie: vl_session=\($0)\r\n" } ?? ""
        let bearerLine = bearer.map { "Authorization: Bearer \($0)\r\n" } ?? ""
        return try Socket.exchange(port: port, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(cookieLine)\(bearerLine)Connection: close\r\n\r\n")
    }

    static func sessionID(_ head: String) -> String? {
        guard let range = head.range(of: #"vl_session=vs_[0-9a-f]{64}"#, options: .regularExpression) else { return nil }
        return String(head[range].dropFirst("vl_session=".count))
    }

    @Test func signingInOpensASessionWhoseIdIsNeverTheTokenAndLogoutEndsIt() throws {
        let served = try ServiceTests.Served()
        let port = try Self.port(served)
        let token = try #require(served.tokens["auditor"])
        let signedIn = try Self.login(port, token: token, origin: "http://127.0.0.1:\(port)")
        #expect(signedIn.status == 303, "\(signedIn.head)")
        let session = try #require(Self.sessionID(signedIn.head), "\(signedIn.head)")
        #expect(!signedIn.head.contains(token))
        #expect(signedIn.head.contains("HttpOnly; SameSite=Strict; Max-Age=28800"), "\(signedIn.head)")
        #expect(!signedIn.head.contains("Secure"), "not behind TLS unless told so")
        #expect(try Self.get(port, "/", cookie: session).body.contains("One in three"))
        #expect(try Self.get(port, "/v1/audit", cookie: session).status == 200)
        // The session id is no bearer token.
        #expect(try Self.get(port, "/v1/audit", bearer: session).status == 401)
        // Logout ends it on the server: the same cookie shows the sign-in form again.
        let out = try Socket.exchange(port: port, "POST /logout HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nCookie: vl_session=\(session)\r\n"
                                      + "Content-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(out.status == 303 && out.head.contains("vl_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"), "\(out.head)")
        let after = try Self.get(port, "/", cookie: session)
        #expect(after.status == 200 && after.body.contains("name=\"token\""), "the sign-in form")
        #expect(try Self.get(port, "/v1/audit", cookie: session).status == 401)
    }

    @Test func revokingTheTokenEndsItsSessionsAndTheCookieThenShowsTheSignInForm() throws {
        let served = try ServiceTests.Served()
        let port = try Self.port(served)
        let signedIn = try Self.login(port, token: try #require(served.tokens["auditor"]), origin: nil)
        let session = try #require(Self.sessionID(signedIn.head), "\(signedIn.head)")
        #expect(try Self.get(port, "/v1/audit", cookie: session).status == 200)
        let listed = try served.local.run("token", "list", "--format", "json")
        let tokens = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let id = try #require(tokens.first { $0["name"] as? String == "Revisor" }?["id"] as? Int)
        #expect(try served.local.run("token", "revoke", "\(id)").code == 0)
        let page = try Self.get(port, "/", cookie: session)
        #expect(page.status == 200 && page.body.contains("name=\"token\""), "not a JSON 401: \(page.body.prefix(200))")
        #expect(try Self.get(port, "/v1/audit", cookie: session).status == 401)
    }

    @Test func aSignInPostedFromAnotherSiteIs403AndSecureCookiesAddSecure() throws {
        let served = try ServiceTests.Served(serveArguments: ["--secure-cookies", "--session-hours", "2"])
        let port = try Self.port(served)
        let token = try #require(served.tokens["auditor"])
        let forged = try Self.login(port, token: token, origin: "https://evil.example")
        #expect(forged.status == 403 && Self.sessionID(forged.head) == nil, "\(forged.head)")
        let signedIn = try Self.login(port, token: token, origin: "http://127.0.0.1:\(port)")
        #expect(signedIn.head.contains("HttpOnly; SameSite=Strict; Max-Age=7200; Secure"), "\(signedIn.head)")
    }

    @Test func aSessionEndsWhenIdleTooLongOrTooOld() throws {
        let test = try CLITests()
        #expect(try test.run("init").code == 0)
        let tokens = try TokenDirectory(path: test.db)
        let issued = try test.run("token", "issue", "--role", "auditor", "--name", "Revisor", "--format", "json")
        let principal = try tokens.authenticate(secret: try #require(issued.json["secret"] as? String))
        let idle = SessionStore(settings: .init(lifetime: .seconds(60), idle: .milliseconds(300), secureCookies: false), tokens: tokens)
        let kept = idle.open(for: principal)
        Thread.sleep(forTimeInterval: 0.2)
        #expect(idle.principal(session: kept) != nil, "used within the idle time")
        Thread.sleep(forTimeInterval: 0.2)
        #expect(idle.principal(session: kept) != nil, "the idle time counts from the last use")
        Thread.sleep(forTimeInterval: 0.4)
        #expect(idle.principal(session: kept) == nil, "idle too long")
        let old = SessionStore(settings: .init(lifetime: .milliseconds(300), idle: .seconds(60), secureCookies: false), tokens: tokens)
        let aging = old.open(for: principal)
        for _ in 0..<3 {
            Thread.sleep(forTimeInterval: 0.15)
            _ = old.principal(session: aging)
        }
        #expect(old.principal(session: aging) == nil, "past its lifetime, however busy")
        #expect(SessionStore.newID() != SessionStore.newID())
    }
}

extension ServiceSessionAndLimitTests {
    static let tight = ["--max-connections", "4", "--request-timeout", "2", "--min-body-rate", "1024"]

    @Test func pastMaxConnectionsANewConnectionIsClosedAtOnce() throws {
        let served = try ServiceTests.Served(serveArguments: Self.tight)
        let port = try Self.port(served)
        let held = (0..<4).map { _ in Socket(port: port) }
        Thread.sleep(forTimeInterval: 0.3)
        let over = Socket(port: port)
        let refused = over.receive(seconds: 1)
        #expect(refused.closed && refused.text.isEmpty, "the fifth connection is closed")
        over.close()
        for socket in held { socket.close() }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try Self.get(port, "/healthz").status == 200, "the places come back")
    }

    @Test func headersMustArriveWithinTheRequestTimeoutAndAnIdleConnectionIsClosed() throws {
        let served = try ServiceTests.Served(serveArguments: Self.tight)
        let port = try Self.port(served)
        let idle = Socket(port: port)
        let start = Date()
        #expect(idle.receive(seconds: 6).closed)
        #expect(Date().timeIntervalSince(start) < 4, "closed after about 2 s")
        idle.close()
        // Headers dribbled a line a second: cut at the timeout, though bytes keep coming.
        let slow = Socket(port: port)
        try slow.send("GET /healthz HTTP/1.1\r\n")
        var cut = false
        for _ in 0..<6 where !cut {
            Thread.sleep(forTimeInterval: 1)
            cut = (try? slow.send("X-Slow: 1\r\n")) == nil
        }
        #expect(slow.receive(seconds: 1).closed, "slow headers cut")
        slow.close()
        // Kept alive: the next request's headers get the same time from the previous answer.
        let kept = Socket(port: port)
        try kept.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let answered = Date()
        let rest = kept.receive(seconds: 6)
        #expect(rest.text.hasPrefix("HTTP/1.1 200") && rest.closed, "\(rest.text.prefix(60))")
        #expect(Date().timeIntervalSince(answered) < 4)
        kept.close()
    }

    @Test func aDribbledBodyIsCutAndNothingIsWrittenWhileASteadyOneIsNot() throws {
        let served = try ServiceTests.Served(serveArguments: Self.tight)
        let port = try Self.port(served)
        let token = try #require(served.tokens["aab"])
        let entries = try served.entries()
        let body = #"{"department":"AAB-15","unit":"7","date":"2024-03-01"}"#
        let padded = body + String(repeating: " ", count: 6_000)
        func head(_ length: Int) -> String {
            "POST /v1/log HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(length)\r\nConnection: close\r\n\r\n"
        }
        let dribbled = Socket(port: port)
        try dribbled.send(head(body.utf8.count))
        var sent = 0
        for character in body.prefix(8) {
            guard (try? dribbled.send(String(character))) != nil else { break }
            sent += 1
            Thread.sleep(forTimeInterval: 0.5)
        }
        #expect(dribbled.receive(seconds: 3).closed)
        dribbled.close()
        #expect(sent < 8, "cut after about 2 s of a byte every half second")
        #expect(try served.entries() == entries, "nothing written")
        // 6 KiB over 3 s (2 KiB/s) keeps above 1 KiB/s: it goes through.
        let steady = Socket(port: port)
        try steady.send(head(padded.utf8.count))
        let bytes = Array(padded.utf8)
        for start in stride(from: 0, to: bytes.count, by: 1_024) {
            try steady.send(String(decoding: bytes[start..<min(bytes.count, start + 1_024)], as: UTF8.self))
            Thread.sleep(forTimeInterval: 0.5)
        }
        let answer = steady.receive(seconds: 5).text
        steady.close()
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(200))")
        #expect(try served.entries() == entries + 1)
    }

    @Test func anUnknownDepartmentIs404AndANullFieldIs422() async throws {
        let served = try ServiceTests.Served()
        let unknown = try await served.http("POST", "/v1/log", token: served.tokens["aab"],
                                            body: ServiceTests.json(["department": "AAB-99", "unit": "1", "date": "2024-03-01"]))
        #expect(unknown.status == 404 && unknown.body.contains("AAB-99"), "\(unknown.status) \(unknown.body)")
        let explained = try await served.http("GET", "/v1/explain?vacancy=999999", token: served.tokens["auditor"])
        #expect(explained.status == 404, "\(explained.body)")
        let null = try await served.http("POST", "/v1/log", token: served.tokens["aab"],
                                         body: Data(#"{"department":"AAB-15","unit":null,"date":"2024-03-01"}"#.utf8))
        #expect(null.status == 422 && null.body.contains("unit"), "\(null.status) \(null.body)")
    }
}
