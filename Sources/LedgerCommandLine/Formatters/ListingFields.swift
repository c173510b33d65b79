import VacancyLedger

/// Where a listing row's fields go (the export's, `vacancies`'), each as the kind of value
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
