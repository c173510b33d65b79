import VacancyLedger
import ArgumentParser

/// Typos answered before ArgumentParser sees the command line: an unknown command, or an
/// option the command does not have, is named with the nearest ones (exit 64). The parser
/// itself names a misspelt option only once every required one is present, and reports a
/// missing `--unit` for `--unti`; a clerk deserves the typo first.
enum Typos {
    /// The line to print, or `nil` when every command and option is one the tool knows.
    static func check(_ arguments: [String]) -> String? {
        var rest = arguments[...]
        var command: any ParsableCommand.Type = VacancyLedgerCommand.self
        var path: [String] = []
        // Global options come first (`GlobalOptions.hoisted` moved them after the command).
        while let first = rest.first, GlobalOptions.names.contains(first) { rest = rest.dropFirst(2) }
        if rest.first == "help" {
            rest = rest.dropFirst()
            for word in rest where !word.hasPrefix("-") {
                guard let sub = subcommand(word, of: command) else { return unknownCommand(word, of: command, path: path) }
                command = sub
                path.append(word)
            }
            return nil
        }
        while let word = rest.first, !word.hasPrefix("-"), !command.configuration.subcommands.isEmpty {
            guard let sub = subcommand(word, of: command) else { return unknownCommand(word, of: command, path: path) }
            command = sub
            path.append(word)
            rest = rest.dropFirst()
        }
        guard !path.isEmpty else { return nil }
        let known = optionNames(of: command)
        for word in rest {
            if word == "--" { break }
            guard word.hasPrefix("--") else { continue }
            let name = String(word.split(separator: "=", maxSplits: 1)[0])
            if known.contains(name) { continue }
            let hint = nearest(name, in: known).map { Phrase.didYouMean.text($0) } ?? ""
            return Phrase.unknownOption.text(name, path.joined(separator: " "), hint)
        }
        return nil
    }

    private static func subcommand(_ name: String, of command: any ParsableCommand.Type) -> (any ParsableCommand.Type)? {
        command.configuration.subcommands.first { sub in
            sub.configuration.commandName == name || sub.configuration.aliases.contains(name)
        }
    }

    private static func unknownCommand(_ word: String, of command: any ParsableCommand.Type, path: [String]) -> String {
        var names: [String] = []
        for sub in command.configuration.subcommands {
            if let name = sub.configuration.commandName { names.append(name) }
        }
        let hint = nearest(word, in: Set(names)).map { Phrase.didYouMean.text($0) } ?? ""
        // Command names are the contract's, in any language: quoted as commands.
        let listed = names.map { "`\($0)`" }.joined(separator: ", ")
        return path.isEmpty ? Phrase.unknownCommand.text(word, hint, listed)
                            : Phrase.unknownCommandOf.text(word, path.joined(separator: " "), hint, listed)
    }

    /// The command's long options, read from its help: the one public list ArgumentParser keeps.
    private static func optionNames(of command: any ParsableCommand.Type) -> Set<String> {
        let help = VacancyLedgerCommand.helpMessage(for: command, includeHidden: true, columns: 1000)
        var names: Set<String> = ["--help", "--version"]
        var word = ""
        var reading = false
        for character in help + " " {
            if reading {
                if character.isLetter || character.isNumber || character == "-" {
                    word.append(character)
                    continue
                }
                if word.count > 2 { names.insert(word) }
                reading = false
                word = ""
            }
            if character == "-", word.isEmpty {
                word = "-"
                reading = true
            }
        }
        return names.filter { $0.hasPrefix("--") }.union(GlobalOptions.names)
    }

    /// The name within two edits of `word` (a swap counts as one), the closest first.
    static func nearest(_ word: String, in names: Set<String>) -> String? {
        names.map { ($0, distance(word, $0)) }.filter { $0.1 <= 2 }.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// neighbours, one each.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
