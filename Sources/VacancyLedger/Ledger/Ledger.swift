import Foundation
import GRDB
import GRDBSQLite

/// The ledger's use cases: one method each, each one transaction. Writes use GRDB's
/// `write`, which opens an IMMEDIATE transaction: the write lock is taken before the
/// counters are read, so two clerks can never both take a department's last referral
/// slot, and a crash rolls the whole entry back.
public struct Ledger: Sendable {
    /// The one connection (or pool) of the use cases; GRDB stays behind the façade.
    /// Internal, not private, so tests (`@testable`) can tamper with the file through it.
    let database: any DatabaseWriter
    /// The file, for a ledger opened from one: reports are never written over it.
    public let path: String?
    /// The time stamp written with each entry (`recorded_at`): injected for tests.
    let now: @Sendable () -> String
    /// The service's bounds on one request (`forRequest`); none for the command line.
    var scope = RequestScope()

    init(database: any DatabaseWriter, path: String? = nil, now: (@Sendable () -> String)? = nil) {
        self.database = database
        self.path = path
        self.now = now ?? RecordedAt.now
    }

    /// Opens an initialised ledger file (read-only for commands that only read).
    public static func open(path: String, readOnly: Bool, now: (@Sendable () -> String)? = nil) throws -> Ledger {
        try mapErrors {
            Ledger(database: try LedgerDatabase.openExisting(path: path, readOnly: readOnly), path: path, now: now)
        }
    }

    /// Opens an initialised ledger for the service: checked and migrated as for a writer,
    /// then as a pool, so reads (an export, an audit) run beside the one writer instead of
    /// waiting for it. Writes still take the write lock first (IMMEDIATE).
    public static func openForService(path: String, now: (@Sendable () -> String)? = nil) throws -> Ledger {
        try mapErrors {
            _ = try LedgerDatabase.openExisting(path: path, readOnly: false)
            return Ledger(database: try DatabasePool(path: path, configuration: LedgerDatabase.configuration(readOnly: false)),
                          path: path, now: now)
        }
    }

    /// A ledger in memory with the built-in policy loaded (tests, experiments).
    public static func inMemory(now: (@Sendable () -> String)? = nil) throws -> Ledger {
        let ledger = Ledger(database: try LedgerDatabase.inMemory(), now: now)
        _ = try ledger.loadPolicy(source: Policy.defaultSource, by: "system")
        return ledger
    }

    /// `init`: creates or upgrades the file and loads a policy (the built-in one by default).
    /// Idempotent: a policy whose content is already loaded changes nothing.
    ///
    /// Atomic: a new ledger is built whole beside `path` and appears there only complete
    /// (see `LedgerDatabase.buildAtomically`), so a crash leaves no ledger or a working one.
    /// An existing file is migrated forward; one that an older version's interrupted `init`
    /// left half-made is finished. Its first policy and the ledger mark are written in one
    /// transaction.
    public static func initialise(path: String, policySource: String?, by: String,
                                  now: (@Sendable () -> String)? = nil) throws -> (Ledger, PolicyLoad) {
        try mapErrors {
            let source = policySource ?? Policy.defaultSource
            _ = try Policy.parse(source)
            let by = try TextRules.require(by, .clerk)
            if !FileManager.default.fileExists(atPath: path) {
                var load: PolicyLoad?
                let built = try LedgerDatabase.buildAtomically(at: path) { queue in
                    load = try Ledger(database: queue, now: now).loadPolicy(source: source, by: by, marking: true)
                }
                if built, let load {
                    return (Ledger(database: try LedgerDatabase.openExisting(path: path, readOnly: false), path: path, now: now), load)
                }
            }
            let ledger = Ledger(database: try LedgerDatabase.openForInit(path: path), path: path, now: now)
            return (ledger, try ledger.loadPolicy(source: source, by: by, marking: true))
        }
    }

    /// Whether `path` holds a ledger that a crash left half-made (which `init` finishes and
    /// `demo` may replace).
    public static func isReplaceable(path: String) -> Bool { LedgerDatabase.isHalfMade(path: path) }

    /// For disposable bulk loads only (the demo, built in a file that is synced whole
    /// before it is put in place): commits are not synced one by one. Every other
    /// invariant is kept.
    public func relaxDurabilityForBulkLoad() throws {
        try database.writeWithoutTransaction(Store.relaxDurability)
    }

