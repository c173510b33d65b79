import Foundation

/// The language a person reads: English or Danish. JSON, CSV and exit codes are the
/// contract's and stay English; everything else a person reads comes from `Phrase`.
///
/// The current language is a task-local value: the CLI binds the process's once
/// (`--lang`, `VACANCY_LEDGER_LANG`, the locale), the service binds each request's
/// (the client's `Accept-Language`), so the same formatter words both.
public enum Language: String, CaseIterable, Sendable, Codable {
    case en, da

    @TaskLocal public static var current: Language = .en

    /// `--lang`'s value, if it names a language (`da`, `en`, `DA`, `da_DK.UTF-8`).
    public init?(tag: String) {
        let tag = tag.lowercased()
        if tag == "da" || tag.hasPrefix("da_") || tag.hasPrefix("da-") || tag.hasPrefix("da.") { self = .da }
        else if tag == "en" || tag.hasPrefix("en_") || tag.hasPrefix("en-") || tag.hasPrefix("en.") { self = .en }
        else { return nil }
    }

    /// `VACANCY_LEDGER_LANG`, else the locale as POSIX reads it (the first set of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG`): Danish when it starts with `da`, English otherwise.
    public static func fromEnvironment(_ environment: [String: String]) -> Language {
        if let own = environment["VACANCY_LEDGER_LANG"], !own.isEmpty, let language = Language(tag: own) { return language }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty { return value.lowercased().hasPrefix("da") ? .da : .en }
        }
        return .en
    }

    /// The first language of an `Accept-Language` header this ledger speaks, by quality.
    public static func accepted(_ header: String?) -> Language? {
        guard let header else { return nil }
        let ranges = header.split(separator: ",").compactMap { part -> (Language, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = pieces.first, let language = Language(tag: first) else { return nil }
            let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return q > 0 ? (language, q) : nil
        }
        return ranges.enumerated().max { a, b in a.element.1 < b.element.1 || (a.element.1 == b.element.1 && a.offset > b.offset) }?.element.0
    }
}

/// Numbers, shares and dates as the reader's language writes them: Danish uses a decimal
/// comma, a thousands point and DD-MM-YYYY (`27,4 %`, `5.031`, `01-02-2024`).
public enum Local {
    /// A count (never an id or a year): `5.031` in Danish, `5031` in English.
    public static func count(_ n: Int) -> String {
        guard Language.current == .da, abs(n) >= 1_000 else { return String(n) }
        var digits = String(abs(n))
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(Substring(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(Substring(digits), at: 0)
        return (n < 0 ? "-" : "") + groups.joined(separator: ".")
    }

    /// A share with one decimal and a percent sign: `33.3 %`, `33,3 %`.
    public static func percent(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10)\(Language.current == .da ? "," : ".")\(abs(tenths % 10)) %"
    }

    /// A date: ISO in English, DD-MM-YYYY in Danish.
    public static func date(_ date: CivilDate) -> String {
        guard Language.current == .da else { return date.description }
        return String(format: "%02d-%02d-%04d", date.day, date.month, date.year)
    }

    public static func date(_ date: CivilDate?) -> String { date.map { Local.date($0) } ?? "" }

    /// An agreement period's label (`2024-01-01/2027-12-31`), its dates as the reader writes them.
    public static func period(_ label: String) -> String {
        guard Language.current == .da else { return label }
        let parts = label.split(separator: "/").map(String.init)
        let dates = parts.compactMap { CivilDate($0) }
        return dates.count == parts.count ? dates.map { Local.date($0) }.joined(separator: "–") : label
    }

    /// A yes or no.
    public static func flag(_ value: Bool) -> String { value ? Phrase.yes.text() : Phrase.no.text() }
}
