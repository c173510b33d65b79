import Foundation
import GRDB
import PropertyBased
import Testing
@testable import VacancyLedger

/// `verify` rebuilds payloads as bytes straight from SQLite (`PayloadWriter`); a chained
/// payload was written by `JSONValue`. They must agree byte for byte on every value, or a
/// clean ledger would read as tampered.
@Suite struct PayloadBytesTests {
    @Test func payloadBytesEqualTheJSONPayloadForAnyValue() async {
        // Control characters, quote, backslash, Latin-1 (æ, ø, å) and beyond.
        let text = Gen.character(in: "\u{0}"..."\u{2FF}").string(of: 0...16)
        await propertyCheck(count: 400, input: text, text, Gen.int64(in: .min ... .max), Gen.int(in: -3...3)) { a, b, n, shape in
            let queue = try DatabaseQueue()
            try queue.read { db in
                // `shape` picks which optional values are NULL and whether a real is present.
                let real: DatabaseValue = shape >= 0 ? (Double(n % 10_000) / 8).databaseValue : .null
                let optional: DatabaseValue = shape % 2 == 0 ? a.databaseValue : .null
                let values: [DatabaseValue] = [n.databaseValue, a.databaseValue, b.databaseValue, .null, real, optional]
                let columns = ["id", "name", "note", "missing", "share", "optional"]
                let statement = try db.makeStatement(sql: "SELECT ?, ?, ?, ?, ?, ?")
                let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(values))
                let row = try #require(try cursor.next()).copy()
                var bytes: [UInt8] = []
                PayloadWriter(columns: columns, required: 4).write(CurrentRow(statement), offset: 0, into: &bytes)
                // The values as GRDB reads them back (what `Journal.payload` chains), not as bound:
                // SQLite keeps text up to a NUL.
                var members: [(String, JSONValue)] = []
                for (index, column) in columns.enumerated() {
                    let value = row[index] as DatabaseValue
                    if index < 4 || !value.isNull { members.append((column, Journal.json(value))) }
                }
                #expect(String(decoding: bytes, as: UTF8.self) == JSONValue.object(members).serialized())
            }
        }
    }

    @Test func aPayloadOfOnlyAbsentOptionalColumnsIsAnEmptyObject() throws {
        try DatabaseQueue().read { db in
            let statement = try db.makeStatement(sql: "SELECT NULL, NULL")
            _ = try Row.fetchCursor(statement).next()
            var bytes: [UInt8] = [1, 2, 3]
            PayloadWriter(columns: ["a", "b"], required: 0).write(CurrentRow(statement), offset: 0, into: &bytes)
            #expect(bytes == Array("{}".utf8))
        }
    }
}

/// `verify` checks the chain in stretches on several connections (`ParallelReads`).
@Suite struct ParallelVerifyTests {
    /// A file ledger of a few hundred entries over three departments.
    func logged() throws -> (Ledger, String) {
        let (ledger, path) = try fileLedger()
        for id in ["AAB-1", "ØBO-2", "KAB-3"] { try ledger.add(id, step: 2) }
        var date = day("2024-02-01")
        for i in 0..<120 {
            let report = try ledger.log(["AAB-1", "ØBO-2", "KAB-3"][i % 3], date.description)
            if report.offered, i % 2 == 0 {
                _ = try ledger.settle(vacancy: report.vacancy!, outcome: .returned, date: date.description, by: "t")
            }
            date = CivilDate(dayNumber: date.dayNumber + 2)
        }
        return (ledger, path)
    }

    @Test func stretchesThatMeetEndToEndFindWhatOneWalkFinds() throws {
        let (ledger, _) = try logged()
        try ledger.database.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER vacancy_no_update")
            try db.execute(sql: "UPDATE vacancy SET unit = 'tampered' WHERE id = 40")
            try db.execute(sql: "DROP TRIGGER journal_no_update")
            try db.execute(sql: "UPDATE journal SET payload = replace(payload, '\"unit\"', '\"unit\" ') WHERE kind = 'vacancy' AND entity = 77")
            try db.execute(sql: "DROP TRIGGER journal_no_delete")
            try db.execute(sql: "DELETE FROM journal WHERE seq = (SELECT seq FROM journal WHERE kind = 'vacancy' AND entity = 100)")
        }
        try ledger.database.read { db in
            let head = try Journal.head(db)
            let whole = try Journal.verifyStretch(db, after: 0, through: nil, previous: Journal.genesisHash, walk: true)
            #expect(whole.faults.count >= 4, "\(whole.faults.map(\.text))")
            #expect(whole.last == head.hash)
            for count in 1...7 {
                var entries = 0, faults: [String] = [], last = ""
                for (after, through) in Ledger.stretches(upTo: head.seq, count: count) {
                    let previous = try Journal.hash(db, atOrBefore: after) ?? Journal.genesisHash
                    let stretch = try Journal.verifyStretch(db, after: after, through: through, previous: previous, walk: true)
                    entries += stretch.entries; faults += stretch.faults.map(\.text); last = stretch.last
                }
                #expect(entries == whole.entries && last == whole.last)
                #expect(faults == whole.faults.map(\.text), "\(count) stretches")
            }
        }
        // The whole verify, on worker connections, finds each fault.
        let report = try ledger.verify()
        for expected in ["vacancy 40 differs", "hash does not match", "is missing or inserted"] {
            #expect(report.faults.contains { $0.contains(expected) }, "\(expected): \(report.faults)")
        }
    }

    /// A standby (README, `scripts/standby-drill.sh`): Litestream adds two tables of its own.
    @Test func verifyAcceptsLitestreamsTablesAsItMakesThemAndNothingElse() throws {
        let (ledger, _) = try logged()
        try ledger.database.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TABLE _litestream_seq (id INTEGER PRIMARY KEY, seq INTEGER)")
            try db.execute(sql: "CREATE TABLE _litestream_lock (id INTEGER)")
        }
        #expect(try ledger.verify().faults.isEmpty)
        #expect(try ledger.verify(deep: true).faults.isEmpty)
        try ledger.database.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TABLE _litestream_lock")
            try db.execute(sql: "CREATE TABLE _litestream_lock (id INTEGER, note TEXT)")
            try db.execute(sql: "CREATE TABLE _litestream_other (id INTEGER)")
        }
        let faults = try ledger.verify().faults
        #expect(faults.contains { $0.contains("table _litestream_lock was added outside the migrations") }, "\(faults)")
        #expect(faults.contains { $0.contains("table _litestream_other was added outside the migrations") }, "\(faults)")
        #expect(faults.count == 2, "\(faults)")
    }

    @Test func workersTakeTasksOnlyInTheCallersSnapshot() throws {
        let (ledger, path) = try logged()
        let other = try Ledger.open(path: path, readOnly: false)
        let tasks: [@Sendable (Database) throws -> Int] = (0..<6).map { _ in { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancy")! } }
        try ledger.database.read { db in
            let seen = try Int.fetchOne(db, sql: "SELECT count(*) FROM vacancy")!
            let (results, onWorkers) = try ParallelReads.run(db, path: ledger.database.path, tasks)
            #expect(results == Array(repeating: seen, count: 6))
            if ParallelReads.cores > 1 { #expect(onWorkers > 0) }
            // A write lands after this snapshot began: no worker sees it, every task runs here.
            _ = try other.log("AAB-1", "2024-12-30")
            let after = try ParallelReads.run(db, path: ledger.database.path, tasks)
            #expect(after.results == Array(repeating: seen, count: 6))
            #expect(after.onWorkers == 0)
        }
    }
}
