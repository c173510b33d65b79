#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The time stamp written with each entry (`recorded_at`): ISO 8601 in UTC to the
/// second, "2026-11-24T01:02:03Z", as `Date.ISO8601Format()` writes it.
///
/// Written by hand from `gmtime_r`: Foundation's ISO 8601 style builds a calendar and a
/// time zone on its first use, in every process that records one entry.
enum RecordedAt {
    static func now() -> String { format(secondsSince1970: Int(time(nil))) }

    /// The day of a time stamp (UTC), as a token's expiry is counted.
    static func day(of stamp: String) -> CivilDate {
        CivilDate(String(stamp.prefix(10))) ?? CivilDate(year: 2000, month: 1, day: 1)!
    }

    static func format(secondsSince1970 seconds: Int) -> String {
        var clock = time_t(seconds)
        var parts = tm()
        gmtime_r(&clock, &parts)
        var text: [UInt8] = []
        text.reserveCapacity(20)
        func append(_ value: Int32, digits: Int) { ByteWriter.appendDigits(value, count: digits, to: &text) }
        append(parts.tm_year + 1900, digits: 4)
        text.append(UInt8(ascii: "-"))
        append(parts.tm_mon + 1, digits: 2)
        text.append(UInt8(ascii: "-"))
        append(parts.tm_mday, digits: 2)
        text.append(UInt8(ascii: "T"))
        append(parts.tm_hour, digits: 2)
        text.append(UInt8(ascii: ":"))
        append(parts.tm_min, digits: 2)
        text.append(UInt8(ascii: ":"))
        append(parts.tm_sec, digits: 2)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }
}
