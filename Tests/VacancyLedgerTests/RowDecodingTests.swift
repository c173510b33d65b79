import CSV
import Foundation
import GRDB
import Testing
@testable import VacancyLedger

/// How rows are read and written as bytes: stored words, stored lists, each query's
/// projection, and CSV text held to CSV.swift.
@Suite struct RowDecodingTests {
    /// Stored words are matched by their bytes (`WordTable`): each case by exactly its raw
    /// value, and nothing else — not a prefix, a longer word, another case or an empty column.
    @Test func storedWordsMatchExactlyTheirRawValues() {
        func check<Word: StoredWord & Equatable>(_: Word.Type) {
            func match(_ text: String) -> Word? {
                Array(text.utf8).withUnsafeBytes { Word.words.match($0) }
            }
            for word in Word.allCases {
                #expect(match(word.rawValue) == word)
                #expect(match(String(word.rawValue.dropLast())) == nil)
                #expect(match(word.rawValue + "x") == nil)
                #expect(match(word.rawValue.uppercased()) == nil || word.rawValue == word.rawValue.uppercased())
            }
            #expect(match("") == nil)
            #expect(UnsafeRawBufferPointer(start: nil, count: 0).isEmpty && Word.words.match(UnsafeRawBufferPointer(start: nil, count: 0)) == nil)
        }
        check(Route.self); check(Outcome.self); check(WithheldReason.self)
        check(Staircase.self); check(RuleID.self); check(Criterion.self)
    }

