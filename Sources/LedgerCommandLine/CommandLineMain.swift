import ArgumentParser
import Foundation
import VacancyLedger

/// The executables' one entry point: they only choose the network frontend.
package enum CommandLineMain {
    /// Parses the arguments, runs the command and exits. Every failure leaves through
    /// `Diagnostics.exit(for:)`: one `error:` line on stderr and the exit code of the CLI contract.
    /// Everything runs in the reader's language (`--lang`, `VACANCY_LEDGER_LANG`, the locale),
    /// help included.
    package static func run(network: any NetworkFrontend) -> Never {
        Network.frontend = network
        var arguments = Array(CommandLine.arguments.dropFirst())
        let language: Language
        switch LanguageOption.take(from: &arguments) {
        case .none: language = Language.fromEnvironment(ProcessInfo.processInfo.environment)
        case .some(.success(let chosen)): language = chosen
        case .some(.failure(let bad)):
            Language.$current.withValue(Language.fromEnvironment(ProcessInfo.processInfo.environment)) {
                Diagnostics.fail(Phrase.badLanguage.text(bad.value), code: .usage)
            }
        }
        Language.$current.withValue(language) {
            do {
                let arguments = GlobalOptions.hoisted(arguments)
                if let typo = Typos.check(arguments) { Diagnostics.fail(typo, code: .usage) }
                var command = try VacancyLedgerCommand.parseAsRoot(arguments)
                try command.run()
            } catch {
                Diagnostics.exit(for: error)
            }
        }
        exit(0)
    }
}

/// `--lang en|da`, accepted anywhere before a `--` and taken out before ArgumentParser
/// parses, so every subcommand has it without declaring it.
enum LanguageOption {
    struct Unknown: Error { var value: String }

    static func take(from arguments: inout [String]) -> Result<Language, Unknown>? {
        var found: Result<Language, Unknown>?
        var i = 0
        while i < arguments.count, arguments[i] != "--" {
            let word = arguments[i]
            var value: String?
            if word == "--lang", i + 1 < arguments.count {
                value = arguments[i + 1]
                arguments.removeSubrange(i...(i + 1))
            } else if word.hasPrefix("--lang=") {
                value = String(word.dropFirst(7))
                arguments.remove(at: i)
            } else {
                i += 1
                continue
            }
            if let value { found = Language(tag: value).map { .success($0) } ?? .failure(Unknown(value: value)) }
        }
        return found
    }
}
