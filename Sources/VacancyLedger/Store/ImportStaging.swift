import Foundation
import GRDB

/// The import's scratch space: the file's rows, its events in the order they are applied,
/// and the lines to list, in an SQLite file of its own beside the ledger (`File`). SQLite
/// sorts and keeps them on disk when they outgrow its cache, so an import of any length
/// takes the same memory (a million rows included), and nothing of it reaches the ledger.
///
/// Its own file, not TEMP tables of the writing connection, because the file is read on a
/// connection of its own while no writer is held: the service's clerks log while a feed is
/// staged. Each batch attaches it to the writer for its turn (`attached`), and detaches it.
enum ImportStaging {
    /// The page cache of the importing connections, in KiB (the raw SQLite baseline of
    /// BENCHMARKS.md uses the same).
    static let pageCacheKiB = 32768
    /// The schema name the writer attaches the staging file under.
    static let schema = "import_staging"

    /// The staging file: created empty with its tables, removed when the import ends (or by
    /// the next import, if its process died).
    final class File {
        let path: String
        private var queue: DatabaseQueue?

        /// A new staging file in `ledger`'s folder (the temporary folder for a ledger in memory).
        init(beside ledger: String?) throws {
            let folder: String
            let name: String
            if let ledger {
                let url = URL(fileURLWithPath: ledger)
                folder = url.deletingLastPathComponent().path
                name = url.lastPathComponent
            } else {
                folder = NSTemporaryDirectory()
                name = "ledger"
            }
            let prefix = ".\(name).import-"
            OutputFile.removeAbandoned(in: folder, prefix: prefix)
            path = URL(fileURLWithPath: folder).appendingPathComponent("\(prefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
            var configuration = Configuration()
            configuration.label = "vacancy-ledger-import"
            configuration.prepareDatabase { db in
                // Scratch: a crash leaves a file the next import removes, never a ledger to save.
                try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -\(pageCacheKiB)")
            }
            do {
                queue = try DatabaseQueue(path: path, configuration: configuration)
                try queue?.writeWithoutTransaction { db in try create(db) }
            } catch {
                remove()
                throw error
            }
        }

        /// Runs `body` on the staging file's own connection.
        func write<T>(_ body: (Database) throws -> T) throws -> T {
            guard let queue else { throw LedgerError.damaged(detail: "import staging file closed") }
            return try queue.writeWithoutTransaction(body)
        }

        /// Closes the file's own connection: from here on it is used attached to the writer.
        func close() throws {
            try queue?.close()
            queue = nil
        }

        func remove() {
            try? queue?.close()
            queue = nil
            for suffix in ["", "-journal"] { unlink(path + suffix) }
        }

        /// Runs `body` on the ledger's writer connection `db` with the staging file attached.
        /// Outside any transaction (SQLite attaches only there); the journal in memory, as
        /// the file needs no crash recovery but a dry run's rollback must work.
        func attached<T>(to db: Database, _ body: () throws -> T) throws -> T {
            try db.execute(sql: "ATTACH DATABASE ? AS \(schema)", arguments: [path])
            defer { try? db.execute(sql: "DETACH DATABASE \(schema)") }
            try db.execute(sql: "PRAGMA \(schema).journal_mode = MEMORY")
            return try body()
        }

        deinit { remove() }
    }