    /// A column that holds what the ledger never writes is a damaged file, not a trap: a
    /// word outside the vocabulary, a NULL or a date that is not one, each naming the column.
    @Test func aStoredValueTheLedgerNeverWritesIsADamagedFile() throws {
        let queue = try DatabaseQueue()
        enum Selected: Int, Projection { case route }
        func read<Value: StoredText>(_ value: String?, as _: Value.Type) throws -> Value {
            try queue.read { db in try Row.fetchOne(db, sql: "SELECT ? AS route", arguments: [value])!.decode(Selected.route) }
        }
        #expect(try read("flexible", as: Route.self) == .flexible)
        #expect(try read("2024-02-29", as: CivilDate.self) == day("2024-02-29"))
        for bad in ["flex", "Flexible", "", nil] as [String?] {
            #expect { try read(bad, as: Route.self) } throws: { error in
                guard case LedgerError.damaged(let detail) = error else { return false }
                return detail.contains("route")
            }
        }
        #expect(throws: LedgerError.self) { try read("2025-02-30", as: CivilDate.self) }
        let optional: Route? = try queue.read { db in try Row.fetchOne(db, sql: "SELECT NULL AS route")!.decode(Selected.route) }
        #expect(optional == nil)
    }

    /// Stored lists are cut by hand (`StoredList`): what they read is what `split` and the
    /// raw values read, for lists with doubled, leading and trailing separators; a list with
    /// unknown parts or prefixes of words reads as `stored` reads its text.
    @Test func storedListsReadAsSplitReadsThem() throws {
        let queue = try DatabaseQueue()
        enum Selected: Int, Projection { case text }
        func read<Word: StoredListWord>(_ text: String, _ separator: Character, as _: Word.Type) throws -> [Word] {
            #expect(Word.separator == UInt8(ascii: separator.unicodeScalars.first!))
            return try queue.read { db in
                (try Row.fetchOne(db, sql: "SELECT ? AS text", arguments: [text])!.decode(Selected.text) as StoredList<Word>).words
            }
        }
        func reference<Word: StoredListWord>(_ text: String, _ separator: Character, as _: Word.Type) -> [Word] {
            let words = text.split(separator: separator).map { Word(rawValue: String($0)) }
            return words.contains { $0 == nil } ? Word.stored(text) : words.map { $0! }
        }
        let rules = ["", "R4", "R1 R3 G2", "R1  R3", " R1", "R1 ", "R1 X9", "R12", "R", "P5 R7 G3 I1", "   "]
        for text in rules {
            #expect(try read(text, " ", as: RuleID.self) == reference(text, " ", as: RuleID.self), "\(text)")
        }
        let criteria = ["", "income", "employment,income", ",income", "income,", "income,,education", "incom", "income,x", "income education"]
        for text in criteria {
            #expect(try read(text, ",", as: Criterion.self) == reference(text, ",", as: Criterion.self), "\(text)")
        }
        #expect(try read("R1 R3 G2", " ", as: RuleID.self) == [.R1, .R3, .G2])
    }

    /// Hot rows are read by a projection's positions (`Projection`): each query's columns,
    /// as SQLite names them, are its projection's cases in order, the joined tables' after
    /// the vacancy's, so no override of a column's SQL shifts a position.
    @Test func eachProjectionsPositionsHoldItsColumns() throws {
        let ledger = try memoryLedger()
        try ledger.add("KAB-4", step: 4)
        let id = try ledger.log("KAB-4", "2024-03-01", ref: "R-1").vacancy!
        func names(_ sql: String, _ arguments: StatementArguments = []) throws -> [String] {
            try ledger.database.read { db in try Row.fetchOne(db, sql: sql, arguments: arguments)!.columnNames.map { String($0) } }
        }
        let vacancy = VacancyRow.Columns.allCases.map(\.name) + SettlementRow.Columns.allCases.map { "settlement_" + $0.name }
            + CorrectionRow.Columns.allCases.map { "correction_" + $0.name }
        #expect(try names(VacancyRow.select + " WHERE v.id = ?", [id]) == vacancy)
        #expect(try names("SELECT \(Store.ListingColumns.selection()) " + VacancyRow.from) == Store.ListingColumns.allCases.map(\.name))
        let export = Store.ExportColumns.allCases.map(\.name)
        #expect(try names("""
            SELECT \(Store.ExportColumns.selection(pending: true)) FROM vacancy v JOIN placement p ON p.id = v.placement_id
            JOIN policy_version pv ON pv.id = v.policy_version_id LEFT JOIN journal j ON j.kind = 'vacancy' AND j.entity = v.id
            """) == export)
        #expect(try names("SELECT \(Store.ExportColumns.selection(pending: false)) FROM letting l JOIN vacancy v ON v.id = l.vacancy_id")
                == export)
        #expect(try names("SELECT \(Store.FigureColumns.selection(at: "month")) FROM counters_by_month") == Store.FigureColumns.allCases.map(\.name))
        let record = try ledger.database.read { db in try Store.vacancy(db, id: id)! }
        #expect(record.ref == "R-1" && record.date == day("2024-03-01") && record.department.rawValue == "KAB-4")
    }

    /// `CSVText` writes CSV itself (CSV.swift's stream writer was slow); it must write what
    /// CSV.swift writes, quoting included, for any fields and either delimiter.
    @Test func csvTextWritesWhatCSVSwiftWrites() throws {
        var state: UInt64 = 42
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        let pieces = ["a", "Ærtebjerg", "ø", "å", " ", ",", ";", "\"", "\r", "\n", "\r\n", "12", "", "x\"y"]
        for delimiter in [",", ";"] as [UnicodeScalar] {
            for _ in 0..<200 {
                let rows = (0..<(1 + next() % 4)).map { _ in
                    (0..<(1 + next() % 5)).map { _ in (0..<(next() % 4)).map { _ in pieces[next() % pieces.count] }.joined() }
                }
                let writer = try CSVWriter(stream: .toMemory(), delimiter: String(delimiter), newline: .crlf)
                for row in rows { try writer.write(row: row) }
                writer.stream.close()
                let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
                let reference = String(decoding: data, as: UTF8.self) + "\r\n"
                #expect(CSVText.render(rows, delimiter: delimiter) == reference, "\(rows)")
            }
        }
    }
}
