/// Options the CLI contract accepts before the subcommand as well as after it
/// (`vacancy-ledger --db X audit`, as git's `-C` or hledger's `-f`). ArgumentParser reads
/// options after the subcommand, so the ones given before it are moved behind its
/// arguments (before a `--` terminator), where every subcommand that has them parses them
/// and one that has not reports them as unknown.
enum GlobalOptions {
    static let names = ["--db", "--server"]

    static func hoisted(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if names.contains(first), rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if names.contains(where: { first.hasPrefix($0 + "=") }) {
                leading.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        guard !leading.isEmpty else { return arguments }
        var result = Array(rest)
        let end = result.firstIndex(of: "--") ?? result.endIndex
        result.insert(contentsOf: leading, at: end)
        return result
    }
}
