import Foundation

/// Text as the ledger stores it: NFC-normalised, so `Ø` typed decomposed is the same `Ø`.
/// An identifier (a unit, a ref, a department id) as it is stored: NFC, with Unicode's
/// width forms folded to the ordinary characters, so `００１２` is unit `0012` and `ＡＡＢ-15`
/// is AAB-15. Not full NFKC, which would also turn `½` into `1⁄2`.
public func folded(_ text: String) -> String {
    let text = normalised(text)
    guard text.unicodeScalars.contains(where: { (0xFF01...0xFF5E).contains($0.value) || $0.value == 0x3000 }) else { return text }
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFF01 + 0x21)!)
        case 0x3000: scalars.append(" ")
        default: scalars.append(scalar)
        }
    }
    return normalised(String(scalars))
}

public func normalised(_ text: String) -> String {
    // ASCII is NFC already, and most text is ASCII: Foundation's mapping only for the rest.
    text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
}

/// A department id `ORG-NUMBER` (`AAB-15`, `ØBO-7`, `FSB-12A`).
public struct DepartmentID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    /// The organisation's code (the prefix): a housing association (boligorganisation).
    public let organisation: String
    /// The number after the dash, for ordering AAB-9 before AAB-15 (kept: sorting thousands
    /// of departments computed it on every comparison).
    private let sortNumber: Int

    static let organisationLetters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ0123456789")
    static let suffixLetters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ")

    /// Parses an id; lower-case letters are accepted and upper-cased (æ → Æ).
    public init?(_ text: String) {
        let text = folded(text.trimmingWhitespace(newlines: false)).uppercased()
        guard let dash = text.firstIndex(of: "-") else { return nil }
        let org = text[..<dash]
        let number = text[text.index(after: dash)...]
        guard (1...10).contains(org.count), org.allSatisfy(DepartmentID.organisationLetters.contains),
              let first = number.first, first.isASCII, first.isNumber
        else { return nil }
        let digits = number.prefix { $0.isASCII && $0.isNumber }
        guard number.dropFirst(digits.count).allSatisfy(DepartmentID.suffixLetters.contains)
        else { return nil }
        rawValue = text
        organisation = String(org)
        sortNumber = Int(String(digits)) ?? 0
    }

    /// An id read back from the ledger, which validated it on the way in (and whose CHECKs
    /// did too): split, not parsed again.
    init(stored text: String) {
        rawValue = text
        // By bytes: read once per vacancy row, millions of times in a verify or an export.
        let utf8 = text.utf8
        let dash = utf8.firstIndex(of: UInt8(ascii: "-")) ?? utf8.endIndex
        organisation = String(Substring(utf8[..<dash]))
        var number = 0
        if dash != utf8.endIndex {
            for byte in utf8[utf8.index(after: dash)...] {
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { break }
                number = number &* 10 &+ Int(byte - UInt8(ascii: "0"))
            }
        }
        sortNumber = number
    }

    public static let accepted =
        "ORG-NUMBER: ORG is 1–10 letters or digits (Æ, Ø, Å included), NUMBER is digits optionally followed by letters, e.g. AAB-15, ØBO-7, FSB-12A"

    public var description: String { rawValue }

    // By the id alone: the other fields follow from it, and audits hash thousands of keys.
    public static func == (lhs: DepartmentID, rhs: DepartmentID) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    public static func < (lhs: DepartmentID, rhs: DepartmentID) -> Bool {
        (lhs.organisation, lhs.sortNumber, lhs.rawValue) < (rhs.organisation, rhs.sortNumber, rhs.rawValue)
    }
}
