import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// How one request of the service bounds the ledger's work. The command line has none:
/// it owns its process, and `verify` there uses every core.
struct RequestScope: Sendable {
    /// Stops the request's reads when its client has gone.
    var interrupt: ReadInterrupt?
    /// How long a write may still wait for the write lock (the request may have queued).
    var lockWait: Duration?
    /// One connection per request: a served `verify` takes one reader thread, not every core.
    var singleConnection = false
    /// The token the request came with: each entry it writes records it (m014).
    var tokenID: Int64?
    /// Told how long a write waited for SQLite's write lock (the service's metrics).
    var onLock: (@Sendable (Duration) -> Void)?
}

extension Ledger {
    /// The ledger as one request of the service uses it: its reads stop when `interrupt`
    /// fires, each read uses one connection, and a write waits for the lock at most
    /// `lockWait` (what is left of the documented 30 s after the request queued); what it
    /// writes records `token`.
    public func forRequest(interrupt: ReadInterrupt? = nil, lockWait: Duration? = nil, token: Int64? = nil,
                           onLock: (@Sendable (Duration) -> Void)? = nil) -> Ledger {
        var ledger = self
        ledger.scope = RequestScope(interrupt: interrupt, lockWait: lockWait, singleConnection: true, tokenID: token, onLock: onLock)
        return ledger
    }

    /// Whether the service can answer: the ledger reads (its journal head), and its file
    /// and folder are writable (a write would not fail for want of permission or space
    /// to create its WAL).
    /// The sequence number of the journal's head (0 for an empty journal).
    public func journalHead() throws -> Int64 {
        try read { db in try Journal.head(db).seq }
    }

    public func checkReady() throws {
        _ = try read { db in try Journal.head(db) }
        guard let path else { return }
        let folder = (path as NSString).deletingLastPathComponent
        for target in [path, folder.isEmpty ? "." : folder] where access(target, W_OK) != 0 {
            throw LedgerError.database(detail: "\(target) is not writable")
        }
    }

    /// The busy timeout every connection starts with (`LedgerDatabase.configuration`).
    public static var lockWait: Duration { .seconds(LedgerDatabase.busyTimeoutSeconds) }
}

/// A way to stop a read whose caller has gone (the service's client disconnected, or its
/// answer ran out of time). Once fired, every statement of the request's reads stops
/// between rows with SQLITE_INTERRUPT: a progress handler checks the flag every
/// `checkEvery` virtual-machine steps, and SQLite's interrupt stops the statement running
/// now. (SQLite's interrupt alone ends only the statements running at that moment, and the
/// integrity check of SQLite before 3.43 is one step that neither can stop.)
public final class ReadInterrupt: Sendable {
    static let checkEvery: Int32 = 1000

    private struct State {
        var next = 0
        /// The connections in use, by a key of their use: a connection is removed before it
        /// goes back to the pool, so an interrupt never reaches another request's read.
        /// Kept as addresses: a connection handle is not Sendable, and SQLite allows
        /// `sqlite3_interrupt` from any thread.
        var connections: [Int: UInt] = [:]
    }

    private let fired = Atomic(false)
    private let state = Mutex(State())

    public init() {}

    public var isInterrupted: Bool { fired.load(ordering: .acquiring) }

    public func interrupt() {
        fired.store(true, ordering: .releasing)
        state.withLock { state in
            for address in state.connections.values { sqlite3_interrupt(OpaquePointer(bitPattern: address)) }
        }
    }

    func during<T>(_ db: Database, _ body: (Database) throws -> T) throws -> T {
        let address = db.sqliteConnection.map { UInt(bitPattern: $0) }
        let key: Int? = state.withLock { state in
            guard !isInterrupted, let address else { return nil }
            state.next += 1
            state.connections[state.next] = address
            return state.next
        }
        guard let key else { throw LedgerError.interrupted }
        let handler: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { context in
            guard let context else { return 0 }
            return Unmanaged<ReadInterrupt>.fromOpaque(context).takeUnretainedValue().isInterrupted ? 1 : 0
        }
        // Unretained: `self` outlives the handler, which is removed before this returns.
        sqlite3_progress_handler(db.sqliteConnection, Self.checkEvery, handler, Unmanaged.passUnretained(self).toOpaque())
        defer {
            sqlite3_progress_handler(db.sqliteConnection, 0, nil, nil)
            state.withLock { _ = $0.connections.removeValue(forKey: key) }
        }
        return try body(db)
    }
}

/// The service's tokens in memory, so that authenticating a request takes no reader from
/// the pool. Its own read-only connection never writes, so `PRAGMA data_version` changes
/// whenever anyone else commits (the service's writer, a `token revoke` on the file); the
/// tokens are reloaded then, before the request is answered. A revocation therefore holds
/// from the next request on, as it does without the cache.
public final class TokenDirectory: Sendable {
    private struct State {
        var version: Int?
        var byDigest: [String: TokenRecord] = [:]
    }

    private let queue: DatabaseQueue
    private let state = Mutex(State())
    /// The ledger's clock (`VACANCY_LEDGER_NOW` in tests), for a token's expiry.
    private let now: @Sendable () -> String

    public init(path: String, now: (@Sendable () -> String)? = nil) throws {
        queue = try Ledger.mapErrors { try DatabaseQueue(path: path, configuration: LedgerDatabase.configuration(readOnly: true)) }
        self.now = now ?? RecordedAt.now
    }

    /// The principal a bearer secret stands for, as `Ledger.authenticate` answers it.
    public func authenticate(secret: String?) throws -> Principal {
        try Ledger.principal(secret: secret, today: RecordedAt.day(of: now())) { digest in
            try current { $0.byDigest[digest] }
        }
    }

    /// The principal of a token in force, by id (a page session's token): `unauthenticated`
    /// once it is revoked or expired.
    public func principal(tokenID: Int64) throws -> Principal {
        guard let token = try current({ $0.byDigest.values.first { $0.id == tokenID } }) else {
            throw LedgerError.unauthenticated(.unknown)
        }
        if let refusal = token.refusal(on: RecordedAt.day(of: now())) { throw LedgerError.unauthenticated(refusal) }
        return token.principal
    }

    private func current<T>(_ body: (State) -> T) throws -> T {
        try Ledger.mapErrors {
            try state.withLock { state in
                let version = try queue.inDatabase { db in try Int.fetchOne(db, sql: "PRAGMA data_version") }
                if version != state.version || version == nil {
                    state.byDigest = try queue.read(Store.tokensByDigest)
                    state.version = version
                }
                return body(state)
            }
        }
    }
}
