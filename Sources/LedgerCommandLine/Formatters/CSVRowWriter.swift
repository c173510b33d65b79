import VacancyLedger

/// One CSV row at a time, written straight into a byte buffer cell by cell: the delimiter
/// between cells, `CSVText`'s quoting for free text, CRLF at the end. The audit, the export
/// and `vacancies` write their rows through it, by the hundred thousand, without a `String`
/// or an array of cells per row.
struct CSVRowWriter {
    private(set) var bytes: [UInt8]
    private let delimiter: UnicodeScalar
    private let separator: UInt8
    private var started = false

    /// Rows go after what `bytes` already holds.
    init(bytes: [UInt8] = [], delimiter: UnicodeScalar = ",") {
        self.bytes = bytes
        self.delimiter = delimiter
        separator = UInt8(delimiter.value)
    }

    /// Writes one row after `out`'s bytes, in `out`'s own storage (taken, then handed back).
    static func append(to out: inout [UInt8], delimiter: UnicodeScalar = ",", _ cells: (inout CSVRowWriter) -> Void) {
        var row = CSVRowWriter(bytes: out, delimiter: delimiter)
        out = []   // the row now holds the only reference: appending does not copy
        cells(&row)
        row.endRow()
        out = row.bytes
    }

    private mutating func nextCell() {
        if started { bytes.append(separator) }
        started = true
    }

    /// Free text, quoted if it must be.
    mutating func text(_ value: String?) {
        nextCell()
        if let value { CSVText.appendField(value, to: &bytes, delimiter: delimiter) }
    }

    /// A vocabulary word (a route, an outcome…): letters and digits, never quoted.
    mutating func word(_ value: String?) {
        nextCell()
        if let value { bytes.append(contentsOf: value.utf8) }
    }

    /// Vocabulary words in one cell, `between` apart; quoted when that is the delimiter
    /// (Excel's semicolons and the export's criteria).
    mutating func words<Word: RawRepresentable<String>>(_ values: [Word], between: UInt8) {
        nextCell()
        let quoted = values.count > 1 && between == separator
        if quoted { bytes.append(UInt8(ascii: "\"")) }
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(between) }
            bytes.append(contentsOf: value.rawValue.utf8)
        }
        if quoted { bytes.append(UInt8(ascii: "\"")) }
    }

    mutating func number(_ value: Int) {
        nextCell()
        ByteWriter.appendDecimal(value, to: &bytes)
    }

    mutating func number(_ value: Double) {
        nextCell()
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func date(_ value: CivilDate?) {
        nextCell()
        value?.appendUTF8(to: &bytes)
    }

    mutating func flag(_ value: Bool) {
        nextCell()
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    /// Ends the row with CRLF; the next cell starts a new row.
    mutating func endRow() {
        bytes.append(UInt8(ascii: "\r"))
        bytes.append(UInt8(ascii: "\n"))
        started = false
    }
}
