import Foundation
import GRDB
import LedgerMigrations

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opening, creating and migrating a ledger file. Every connection uses WAL, a busy
/// timeout (concurrent clerks wait for each other instead of failing) and IMMEDIATE
/// write transactions (GRDB 7 opens every `write` IMMEDIATE: the write lock is taken
/// before anything is read, so two clerks never decide on the same counters).
///
/// A new ledger is built whole in a temporary file beside the target and linked into
/// place only when complete, so a crash during `init` or `demo` leaves either no ledger
/// or a working one, never half of one.
enum LedgerDatabase {
    /// `PRAGMA application_id` of a ledger file ("VLDG"): tells a ledger from other SQLite files.
    static let applicationID: Int32 = 0x564C_4447
    /// How long a writer waits for another clerk's transaction before giving up.
    static let busyTimeoutSeconds: Double = 30

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

    /// Swift steps that belong to a migration, run in its transaction after its SQL.
    private static let migrationSteps: [String: @Sendable (Database) throws -> Void] = [
        "m003_journal_everything": Journal.backfill,
    ]

    /// The migrator over the SQL files of `Migrations/`, embedded in the binary.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in EmbeddedMigrations.all {
            let sql = migration.sql
            let step = migrationSteps[migration.identifier]
            migrator.registerMigration(migration.identifier) { db in
                try db.execute(sql: sql)
                try step?(db)
            }
        }
        return migrator
    }

    /// The schema as the migrations make it (`sqlite_master` without SQLite's own
    /// objects): what `verify` expects to find, and the tables a half-made file may hold.
    static let expectedSchema: [SchemaObject] = {
        do {
            let queue = try DatabaseQueue()
            try migrator.migrate(queue)
            return try queue.read(schema)
        } catch {
            preconditionFailure("the embedded migrations do not apply to an empty database: \(error)")
        }
    }()

    /// Tables a replicator adds outside the migrations, as it creates them (keyed like
    /// `schemaFaults`'s "type name"): Litestream 0.5's sequence and lock tables. Measured with
    /// litestream 0.5.17 (`scripts/standby-drill.sh`).
    static let replicationBookkeeping: [String: String] = [
        "table _litestream_seq": "CREATE TABLE _litestream_seq (id INTEGER PRIMARY KEY, seq INTEGER)",
        "table _litestream_lock": "CREATE TABLE _litestream_lock (id INTEGER)",
    ]

    struct SchemaObject: Hashable, Sendable {
        var type: String
        var name: String
        var sql: String?
    }

    static func schema(_ db: Database) throws -> [SchemaObject] {
        try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
            .map { SchemaObject(type: $0["type"], name: $0["name"], sql: $0["sql"]) }
    }

    // MARK: Creating

    /// Builds a new ledger at `path` atomically: in a temporary file beside it, migrated,
    /// marked and filled by `fill` (in which the caller loads its policy), closed, then
    /// linked into place. Returns false, having written nothing, if `path` appeared
    /// meanwhile (another `init` won the race).
    /// With `replacing`, an existing file at `path` is replaced instead (the demo).
    /// Without `migrate`, `fill` writes the whole file itself (a backup).
    static func buildAtomically(at path: String, replacing: Bool = false, migrate: Bool = true,
                                fill: (DatabaseQueue) throws -> Void) throws -> Bool {
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent().path
        let prefix = ".\(target.lastPathComponent).building-"
        // Temporary builds whose process is gone (killed during `init` or `demo`).
        OutputFile.removeAbandoned(in: folder, prefix: prefix)
        let temp = URL(fileURLWithPath: folder).appendingPathComponent("\(prefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        defer { for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temp + suffix) } }
        do {
            let queue = try DatabaseQueue(path: temp, configuration: configuration(readOnly: false))
            if migrate { try migrator.migrate(queue) }
            try fill(queue)
            // Back to full durability, and everything into the main file before it is linked.
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
            try queue.close()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN {
            // SQLite's errno is gone by now: look at the folder itself.
            var isFolder: ObjCBool = false
            let reason: LedgerError.IOReason = !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue
                ? .folderMissing(folder)
                : access(folder, W_OK) != 0 ? .permissionDenied(folder) : .other(error.message ?? "\(error.resultCode)")
            throw LedgerError.io(.ledger, path: path, reason: reason)
        }
        try syncFile(temp)
        if replacing {
            // A stale -wal beside the old file would be replayed onto the new one: remove it first.
            for suffix in ["-wal", "-shm"] { unlink(path + suffix) }
            guard rename(temp, path) == 0 else {
                throw LedgerError.io(.ledger, path: path, reason: OutputFile.reason(errno: errno, path: path))
            }
        } else {
            // A file without its ledger cannot have a live log: these are leftovers.
            if !FileManager.default.fileExists(atPath: path) {
                for suffix in ["-wal", "-shm", "-journal"] { unlink(path + suffix) }
            }
            // link() never replaces: if another init created the file meanwhile, it stays.
            guard link(temp, path) == 0 else {
                if errno == EEXIST { return false }
                throw LedgerError.io(.ledger, path: path, reason: OutputFile.reason(errno: errno, path: path))
            }
        }
        syncFolder(folder)
        return true
    }

    /// Opens an existing file for `init`: migrates it forward, and finishes a file that an
    /// older version's interrupted `init` left half-made (its schema only, no entries).
    /// The caller marks it as a ledger in the same transaction that loads its policy.
    static func openForInit(path: String) throws -> DatabaseQueue {
        let queue = try open(path: path, configuration: configuration(readOnly: false))
        try queue.read { db in
            let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            guard try appID == applicationID || isHalfMade(db) else {
                throw LedgerError.notALedger(path: path)
            }
        }
        try queue.read { db in try checkNotSuperseded(db, path: path) }
        try migrator.migrate(queue)
        return queue
    }

    /// A file that an interrupted `init` of an older version left: not marked as a ledger,
    /// only tables of the ledger's schema, and no entry yet (also an empty file).
    static func isHalfMade(_ db: Database) throws -> Bool {
        let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        let known = Set(expectedSchema.filter { $0.type == "table" }.map(\.name)).union(["sqlite_sequence", "grdb_migrations"])
        let hasEntries = try tables.contains("journal")
            && (Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM journal)") ?? false)
        return appID == 0 && Set(tables).isSubset(of: known) && !hasEntries
    }

    /// Whether the file at `path` is a half-made ledger (see `isHalfMade`).
    static func isHalfMade(path: String) -> Bool {
        guard let queue = try? open(path: try readOnlyLocation(path), configuration: configuration(readOnly: true), shownAs: path)
        else { return false }
        return (try? queue.read(isHalfMade)) ?? false
    }

    /// Marks the file as a ledger; called in the transaction that loads its first policy.
    static func markAsLedger(_ db: Database) throws {
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
    }

    // MARK: Opening

    /// Opens an existing ledger. Writers migrate it forward; readers open it read-only and
    /// never create or write a file beside it where they cannot write (see `readOnlyLocation`).
    static func openExisting(path: String, readOnly: Bool) throws -> DatabaseQueue {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LedgerError.noLedger(path: path)
        }
        let queue: DatabaseQueue
        if readOnly {
            queue = try open(path: try readOnlyLocation(path), configuration: configuration(readOnly: true), shownAs: path)
        } else {
            queue = try open(path: path, configuration: configuration(readOnly: false))
        }
        try queue.read { db in
            let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            guard appID == applicationID else {
                throw LedgerError.notInitialised(path: path)
            }
            try checkNotSuperseded(db, path: path)
            if readOnly, try !migrator.hasCompletedMigrations(db) {
                throw LedgerError.olderSchema(path: path)
            }
        }
        if !readOnly { try migrator.migrate(queue) }
        return queue
    }

    /// Where a reader opens the file. A WAL database opened read-only still wants to create
    /// `-wal` and `-shm` beside it; in a place this process cannot write (a read-only copy,
    /// a read-only folder) and with no `-wal` present there is no writer and no log to
    /// read, so the file is opened `immutable` and nothing is created. Elsewhere it is
    /// opened read-only through SQLite's ordinary locking, which keeps it consistent with
    /// writers working at the same time.
    static func readOnlyLocation(_ path: String) throws -> String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let canWrite = access(path, W_OK) == 0 && access(folder, W_OK) == 0
        if let size = fileSize(path + "-journal"), size > 0 {
            throw LedgerError.crashJournal(path: path)
        }
        if fileSize(path + "-wal") != nil {
            if !canWrite && fileSize(path + "-shm") == nil {
                throw LedgerError.walWithoutSharedMemory(path: path)
            }
            return path
        }
        guard !canWrite else { return path }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let absolute = URL(fileURLWithPath: path).path
        return "file:\(absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute)?immutable=1"
    }

    /// A fresh ledger in memory (tests, dry experiments).
    static func inMemory() throws -> DatabaseQueue {
        let queue = try DatabaseQueue(configuration: configuration(readOnly: false))
        try migrator.migrate(queue)
        try queue.write(markAsLedger)
        return queue
    }

    private static func checkNotSuperseded(_ db: Database, path: String) throws {
        if try migrator.hasBeenSuperseded(db) {
            throw LedgerError.newerSchema(path: path, supported: EmbeddedMigrations.all.last!.identifier)
        }
    }

    private static func open(path: String, configuration: Configuration, shownAs shown: String? = nil) throws -> DatabaseQueue {
        let shown = shown ?? path
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            // Opening is lazy: touch the file now so a foreign file fails here, with its name.
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw LedgerError.notSQLite(path: shown)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN {
            throw LedgerError.io(.ledger, path: shown, reason: .other(error.message ?? "\(error.resultCode)"))
        }
    }

    // MARK: Files

    static func fileSize(_ path: String) -> Int64? {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : nil
    }

    static func syncFile(_ path: String) throws {
        let fd = posixOpen(path, O_RDONLY)
        guard fd >= 0 else { throw LedgerError.io(.ledger, path: path, reason: OutputFile.reason(errno: errno, path: path)) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw LedgerError.io(.ledger, path: path, reason: OutputFile.reason(errno: errno, path: path)) }
    }

    /// Makes a rename or link in `folder` durable.
    static func syncFolder(_ folder: String) {
        let fd = posixOpen(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}

/// `open(2)`, under a name the static `open` methods above do not shadow.
func posixOpen(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
    open(path, flags, mode)
}
