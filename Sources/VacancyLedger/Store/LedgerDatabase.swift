import Foundation
public import GRDB
import LedgerMigrations

/// Opening, creating and migrating a ledger file. Every connection uses WAL, a busy
/// timeout (concurrent clerks wait for each other instead of failing) and IMMEDIATE
/// write transactions (GRDB 7 opens every `write` IMMEDIATE: the write lock is taken
/// before anything is read, so two clerks never decide on the same counters).
public enum LedgerDatabase {
    /// `PRAGMA application_id` of a ledger file ("VLDG"): tells a ledger from other SQLite files.
    static let applicationID: Int32 = 0x564C_4447
    /// How long a writer waits for another clerk's transaction before giving up.
    public static let busyTimeoutSeconds: Double = 30

    static func configuration(readOnly: Bool) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(busyTimeoutSeconds)
        config.label = "vacancy-ledger"
        config.prepareDatabase { db in
            if !db.configuration.readonly {
                // A ledger prefers durability to speed: FULL syncs the WAL on every commit.
                try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL")
            }
        }
        return config
    }

    /// The migrator over the SQL files of `Migrations/`, embedded in the binary.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in EmbeddedMigrations.all {
            let sql = migration.sql
            migrator.registerMigration(migration.identifier) { db in
                try db.execute(sql: sql)
            }
        }
        return migrator
    }

    /// Creates the file if needed, applies pending migrations and marks it as a ledger.
    /// Refuses a foreign database or one written by a newer version.
    static func create(path: String) throws -> DatabaseQueue {
        let queue = try open(path: path, configuration: configuration(readOnly: false))
        try queue.write { db in
            let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
            if appID != applicationID && (appID != 0 || tables > 0) {
                throw LedgerError.unsupportedDatabase("\(path) is an SQLite file but not a vacancy ledger (accepted: a ledger file, or a new path)")
            }
            try checkNotSuperseded(db, path: path)
        }
        try migrator.migrate(queue)
        try queue.write { db in try db.execute(sql: "PRAGMA application_id = \(applicationID)") }
        return queue
    }

    /// Opens an existing ledger. Writers migrate it forward; readers open it read-only.
    public static func openExisting(path: String, readOnly: Bool) throws -> DatabaseQueue {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LedgerError.unsupportedDatabase("no ledger at \(path) (run `vacancy-ledger init` first, or pass --db PATH)")
        }
        let queue = try open(path: path, configuration: configuration(readOnly: readOnly))
        try queue.read { db in
            let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            guard appID == applicationID else {
                throw LedgerError.unsupportedDatabase("\(path) is not an initialised vacancy ledger (run `vacancy-ledger init`)")
            }
            try checkNotSuperseded(db, path: path)
            if readOnly, try !migrator.hasCompletedMigrations(db) {
                throw LedgerError.unsupportedDatabase("\(path) was written by an older version (run `vacancy-ledger init` to upgrade it)")
            }
        }
        if !readOnly { try migrator.migrate(queue) }
        return queue
    }

    /// A fresh ledger in memory (tests, dry experiments).
    public static func inMemory() throws -> DatabaseQueue {
        let queue = try DatabaseQueue(configuration: configuration(readOnly: false))
        try migrator.migrate(queue)
        try queue.write { db in try db.execute(sql: "PRAGMA application_id = \(applicationID)") }
        return queue
    }

    private static func checkNotSuperseded(_ db: Database, path: String) throws {
        if try migrator.hasBeenSuperseded(db) {
            throw LedgerError.unsupportedDatabase("\(path) was written by a newer version of vacancy-ledger (accepted: a ledger of schema \(EmbeddedMigrations.all.last!.identifier) or older)")
        }
    }

    private static func open(path: String, configuration: Configuration) throws -> DatabaseQueue {
        do {
            return try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw LedgerError.unsupportedDatabase("\(path) is not an SQLite database (accepted: a ledger file, or a new path)")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN {
            throw LedgerError.failure("cannot open \(path): \(error.message ?? "unknown reason")")
        }
    }
}
