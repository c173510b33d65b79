/// The one place numbers, hashes and JSON strings are written as UTF-8 bytes. The export,
/// the audit, the journal's payloads and `verify` write them by the million straight into
/// a byte buffer, without a `String` per value.
public enum ByteWriter {
    /// An integer's decimal digits, `-` first if negative (`Int64.min` included).
    public static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude, count: 1, to: &out)
    }

    public static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        appendDecimal(Int64(value), to: &out)
    }

    /// A non-negative integer's digits, zero-padded to at least `count` (a date's `05`).
    public static func appendDigits(_ value: some BinaryInteger, count: Int, to out: inout [UInt8]) {
        var magnitude = UInt64(value)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in  // UInt64.max has 20
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0 || digits.count - start < count
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Lower-case hex of `bytes` (a digest: 64 digits for SHA-256).
    public static func appendHex(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            out.append(hexDigit(byte >> 4))
            out.append(hexDigit(byte & 0x0F))
        }
    }

    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        appendHex(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// Whether `text` needs JSON escaping: a quote, a backslash or a control character.
    public static func needsJSONEscape(_ text: some Sequence<UInt8>) -> Bool {
        text.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
    }

    /// `text` as a JSON string literal, quotes included: a quote, a backslash and control
    /// characters escaped, everything else (UTF-8 included) as it is. Byte-wise is
    /// scalar-wise here: no byte of a multi-byte UTF-8 sequence is below 0x80.
    public static func appendJSONString(_ text: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var plainFrom = 0
        for (index, byte) in text.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[plainFrom..<index]))
            plainFrom = index + 1
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
            default:
                out.append(contentsOf: #"\u00"#.utf8)
                appendHex(CollectionOfOne(byte), to: &out)
            }
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[plainFrom...]))
        out.append(UInt8(ascii: "\""))
    }
}
