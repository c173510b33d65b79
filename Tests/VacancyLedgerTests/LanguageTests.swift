import Foundation
import Testing
@testable import LedgerCommandLine
@testable import VacancyLedger

/// Danish and English (issue 26): one catalogue with both languages side by side, the
/// reader's language chosen as documented, Danish numbers and dates, and Danish output
/// free of the rule book's English.
@Suite(.serialized) struct LanguageTests {
    @Test func everyCatalogueEntryHasBothLanguagesWithTheSameArguments() {
        // Words the two languages write alike (ids, numbers, `ok`, `n`, `status`, `demo: …`).
        let alike: Set<Phrase> = [.statusOK, .colVacancies, .colStatus, .explainPlacementFlags, .demoProgress, .pageStatus, .roleAdmin]
        for phrase in Phrase.allCases {
            let (en, da) = phrase.texts
            #expect(!en.isEmpty && !da.isEmpty, "\(phrase) lacks a language")
            #expect(Phrase.placeholders(en) == Phrase.placeholders(da), "\(phrase): the languages take different arguments")
            if !alike.contains(phrase) { #expect(en != da, "\(phrase) is not translated: \(en)") }
        }
    }

    @Test func theLanguageIsTheFlagsThenTheLedgersThenTheLocales() throws {
        #expect(Language.fromEnvironment([:]) == .en)
        #expect(Language.fromEnvironment(["LANG": "da_DK.UTF-8"]) == .da)
        #expect(Language.fromEnvironment(["LANG": "da_DK.UTF-8", "LC_ALL": "C"]) == .en, "LC_ALL overrides LANG")
        #expect(Language.fromEnvironment(["LANG": "en_GB.UTF-8", "LC_MESSAGES": "da_DK"]) == .da)
        #expect(Language.fromEnvironment(["LANG": "en_GB", "VACANCY_LEDGER_LANG": "da"]) == .da)
        #expect(Language.accepted("da-DK,da;q=0.9,en;q=0.8") == .da)
        #expect(Language.accepted("en-GB,da;q=0.5") == .en)
        #expect(Language.accepted("fr-FR") == nil && Language.accepted(nil) == nil)
        var arguments = ["audit", "--lang", "da", "--year", "2024"]
        let chosen = LanguageOption.take(from: &arguments)
        #expect((try? chosen?.get()) == .da && arguments == ["audit", "--year", "2024"])
        var bad = ["--lang=xx", "audit"]
        let refused = LanguageOption.take(from: &bad)
        #expect(refused != nil && (try? refused?.get()) == nil && bad == ["audit"])
    }

    @Test func danishNumbersAndDatesAreWrittenAsDanesWriteThem() {
        Language.$current.withValue(.da) {
            #expect(Local.count(5031) == "5.031" && Local.count(1_234_567) == "1.234.567" && Local.count(999) == "999")
            #expect(Local.percent(0.274) == "27,4 %" && Local.date(CivilDate("2024-02-01")!) == "01-02-2024")
            #expect(Local.period("2024-01-01/2027-12-31") == "01-01-2024–31-12-2027")
        }
        #expect(Local.count(5031) == "5031" && Local.percent(0.274) == "27.4 %" && Local.date(CivilDate("2024-02-01")!) == "2024-02-01")
    }

    /// English words of the rule book that Danish output must not hold. Flag names
    /// (`--ref`), commands in backticks, ids, enumeration values in JSON and the contract's
    /// `error:` prefix are exempt.
    static let english = ["vacancy", "vacancies", "route", "referral", "flexible", "tightened", "ordinary", "withheld", "pending",
                          "realised", "headroom", "department", "departments", "offered", "offers", "rehousing", "staircase",
                          "dwelling", "dwellings", "municipality", "counters", "wrote", "letting", "lettings", "unit", "step",
                          "breach", "returned", "referred", "policy", "rules", "placement", "the", "of", "and", "is", "not"]

    static func englishWords(in text: String) -> [String] {
        var found: [String] = []
        // ArgumentParser's own: its value lists and usage line, argument names, variables.
        let text = text.replacingOccurrences(of: #"\(values:[^)]*\)|<[^>]*>|\$[A-Z_]+"#, with: " ", options: .regularExpression)
        for line in text.split(separator: "\n") where !line.hasPrefix("USAGE:") {
            var line = String(line)
            if line.hasPrefix("error: ") { line.removeFirst(7) }
            // ArgumentParser's own phrases, which the library cannot localise.
            if line.contains("Show the version.") || line.contains("Show help information.") { continue }
            // What is quoted as a command (`settle 3 --outcome …`) is the contract's.
            line = line.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 0 }
                .map(\.element).joined(separator: " ")
            let words = line.split { !$0.isLetter && $0 != "-" }.map(String.init).filter { !$0.hasPrefix("-") }
            found += words.filter { english.contains($0.lowercased()) }
        }
        return found
    }

    @Test func danishOutputHoldsNoEnglishWordOfTheRuleBook() throws {
        let cli = try PeopleTests.ledger()
        func danish(_ args: String...) throws -> CLITests.Result {
            let result = try cli.run(args + ["--lang", "da"])
            let stray = Self.englishWords(in: result.stdout + "\n" + result.stderr)
            #expect(stray.isEmpty, "`\(args.joined(separator: " "))` in Danish holds \(stray): \(result.stdout)\(result.stderr)")
            return result
        }
        #expect(try danish("log", "AAB-15", "--unit", "3½", "--date", "01-03-2024").code == 0)
        for day in 2...9 { #expect(try cli.run("log", "AAB-15", "--unit", "U\(day)", "--date", "2024-03-0\(day)").code == 0) }
        #expect(try danish("explain", "1").code == 0)
        #expect(try danish("explain", "2").code == 0)
        #expect(try danish("audit").code == 0)
        #expect(try danish("audit", "--group-by", "step").code == 0)
        #expect(try danish("offers").code == 0)
        #expect(try danish("vacancies").code == 0)
        #expect(try danish("report", "--year", "2024").code == 0)
        #expect(try danish("department", "show", "AAB-15").code == 0)
        #expect(try danish("verify").code == 0)
        let settled = try cli.run("offers", "--format", "json")
        let offer = try #require((settled.json["offers"] as? [[String: Any]])?.first?["vacancy"] as? Int)
        #expect(try danish("settle", String(offer), "--outcome", "referred", "--date", "05-03-2024").code == 0)
        #expect(try danish("settle", String(offer), "--outcome", "referred", "--date", "05-03-2024").code == 65)
        #expect(try danish("settle", "999", "--outcome", "referred", "--date", "05-03-2024").code == 65)
        #expect(try danish("log", "AAB-15", "--unit", "x", "--date", "30.2.2024").code == 65)
        #expect(try danish("lgo").code == 64)
        for command in ["log", "settle", "offers", "audit", "report", "export", "void", "vacancies", "explain"] {
            #expect(try danish(command, "--help").code == 0)
        }
        #expect(try danish("export", "--year", "2024", "-o", "udlejninger.csv").code == 0)
        // JSON stays the contract's English in any language.
        let json = try cli.run("explain", "1", "--format", "json", "--lang", "da")
        #expect(json.code == 0 && json.stdout.contains("Placement: on 2024-03-01") && !json.stdout.contains("Placering"), "\(json.stdout)")
        // The same command in English is English, and the decision says what to do in words.
        let english = try cli.run("log", "AAB-15", "--unit", "U10", "--date", "2024-03-10", "--dry-run")
        #expect(english.stdout.contains("Let it from the waiting list") || english.stdout.contains("Offer it to the municipality"),
                "\(english.stdout)")
        for jargon in ["pattern route", "(cap)", "mod 9", "p = "] { #expect(!english.stdout.contains(jargon), "\(jargon): \(english.stdout)") }
    }

    @Test func theLocaleChoosesDanishAndLangEnOverridesIt() throws {
        var cli = try PeopleTests.ledger()
        cli.environment = ["VACANCY_LEDGER_LANG": "", "LC_ALL": "", "LANG": "da_DK.UTF-8"]
        let danish = try cli.run("settle", "999", "--outcome", "referred", "--date", "2024-03-05")
        #expect(danish.stderr.contains("ukendt ledig bolig 999"), "\(danish.stderr)")
        let english = try cli.run("settle", "999", "--outcome", "referred", "--date", "2024-03-05", "--lang", "en")
        #expect(english.stderr.contains("unknown vacancy 999"), "\(english.stderr)")
        cli.expectFailure(try cli.run("audit", "--lang", "klingon"), code: 64, mentions: "--lang klingon")
    }

    @Test func tablesFitTheWidthAndColourOnlyWhenAskedFor() throws {
        let cli = try PeopleTests.ledger()
        for day in 1...9 { #expect(try cli.run("log", "AAB-15", "--unit", "Stuen & 1. sal \(day)", "--date", "2024-03-0\(day)").code == 0) }
        for args in [["vacancies"], ["report", "--year", "2024"], ["audit"], ["offers"]] {
            for language in ["en", "da"] {
                var narrow = cli
                narrow.environment = ["COLUMNS": "100"]
                let out = try narrow.run(args + ["--lang", language]).stdout
                let widest = out.split(separator: "\n").map { (line: Substring) in line.count }.max() ?? 0
                #expect(widest <= 100, "\(args) in \(language) is \(widest) wide:\n\(out)")
            }
        }
        // Not a terminal here: no colour codes.
        #expect(!(try cli.run("audit").stdout.contains("\u{1B}[")))
    }
}
