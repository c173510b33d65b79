import VacancyLedger

/// Where a listing row's fields go (the export's, `vacancies`', `offers`', the report's), each as the kind of value
/// it is: a row names its fields once, and CSV bytes and JSON values are written from that.
protocol ListingFieldSink {
    /// Free text, quoted in CSV if it must be.
    mutating func text(_ value: String?)
    /// A vocabulary word or an id: never quoted.
    mutating func word(_ value: String?)
    /// A list of words: one CSV cell, `between` apart; a JSON array.
    mutating func words<Word: RawRepresentable<String>>(_ values: [Word], between: UInt8)
    mutating func number(_ value: Int)
    mutating func date(_ value: CivilDate?)
    mutating func flag(_ value: Bool)
    /// A share (0…1): a number in CSV and JSON, a percentage in a table.
    mutating func share(_ value: Double)
    /// Named counts: one JSON object; a cell each in CSV and in a table.
    mutating func counts(_ members: [(String, Int)])
}

extension CSVRowWriter: ListingFieldSink {}

/// A row's fields as JSON members, under the key set before each.
struct JSONMembers: ListingFieldSink {
    var key = ""
    private(set) var members: [(String, JSONValue)] = []

    mutating func text(_ value: String?) { members.append((key, .optional(value))) }
    mutating func word(_ value: String?) { members.append((key, .optional(value))) }
    mutating func words<Word: RawRepresentable<String>>(_ values: [Word], between: UInt8) {
        members.append((key, .array(values.map { .string($0.rawValue) })))
    }
    mutating func number(_ value: Int) { members.append((key, .int(Int64(value)))) }
    mutating func date(_ value: CivilDate?) { members.append((key, .optional(value?.description))) }
    mutating func flag(_ value: Bool) { members.append((key, .bool(value))) }
}

extension JSONMembers {
    /// One row's fields as a JSON object, each under its field's name, every key present.
    static func object<Field: CaseIterable & RawRepresentable<String>>(_: Field.Type, _ put: (Field, inout JSONMembers) -> Void) -> JSONValue {
        var members = JSONMembers()
        for field in Field.allCases {
            members.key = field.rawValue
            put(field, &members)
        }
        return .object(members.members)
    }
}

extension CSVRowWriter {
    mutating func share(_ value: Double) { number(value) }
    mutating func counts(_ members: [(String, Int)]) { for (_, count) in members { number(count) } }
}

extension JSONMembers {
    mutating func share(_ value: Double) { members.append((key, .double(value))) }
    mutating func counts(_ members: [(String, Int)]) {
        self.members.append((key, .object(members.map { ($0.0, .int(Int64($0.1))) })))
    }
}

/// A row's fields as the cells of a text table, in the reader's language: an absent value is
/// an empty cell, a share a percentage, named counts a cell each.
struct TextCells: ListingFieldSink {
    private(set) var cells: [String] = []

    mutating func text(_ value: String?) { cells.append(value ?? "") }
    mutating func word(_ value: String?) { cells.append(value.map(Words.term) ?? "") }
    mutating func words<Word: RawRepresentable<String>>(_ values: [Word], between: UInt8) {
        cells.append(values.map { Words.term($0.rawValue) }.joined(separator: String(UnicodeScalar(between))))
    }
    /// Ids and counts alike: plain digits (a vacancy id is never `5.031`).
    mutating func number(_ value: Int) { cells.append(String(value)) }
    mutating func date(_ value: CivilDate?) { cells.append(Local.date(value)) }
    mutating func flag(_ value: Bool) { cells.append(Local.flag(value)) }
    mutating func share(_ value: Double) { cells.append(Local.percent(value)) }
    mutating func counts(_ members: [(String, Int)]) { cells += members.map { Local.count($0.1) } }

    /// The cells of `fields` of one row, as `put` gives them.
    static func row<Field>(_ fields: [Field], _ put: (Field, inout TextCells) -> Void) -> [String] {
        var sink = TextCells()
        for field in fields { put(field, &sink) }
        return sink.cells
    }
}
