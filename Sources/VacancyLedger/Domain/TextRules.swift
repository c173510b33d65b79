import Foundation

/// The rules for free text the ledger stores (names, units, refs, reasons, clerks) and for
/// values it echoes in error messages. m003's triggers enforce the same rules in the
/// database.
public enum TextRules {
    /// A kind of free text and its length limit (in characters, after trimming).
    public struct Field: Sendable {
        public var field: LedgerError.Field
        public var maxLength: Int
        /// An identifier (a dwelling, a caller's key) rather than prose: only the characters
        /// of `identifierPunctuation`, letters, digits and spaces, so quotes, semicolons and
        /// operators (SQL, shell, formula injection in a spreadsheet) never reach the ledger.
        public var identifier = false

        public static let unit = Field(field: .unit, maxLength: 100, identifier: true)
        public static let ref = Field(field: .ref, maxLength: 200, identifier: true)
        public static let name = Field(field: .name, maxLength: 200)
        public static let reason = Field(field: .reason, maxLength: 500)
        public static let clerk = Field(field: .clerk, maxLength: 100)
    }

    /// The characters stored text may not hold: control characters (C0 with NUL, DEL, C1),
    /// line and paragraph separators and the bidirectional overrides and isolates, which
    /// can forge lines or reorder what a terminal or a report shows.
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The text as it is stored: trimmed and NFC-normalised; bad input (exit 65) when it is
    /// empty, too long or holds a forbidden character. The error shows the value escaped
    /// and cut, so it stays one short line.
    public static func require(_ text: String, _ field: Field) throws -> String {
        let value = field.identifier ? folded(text).trimmingWhitespace() : normalised(text.trimmingWhitespace())
        func invalid(_ problem: LedgerError.TextProblem) -> LedgerError {
            .invalid(field.field, value: text, accepted: .text(maxLength: field.maxLength, problem: problem))
        }
        if value.isEmpty { throw invalid(.empty) }
        if let bad = value.unicodeScalars.first(where: isForbidden) { throw invalid(.controlCharacter(bad)) }
        if field.identifier, let bad = value.unicodeScalars.first(where: { !isIdentifierCharacter($0) }) {
            throw invalid(.notAllowed(bad))
        }
        if value.count > field.maxLength { throw invalid(.tooLong(value.count)) }
        return value
    }

    /// The punctuation a unit or ref may hold besides letters, digits and spaces, as Danish
    /// addresses write them ("Ågade 3, 2. th", "3½", "Stuen & 1. sal", "Sankt Hans' Gade") and
    /// keys such as "AAB/2024/17".
    public static let identifierPunctuation = ".,-/#:_()&'½"

    public static func isIdentifierCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            // The common case, without Unicode's property tables.
            let byte = UInt8(scalar.value)
            return (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: " ") || identifierPunctuation.unicodeScalars.contains(scalar)
        }
        // Width forms are folded before this check (`folded`); one that is left is refused.
        if (0xFF00...0xFFEF).contains(scalar.value) { return false }
        return scalar == "½" || scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
    }

    /// A value quoted for a message: control characters escaped (`\n`, `\u{1B}`), and cut
    /// to `limit` characters with an ellipsis.
    public static func shown(_ value: String, limit: Int = 60) -> String {
        var out = ""
        var count = 0
        for scalar in value.unicodeScalars {
            if count >= limit { out += "…"; break }
            out += isForbidden(scalar) ? escape(scalar) : String(scalar)
            count += 1
        }
        return "'\(out)'"
    }

    /// `\n`, `\t`, `\r`, `\0`, else `\u{XX}`.
    public static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": "\\n"
        case "\t": "\\t"
        case "\r": "\\r"
        case "\0": "\\0"
        default: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        }
    }

    /// One line for a terminal: every forbidden character escaped, and a message longer
    /// than `limit` cut in the middle (its start names the value, its end what is accepted).
    public static func oneLine(_ message: String, limit: Int = 400) -> String {
        var scalars: [String] = []
        scalars.reserveCapacity(message.unicodeScalars.count)
        for scalar in message.unicodeScalars { scalars.append(isForbidden(scalar) ? escape(scalar) : String(scalar)) }
        guard scalars.count > limit else { return scalars.joined() }
        let half = limit / 2
        return scalars.prefix(half).joined() + " … " + scalars.suffix(half).joined()
    }
}

extension CivilDate {
    /// Dates the ledger accepts anywhere: a sanity range around any conceivable letting
    /// agreement (a typo such as 0001-01-01 or 9999-12-31 is bad input, not a date).
    /// Which dates an agreement covers is the policy's business (R7).
    public static let acceptedRange = DateRange(start: CivilDate(year: 2000, month: 1, day: 1)!,
                                                end: CivilDate(year: 2099, month: 12, day: 31)!)
}

extension String {
    /// Without leading and trailing white space, scalar by scalar: exactly the scalars that
    /// Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)` removes (Unicode's
    /// White_Space, and U+200B), or with `newlines: false` those of `.whitespaces` (the space
    /// separators, tab and U+200B); `textRulesTrimLikeFoundation` compares every scalar.
    /// Scalar by scalar, without building a Foundation `CharacterSet` each call.
    public func trimmingWhitespace(newlines: Bool = true) -> String {
        func isSpace(_ s: Unicode.Scalar) -> Bool {
            s == "\u{200B}" || (newlines ? s.properties.isWhitespace : s == "\t" || s.properties.generalCategory == .spaceSeparator)
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }
}