    /// Whether every entry was recorded by `by`: `demo` replaces only its own ledgers,
    /// never one where anybody else recorded anything.
    public func isEntirelyRecorded(by: String) throws -> Bool {
        try read { db in try Store.everythingRecorded(db, by: by) }
    }

    /// Builds a ledger at `path` atomically with the built-in policy and `fill`, replacing
    /// the file there (the demo: the caller has checked that it is a ledger).
    public static func rebuild(path: String, by: String, fill: (Ledger) throws -> Void) throws {
        try mapErrors {
            _ = try LedgerDatabase.buildAtomically(at: path, replacing: true) { queue in
                let ledger = Ledger(database: queue, path: path)
                _ = try ledger.loadPolicy(source: Policy.defaultSource, by: by, marking: true)
                try fill(ledger)
            }
        }
    }

    /// Runs a write use case in one IMMEDIATE transaction, mapping database errors.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try Ledger.mapErrors {
            guard let wait = scope.lockWait else { return try database.write { db in try body(db) } }
            // A request that queued for the writer waits for the lock only what is left of
            // the busy timeout, so its answer comes within the documented 30 s, once.
            guard wait > .zero else { throw LedgerError.locked(seconds: Int(LedgerDatabase.busyTimeoutSeconds)) }
            return try database.writeWithoutTransaction { db in
                let full = Int32(LedgerDatabase.busyTimeoutSeconds * 1000)
                let left = wait.components
                sqlite3_busy_timeout(db.sqliteConnection, Int32(min(Int64(full), left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000)))
                defer { sqlite3_busy_timeout(db.sqliteConnection, full) }
                var result: T?
                let asked = ContinuousClock.now
                try db.inTransaction(.immediate) {
                    scope.onLock?(ContinuousClock.now - asked)
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        }
    }

    /// Runs a read use case in one snapshot (no write lock).
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Ledger.mapErrors {
            try database.read { db in
                guard let interrupt = scope.interrupt else { return try body(db) }
                return try interrupt.during(db, body)
            }
        }
    }

    /// The file a read may open more connections to (`ParallelReads`), or "" for none.
    var parallelReadPath: String { scope.singleConnection ? "" : database.path }

    static func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LedgerError {
            throw error
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                throw LedgerError.locked(seconds: Int(LedgerDatabase.busyTimeoutSeconds))
            case .SQLITE_INTERRUPT:
                throw LedgerError.interrupted
            case .SQLITE_CONSTRAINT:
                throw LedgerError.constraint(detail: error.message ?? "constraint")
            case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_PERM:
                throw LedgerError.database(detail: error.message ?? "\(error.resultCode)")
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                throw LedgerError.damaged(detail: error.message ?? "\(error.resultCode)")
            default:
                throw LedgerError.database(detail: error.message ?? "\(error.resultCode)")
            }
        }
    }

    // MARK: Parsing shared by the use cases

    /// A strict `YYYY-MM-DD`; anything else is bad input naming the option.
    /// A date typed by a person (a flag, a form, a request): ISO, `DD-MM-YYYY` or `D.M.YYYY`.
    public static func parseDate(_ text: String, _ field: LedgerError.Field) throws -> CivilDate {
        guard let date = CivilDate.typed(text)?.date else { throw LedgerError.invalid(field, value: text, accepted: .calendarDate) }
        let range = CivilDate.acceptedRange
        guard range.contains(date) else { throw LedgerError.invalid(field, value: text, accepted: .dateIn(range)) }
        return date
    }

    static func parseDepartment(_ text: String) throws -> DepartmentID {
        guard let id = DepartmentID(text) else { throw LedgerError.invalid(.department, value: text, accepted: .departmentID) }
        return id
    }

    static func requireText(_ text: String, _ field: TextRules.Field) throws -> String {
        try TextRules.require(text, field)
    }
}

/// What `init` did with the policy.
public enum PolicyLoad: Equatable, Sendable {
    /// Its content is already loaded as this version: nothing written.
    case unchanged(name: String, version: Int)
    /// Loaded as a new version of its period (1 for a new period).
    case added(name: String, version: Int)
}
