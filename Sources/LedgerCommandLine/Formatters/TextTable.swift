/// An aligned plain-text table. Widths count characters (after NFC, æ, ø and å are one
/// character each), so Danish names line up in a terminal.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns aligned right (numbers).
    var rightAligned: Set<Int> = []
    /// Rows drawn in a colour (an ANSI SGR code, `33` amber, `31` red), by row index: only
    /// for a terminal, never with `NO_COLOR` (`TerminalWidth.colour`).
    var rowColours: [Int: String] = [:]

    /// The width of each column: its widest cell, header included.
    var widths: [Int] {
        var widths = header.map(TextTable.width)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], TextTable.width(cell))
            }
        }
        return widths
    }

    func render() -> String { render(widths: widths) }

    /// The table within `width` characters: columns dropped in the order `drop` names them
    /// (least useful first), then the `shrink` column's cells cut (with "…") to what is left,
    /// but never below `minimum`. `nil` width: every column, whole (`--wide`).
    func fitted(to width: Int?, drop: [Int], shrink: Int? = nil, minimum: Int = 12) -> TextTable {
        guard let width else { return self }
        func total(_ widths: [Int]) -> Int { widths.reduce(0, +) + 2 * max(0, widths.count - 1) }
        var kept = Array(header.indices)
        var widths = self.widths
        for column in drop where total(kept.map { widths[$0] }) > width { kept.removeAll { $0 == column } }
        var table = TextTable(header: kept.map { header[$0] }, rows: rows.map { row in kept.map { $0 < row.count ? row[$0] : "" } },
                              rightAligned: Set(kept.enumerated().filter { rightAligned.contains($0.element) }.map(\.offset)),
                              rowColours: rowColours)
        widths = table.widths
        if let shrink, let at = kept.firstIndex(of: shrink), total(widths) > width {
            let room = max(minimum, widths[at] - (total(widths) - width))
            table.rows = table.rows.map { row in
                var row = row
                if TextTable.width(row[at]) > room { row[at] = String(row[at].prefix(room - 1)) + "…" }
                return row
            }
        }
        return table
    }

    /// The header, its rule and the rows, in columns of `widths` (a streamed table keeps the
    /// widths of its first rows for the rest). Written as UTF-8 bytes, not joined padded strings.
    func render(widths: [Int]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((widths.reduce(0, +) + 2 * widths.count + 1) * (rows.count + 2))
        appendLine(header, widths: widths, to: &out)
        out.append(UInt8(ascii: "\n"))
        for (i, width) in widths.enumerated() {
            if i > 0 { out.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: " ")]) }
            for _ in 0..<width { out.append(contentsOf: [0xE2, 0x94, 0x80]) }   // "─"
        }
        for (index, row) in rows.enumerated() {
            out.append(UInt8(ascii: "\n"))
            if let colour = rowColours[index] { out.append(contentsOf: "\u{1B}[\(colour)m".utf8) }
            appendLine(row, widths: widths, to: &out)
            if rowColours[index] != nil { out.append(contentsOf: "\u{1B}[0m".utf8) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    func line(_ cells: [String], widths: [Int]) -> String {
        var out: [UInt8] = []
        appendLine(cells, widths: widths, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Cells padded to their column and two spaces apart, without trailing spaces.
    private func appendLine(_ cells: [String], widths: [Int], to out: inout [UInt8]) {
        let start = out.count
        for (i, cell) in cells.enumerated() {
            if i > 0 { out.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: " ")]) }
            let pad = max(0, widths[i] - TextTable.width(cell))
            if rightAligned.contains(i) { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: pad)) }
            out.append(contentsOf: cell.utf8)
            if !rightAligned.contains(i) { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: pad)) }
        }
        while out.count > start, out.last == UInt8(ascii: " ") { out.removeLast() }
    }

    /// Characters, counted by bytes when the text is ASCII without CR (where each byte is a
    /// character; CR LF would be one).
    static func width(_ cell: String) -> Int {
        cell.utf8.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "\r") } ? cell.utf8.count : cell.count
    }
}

extension TextTable {
    /// Prose broken between words into lines of at most `width` characters (`nil`: one line).
    static func wrapped(_ text: String, to width: Int?) -> String {
        guard let width, text.count > width else { return text }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
