import Foundation
import GRDB
import Testing
@testable import VacancyLedger

/// Who may do what (AccessRules), tokens (m008) and the municipality's queue, on the
/// library: no server involved.
@Suite struct AccessTests {
    let aab = DepartmentID("AAB-15")!
    let fsb = DepartmentID("FSB-2")!

    func principal(_ role: Role, _ organisation: String? = nil) -> Principal {
        Principal(tokenID: 1, name: "n", role: role, organisation: organisation)
    }

    @Test func aClerkWritesOnlyInItsOwnOrganisation() {
        let clerk = principal(.clerk, "AAB")
        #expect(AccessRules.permits(clerk, .log(aab)))
        #expect(AccessRules.permits(clerk, .voidVacancy(aab)))
        for action in [Action.log(fsb), .voidVacancy(fsb), .settle(aab), .settle(fsb), .voidSettlement(aab), .administer] {
            #expect(!AccessRules.permits(clerk, action), "\(action)")
        }
        #expect(AccessRules.permits(clerk, .read))
    }

    @Test func theMunicipalitySettlesEverywhereAndLogsNothing() {
        let municipality = principal(.municipality)
        #expect(AccessRules.permits(municipality, .settle(aab)) && AccessRules.permits(municipality, .settle(fsb)))
        #expect(AccessRules.permits(municipality, .voidSettlement(fsb)))
        for action in [Action.log(aab), .voidVacancy(aab), .administer] { #expect(!AccessRules.permits(municipality, action)) }
    }

    @Test func anAuditorReadsAndNeverWrites() {
        let auditor = principal(.auditor)
        #expect(AccessRules.permits(auditor, .read))
        for action in [Action.log(aab), .voidVacancy(aab), .settle(aab), .voidSettlement(aab), .administer] {
            #expect(!AccessRules.permits(auditor, action), "\(action)")
        }
    }

    @Test func anAdminAdministersAndLogsNothing() {
        let admin = principal(.admin)
        #expect(AccessRules.permits(admin, .administer))
        for action in [Action.log(aab), .voidVacancy(aab), .settle(aab), .voidSettlement(aab)] { #expect(!AccessRules.permits(admin, action)) }
        #expect(throws: LedgerError.self) { try AccessRules.require(admin, .log(aab)) }
    }

    @Test func aTokenIsStoredAsItsHashAndItsIssueAndRevocationAreChained() throws {
        let (ledger, _) = try fileLedger()
        try ledger.add("AAB-15", step: 1)
        let issued = try ledger.issueToken(role: .clerk, organisation: "AAB", name: "Åse Ærø", by: "admin")
        #expect(TokenSecret.isWellFormed(issued.secret))
        let stored = try ledger.database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM access_token") }
        #expect(stored.count == 1)
        #expect(!stored.description.contains(issued.secret), "the secret itself is never stored")
        #expect(stored[0]["token_sha256"] as String? == TokenSecret.digest(issued.secret))

        let principal = try ledger.authenticate(secret: issued.secret)
        #expect(principal == Principal(tokenID: issued.record.id, name: "Åse Ærø", role: .clerk, organisation: "AAB"))
        expectError({ $0 == .unauthenticated(.missing) }) { _ = try ledger.authenticate(secret: nil) }
        expectError({ $0 == .unauthenticated(.unknown) }) { _ = try ledger.authenticate(secret: TokenSecret.generate()) }
        expectError({ $0 == .unauthenticated(.unknown) }) { _ = try ledger.authenticate(secret: "' OR 1=1 --") }

        _ = try ledger.revokeToken(id: issued.record.id, by: "admin")
        expectError({ $0 == .unauthenticated(.revoked) }) { _ = try ledger.authenticate(secret: issued.secret) }
        expectError({ if case .tokenAlreadyRevoked = $0 { true } else { false } }) { _ = try ledger.revokeToken(id: issued.record.id, by: "admin") }

        let kinds = try ledger.database.read { db in try String.fetchAll(db, sql: "SELECT kind FROM journal WHERE kind LIKE 'token%' ORDER BY seq") }
        #expect(kinds == ["token", "token_revocation"])
        #expect(try ledger.verify().isClean)
    }

    @Test func tokensAreAppendOnlyAndAClerkNeedsAnOrganisationThatExists() throws {
        let (ledger, _) = try fileLedger()
        try ledger.add("AAB-15", step: 1)
        expectError({ if case .unknownOrganisation("FSB", _) = $0 { true } else { false } }) {
            _ = try ledger.issueToken(role: .clerk, organisation: "FSB", name: "x", by: "admin")
        }
        expectError(isBadInput) { _ = try ledger.issueToken(role: .clerk, organisation: nil, name: "x", by: "admin") }
        expectError(isBadInput) { _ = try ledger.issueToken(role: .auditor, organisation: "AAB", name: "x", by: "admin") }
        expectError(isBadInput) { _ = try ledger.issueToken(role: .auditor, organisation: nil, name: "a\u{1B}[2J", by: "admin") }
        let issued = try ledger.issueToken(role: .auditor, organisation: nil, name: "Revisor", by: "admin")
        // The database refuses what the code would never do.
        for sql in ["UPDATE access_token SET role = 'admin'", "DELETE FROM access_token",
                    "INSERT INTO access_token (name, role, organisation, token_sha256, issued_at, issued_by) VALUES ('c', 'clerk', NULL, '\(String(repeating: "a", count: 64))', '2024-01-01T00:00:00Z', 'x')"] {
            #expect(throws: DatabaseError.self, "\(sql)") { try ledger.database.write { db in try db.execute(sql: sql) } }
        }
        #expect(try ledger.tokens().map(\.id) == [issued.record.id])
    }

    /// Entries record the token's name as `by`: two tokens in force may not share one.
    @Test func aTokenNameInForceCannotBeIssuedTwiceButARevokedOnesCan() throws {
        let (ledger, _) = try fileLedger()
        let drift = try ledger.issueToken(role: .admin, organisation: nil, name: "Drift", by: "admin")
        for name in ["Drift", "drift", "DRIFT"] {
            expectError({ $0 == .tokenNameTaken(name, id: drift.record.id) }) {
                _ = try ledger.issueToken(role: .auditor, organisation: nil, name: name, by: "admin")
            }
        }
        // Past the library, the database refuses it too.
        #expect(throws: DatabaseError.self) {
            try ledger.database.write { db in
                try db.execute(sql: "INSERT INTO access_token (name, role, organisation, token_sha256, issued_at, issued_by) VALUES ('drift', 'auditor', NULL, '\(String(repeating: "b", count: 64))', '2024-01-01T00:00:00Z', 'x')")
            }
        }
        _ = try ledger.revokeToken(id: drift.record.id, by: "admin")
        let again = try ledger.issueToken(role: .admin, organisation: nil, name: "Drift", by: "admin")
        #expect(try ledger.authenticate(secret: again.secret).name == "Drift")
        #expect(try ledger.verify().isClean)
    }

    @Test func theQueueListsPendingOffersOldestFirstWithTheDaysWaiting() throws {
        let ledger = try memoryLedger()
        try ledger.add("AAB-15", step: 1)
        try ledger.add("FSB-2", step: 1)
        var offered: [DecisionReport] = []
        for index in 0..<24 {
            let report = try ledger.log(index % 2 == 0 ? "AAB-15" : "FSB-2", String(format: "2024-01-%02d", index + 1))
            if report.offered { offered.append(report) }
        }
        try #require(offered.count >= 3, "step 1 offers one in three")
        let asOf = day("2024-02-09")
        let all = try ledger.offers(pendingOnly: true, olderThan: nil, asOf: asOf)
        #expect(all.offers.map(\.vacancy) == offered.map { $0.vacancy! })
        #expect(all.offers.first?.daysWaiting == asOf.days(since: offered[0].date))

        _ = try ledger.settle(vacancy: offered[0].vacancy!, outcome: .returned, date: "2024-01-20", by: "k")
        _ = try ledger.void(vacancy: offered[1].vacancy!, reason: "double", settlementOnly: false, force: false, by: "c")
        let pending = try ledger.offers(pendingOnly: true, olderThan: nil, asOf: asOf)
        #expect(pending.offers.map(\.vacancy) == offered.dropFirst(2).map { $0.vacancy! })
        let everything = try ledger.offers(pendingOnly: false, olderThan: nil, asOf: asOf)
        #expect(everything.offers.first?.outcome == .returned && everything.offers.first?.daysWaiting == day("2024-01-20").days(since: offered[0].date))
        let old = try ledger.offers(pendingOnly: true, olderThan: asOf.days(since: offered[2].date), asOf: asOf)
        #expect(old.offers.isEmpty, "waiting exactly that many days is not more")
        expectError(isBadInput) { _ = try ledger.offers(pendingOnly: true, olderThan: -1, asOf: asOf) }
    }
}
