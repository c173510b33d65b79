/// An aligned plain-text table. Widths count characters (after NFC, æ, ø and å are one
/// character each), so Danish names line up in a terminal.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns aligned right (numbers).
    var rightAligned: Set<Int> = []

    /// The width of each column: its widest cell, header included.
    var widths: [Int] {
        let all = [header] + rows
        return header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
    }

    func render() -> String { render(widths: widths) }

    /// The header, its rule and the rows, in columns of `widths` (a streamed table keeps the
    /// widths of its first rows for the rest).
    func render(widths: [Int]) -> String {
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([line(header, widths: widths), rule] + rows.map { line($0, widths: widths) }).joined(separator: "\n")
    }

    func line(_ cells: [String], widths: [Int]) -> String {
        cells.enumerated().map { i, cell in
            let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
            return rightAligned.contains(i) ? pad + cell : cell + pad
        }.joined(separator: "  ").replacingTrailingSpaces()
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
