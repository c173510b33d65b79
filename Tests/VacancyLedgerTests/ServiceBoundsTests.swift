import Foundation
import GRDB
import Testing
@testable import VacancyLedger

/// What the service bounds one request by (`Ledger.forRequest`), and its token directory:
/// the library's half of "no token holder can stall the city".
@Suite struct ServiceBoundsTests {
    /// A query that never ends on its own.
    static let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"

    @Test func anInterruptedReadStopsBetweenRowsAndEveryLaterReadOfTheRequestIsRefused() throws {
        let (ledger, _) = try fileLedger()
        let interrupt = ReadInterrupt()
        let scoped = ledger.forRequest(interrupt: interrupt)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { interrupt.interrupt() }
        let start = ContinuousClock.now
        expectError({ $0 == .interrupted }) { _ = try scoped.read { db in try Int.fetchOne(db, sql: Self.endless) } }
        #expect(ContinuousClock.now - start < .seconds(10))
        // A statement after the interrupt, in a new read: refused before it starts.
        expectError({ $0 == .interrupted }) { _ = try scoped.departments() }
        // Only this request: the ledger itself, and a new request, read as before.
        #expect(try ledger.departments().isEmpty)
        #expect(try ledger.forRequest(interrupt: ReadInterrupt()).departments().isEmpty)
    }

    /// SQLite's interrupt alone ends the statements running at that moment; the flag stays
    /// checked for the next statement of the same read.
    @Test func anInterruptStopsTheNextStatementOfTheSameReadToo() throws {
        let (ledger, _) = try fileLedger()
        let interrupt = ReadInterrupt()
        expectError({ $0 == .interrupted }) {
            _ = try ledger.forRequest(interrupt: interrupt).read { db in
                _ = try Int.fetchOne(db, sql: "SELECT 1")
                interrupt.interrupt()
                return try Int.fetchOne(db, sql: Self.endless)
            }
        }
    }

    @Test func aServedWriteWaitsForTheLockOnlyWhatIsLeftOfTheBusyTimeout() throws {
        let (ledger, path) = try fileLedger()
        try ledger.add("AAB-15", step: 1)
        var holding = Configuration()
        holding.allowsUnsafeTransactions = true   // another writer that keeps the lock
        let holder = try DatabaseQueue(path: path, configuration: holding)
        try holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        defer { try? holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }
        let start = ContinuousClock.now
        expectError({ if case .locked = $0 { true } else { false } }) {
            _ = try ledger.forRequest(lockWait: .milliseconds(300)).log("AAB-15", "2024-02-01")
        }
        let waited = ContinuousClock.now - start
        #expect(waited >= .milliseconds(250) && waited < .seconds(10), "\(waited)")
        // A request that queued past the whole timeout does not wait at all.
        let again = ContinuousClock.now
        expectError({ if case .locked = $0 { true } else { false } }) {
            _ = try ledger.forRequest(lockWait: .seconds(-1)).log("AAB-15", "2024-02-01")
        }
        #expect(ContinuousClock.now - again < .milliseconds(200))
        try holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        // The connection's own busy timeout is back for the next write.
        let busy = try ledger.database.write { db in try Int.fetchOne(db, sql: "PRAGMA busy_timeout") }
        #expect(busy == Int(LedgerDatabase.busyTimeoutSeconds * 1000))
        #expect(try ledger.forRequest(lockWait: .seconds(1)).log("AAB-15", "2024-02-01").vacancy != nil)
    }

    /// Authentication reads no pool connection: the tokens are in memory, reloaded when
    /// anyone else commits.
    @Test func theTokenDirectorySeesAnIssueAndARevocationMadeByAnotherConnection() throws {
        let (ledger, path) = try fileLedger()
        let directory = try TokenDirectory(path: path)
        expectError({ $0 == .unauthenticated(.missing) }) { _ = try directory.authenticate(secret: nil) }
        expectError({ $0 == .unauthenticated(.unknown) }) { _ = try directory.authenticate(secret: TokenSecret.generate()) }
        let other = try Ledger.open(path: path, readOnly: false)
        let issued = try other.issueToken(role: .auditor, organisation: nil, name: "Revisor", by: "admin")
        #expect(try directory.authenticate(secret: issued.secret) == Principal(tokenID: issued.record.id, name: "Revisor", role: .auditor,
                                                                               organisation: nil))
        _ = try other.revokeToken(id: issued.record.id, by: "admin")
        expectError({ $0 == .unauthenticated(.revoked) }) { _ = try directory.authenticate(secret: issued.secret) }
        _ = ledger
    }
}
