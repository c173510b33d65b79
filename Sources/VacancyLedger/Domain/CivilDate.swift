/// A calendar date without a time or zone (`YYYY-MM-DD`), as the agreement counts days.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses a strict ISO date; refuses malformed text and impossible days (2025-02-30).
    public init?(_ text: String) {
        var text = text
        guard let date = text.withUTF8({ CivilDate.parse(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = date
    }

    /// The same from UTF-8 bytes: a column read straight from SQLite (`StoredValues.swift`).
    init?(utf8 bytes: UnsafeRawBufferPointer) {
        guard let date = CivilDate.parse(bytes) else { return nil }
        self = date
    }

    /// Exactly ten ASCII bytes DDDD-DD-DD, read in place (dates are parsed on every row read;
    /// copying them into an array first was an allocation per date).
    private static func parse(_ bytes: UnsafeRawBufferPointer) -> CivilDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    /// How a person wrote a date: ISO, or as Danes write it (with a four-digit year).
    public enum Form: String, Sendable, CaseIterable {
        case iso = "YYYY-MM-DD"
        case dashes = "DD-MM-YYYY"
        case dots = "D.M.YYYY"
    }

    /// A date as a person types it, in any of `forms`: `2024-02-01`, `01-02-2024` or
    /// `1.2.2024`; the form it was in. Impossible days are refused in every form.
    public static func typed(_ text: String, forms: [Form] = Form.allCases) -> (date: CivilDate, form: Form)? {
        if forms.contains(.iso), let date = CivilDate(text) { return (date, .iso) }
        let dashes = text.split(separator: "-", omittingEmptySubsequences: false)
        if forms.contains(.dashes), dashes.count == 3, dashes[0].count == 2, dashes[1].count == 2, dashes[2].count == 4,
           let date = fromParts(day: dashes[0], month: dashes[1], year: dashes[2]) {
            return (date, .dashes)
        }
        let dots = text.split(separator: ".", omittingEmptySubsequences: false)
        if forms.contains(.dots), dots.count == 3, (1...2).contains(dots[0].count), (1...2).contains(dots[1].count), dots[2].count == 4,
           let date = fromParts(day: dots[0], month: dots[1], year: dots[2]) {
            return (date, .dots)
        }
        return nil
    }

    private static func fromParts(day: Substring, month: Substring, year: Substring) -> CivilDate? {
        func number(_ text: Substring) -> Int? { text.allSatisfy { $0.isASCII && $0.isNumber } ? Int(text) : nil }
        guard let d = number(day), let m = number(month), let y = number(year) else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        appendUTF8(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `YYYY-MM-DD`: ten ASCII digits and dashes, written directly (dates are formatted on
    /// every write; a streamed export appends them to its line without a `String`).
    public func appendUTF8(to out: inout [UInt8]) {
        ByteWriter.appendDigits(year, count: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        ByteWriter.appendDigits(month, count: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        ByteWriter.appendDigits(day, count: 2, to: &out)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a date YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An inclusive range of calendar dates, such as an agreement period.
public struct DateRange: Hashable, Sendable, Codable {
    public var start: CivilDate
    public var end: CivilDate

    public init(start: CivilDate, end: CivilDate) {
        self.start = start
        self.end = end
    }

    public func contains(_ date: CivilDate) -> Bool { start <= date && date <= end }
    public func overlaps(_ other: DateRange) -> Bool { start <= other.end && other.start <= end }
}
extension CivilDate {
    /// Days since 1 March of year 0 (a proleptic Gregorian day count), for differences.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let m = month <= 2 ? month + 9 : month - 3
        return 365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + day - 1
    }

    /// The date `dayNumber` days after 1 March of year 0 (the inverse of `dayNumber`).
    public init(dayNumber z: Int) {
        let era = z / 146_097, doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (month <= 2 ? 1 : 0), month: month, day: doy - (153 * mp + 2) / 5 + 1)!
    }

    /// Whole days from `earlier` to this date.
    public func days(since earlier: CivilDate) -> Int { dayNumber - earlier.dayNumber }
}