    private static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE import_row (
                line INTEGER PRIMARY KEY, ref TEXT NOT NULL, department TEXT NOT NULL, unit TEXT NOT NULL,
                vacancy_date TEXT NOT NULL, reserved_unit INTEGER NOT NULL, outcome TEXT, settled_on TEXT,
                recorded_route TEXT, clerk TEXT, answer_only INTEGER NOT NULL);
            -- A ref is used once per department in a file.
            CREATE UNIQUE INDEX import_row_ref ON import_row (department, ref);
            -- Loggings (kind 0) before settlements (kind 1) on a day, then by line.
            CREATE TABLE import_event (
                event_date TEXT NOT NULL, kind INTEGER NOT NULL, line INTEGER NOT NULL,
                PRIMARY KEY (event_date, kind, line)) WITHOUT ROWID;
            CREATE TABLE import_listing (
                line INTEGER NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL, file_said TEXT NOT NULL,
                rules_said TEXT NOT NULL, rules TEXT NOT NULL);
            """)
    }

    struct Row {
        var line: Int
        var ref: String
        var department: DepartmentID
        var unit: String
        var date: CivilDate
        var reservedUnit: Bool
        var outcome: Outcome?
        var settledOn: CivilDate?
        var recordedRoute: Route?
        var clerk: String?
        /// A row of an answers file (`ref, department, outcome, settled_on`): only its
        /// settlement is an event, and `unit` and `date` are not the vacancy's.
        var answerOnly = false
    }

    /// Stages a row and its events; the line of an earlier row with the same department and
    /// ref if there is one (nothing staged then).
    static func insert(_ db: Database, _ row: Row) throws -> Int? {
        if let earlier = try Int.fetchOne(db.cachedStatement(sql: "SELECT line FROM import_row WHERE department = ? AND ref = ?"),
                                          arguments: [row.department.rawValue, row.ref]) {
            return earlier
        }
        try db.cachedStatement(sql: """
            INSERT INTO import_row (line, ref, department, unit, vacancy_date, reserved_unit, outcome, settled_on, recorded_route, clerk,
                                    answer_only)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [row.line, row.ref, row.department.rawValue, row.unit, row.date.description, row.reservedUnit,
                                     row.outcome?.rawValue, row.settledOn?.description, row.recordedRoute?.rawValue, row.clerk,
                                     row.answerOnly])
        let event = try db.cachedStatement(sql: "INSERT INTO import_event (event_date, kind, line) VALUES (?, ?, ?)")
        if !row.answerOnly { try event.execute(arguments: [row.date.description, 0, row.line]) }
        if let settledOn = row.settledOn { try event.execute(arguments: [settledOn.description, 1, row.line]) }
        return nil
    }

    static func eventCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM import_event") ?? 0
    }

    /// Where the next page of events starts: after this (date, kind, line).
    struct Position: Sendable {
        var date = ""
        var kind = -1
        var line = 0
    }

    struct Event {
        /// A logging (false) or a settlement (true).
        var isSettlement: Bool
        var row: Row
    }

    /// The next `limit` events after `position`, in the order they are applied.
    static func events(_ db: Database, after position: Position, limit: Int) throws -> (events: [Event], next: Position) {
        var events: [Event] = []
        var next = position
        // Not cached: the staging file is attached for one turn, and a statement kept past
        // its detaching would name a schema that is gone.
        let cursor = try GRDB.Row.fetchCursor(db.makeStatement(sql: """
            SELECT e.event_date, e.kind, r.line, r.ref, r.department, r.unit, r.vacancy_date, r.reserved_unit, r.outcome,
                   r.settled_on, r.recorded_route, r.clerk, r.answer_only
            FROM import_event e JOIN import_row r ON r.line = e.line
            WHERE (e.event_date, e.kind, e.line) > (?, ?, ?)
            ORDER BY e.event_date, e.kind, e.line LIMIT ?
            """), arguments: [position.date, position.kind, position.line, limit])
        while let r = try cursor.next() {
            // Rows were validated before they were staged.
            let row = Row(line: r["line"], ref: r["ref"], department: DepartmentID(stored: r["department"]), unit: r["unit"],
                          date: Store.date(r["vacancy_date"]), reservedUnit: r["reserved_unit"],
                          outcome: (r["outcome"] as String?).flatMap(Outcome.init(rawValue:)),
                          settledOn: (r["settled_on"] as String?).map(Store.date),
                          recordedRoute: (r["recorded_route"] as String?).flatMap(Route.init(rawValue:)), clerk: r["clerk"],
                          answerOnly: r["answer_only"])
            let kind: Int = r["kind"]
            events.append(Event(isSettlement: kind == 1, row: row))
            next = Position(date: r["event_date"], kind: kind, line: row.line)
        }
        return (events, next)
    }

    static func insertListing(_ db: Database, _ listing: ImportListing) throws {
        try db.makeStatement(sql: """
            INSERT INTO import_listing (line, kind, ref, file_said, rules_said, rules) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [listing.line, listing.kind.rawValue, listing.ref, listing.fileSaid, listing.rulesSaid,
                                     listing.rules.map(\.rawValue).joined(separator: " ")])
    }

    /// The listed lines in line order (a line's listings by kind), streamed.
    static func forEachListing(_ db: Database, _ body: (ImportListing) throws -> Void) throws {
        let cursor = try GRDB.Row.fetchCursor(db, sql: """
            SELECT line, kind, ref, file_said, rules_said, rules FROM import_listing ORDER BY line, kind
            """)
        while let r = try cursor.next() {
            try body(ImportListing(line: r["line"], ref: r["ref"], kind: ImportListing.Kind(rawValue: r["kind"])!,
                                   fileSaid: r["file_said"], rulesSaid: r["rules_said"],
                                   rules: RuleID.stored(r["rules"])))
        }
    }

    /// A staged row with a recorded route, and the ledger's vacancy of the same ref and data.
    struct RecordedRoute {
        var line: Int
        var ref: String
        var recorded: Route
        var current: Route
        var rules: [RuleID]
    }

    /// The rows with a recorded route whose ref the ledger holds with the same vacancy data
    /// (added or already present), with the route the vacancy is let by now.
    static func forEachRecordedRoute(_ db: Database, _ body: (RecordedRoute) throws -> Void) throws {
        let cursor = try GRDB.Row.fetchCursor(db, sql: """
            SELECT r.line, r.ref, r.recorded_route, v.route, v.fallback_route, v.offered, s.outcome, v.rules
            FROM import_row r
            JOIN vacancy v ON v.department = r.department AND v.ref = r.ref AND v.unit = r.unit
                 AND v.vacancy_date = r.vacancy_date AND v.reserved_unit = r.reserved_unit
            LEFT JOIN settlement s ON s.vacancy_id = v.id
                 AND NOT EXISTS (SELECT 1 FROM correction sc WHERE sc.settlement_id = s.id)
            WHERE r.recorded_route IS NOT NULL
            ORDER BY r.line
            """)
        while let r = try cursor.next() {
            let current = VacancyRecord.currentRoute(decided: Route(rawValue: r["route"])!,
                                                     fallback: Route(rawValue: r["fallback_route"])!, offered: r["offered"],
                                                     outcome: (r["outcome"] as String?).flatMap(Outcome.init(rawValue:)))
            try body(RecordedRoute(line: r["line"], ref: r["ref"], recorded: Route(rawValue: r["recorded_route"])!, current: current,
                                   rules: RuleID.stored(r["rules"])))
        }
    }
}
