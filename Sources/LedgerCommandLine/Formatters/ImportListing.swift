import Foundation
import VacancyLedger

/// The import's listed lines (disagreements, refusals, rejections): their fields, named
/// once for the report file and standard output.
enum ImportListingFields {
    enum Field: String, CaseIterable { case line, ref, kind, fileSaid, rulesSaid, rules }

    static let keys = Field.allCases.map(\.rawValue)

    /// A field's JSON value and its text (a CSV cell, a table cell).
    static func value(_ field: Field, of l: ImportListing) -> (json: JSONValue, text: String) {
        switch field {
        case .line: (.int(Int64(l.line)), String(l.line))
        case .ref: (.string(l.ref), l.ref)
        case .kind: (.string(l.kind.rawValue), l.kind.rawValue)
        case .fileSaid: (.string(l.fileSaid), l.fileSaid)
        case .rulesSaid: (.string(l.rulesSaid), l.rulesSaid)
        case .rules: (.array(l.rules.map { .string($0.rawValue) }), l.rules.map(\.rawValue).joined(separator: " "))
        }
    }

    static func json(_ l: ImportListing) -> JSONValue { .object(Field.allCases.map { ($0.rawValue, value($0, of: l).json) }) }
    static func csvFields(_ l: ImportListing) -> [String] { Field.allCases.map { value($0, of: l).text } }
}

/// The report file (`--report FILE.csv|.json`), written line by line and put in place whole.
final class ImportReportWriter {
    private let file: OutputFile.Writer
    private let json: Bool
    private var first = true

    init(path: String, ledger: String?) throws {
        file = try OutputFile.Writer(path: path, field: .output, ledger: ledger)
        json = URL(fileURLWithPath: path).pathExtension.lowercased() == "json"
        try file.write(json ? "[" : CSVText.render([ImportListingFields.keys]))
    }

    func add(_ listing: ImportListing) throws {
        if json {
            try file.write((first ? "\n  " : ",\n  ") + ImportListingFields.json(listing).pretty(level: 1))
        } else {
            try file.write(CSVText.render([ImportListingFields.csvFields(listing)]))
        }
        first = false
    }

    func commit() throws {
        if json { try file.write(first ? "]\n" : "\n]\n") }
        try file.commit()
    }
}

/// The listed lines on standard output as they come: JSON (the counts, then `listed`),
/// or a table whose columns are as wide as its first thousand lines need.
final class ImportStandardOutput {
    private let format: OutputFormat
    private var pending: [[String]] = []
    private var widths: [Int]?
    private var listed = 0

    init(format: OutputFormat) { self.format = format }

    func begin(_ s: ImportSummary) throws {
        guard format == .json else { return }
        let head = JSONValue.object([
            ("rows", .int(s.rows)), ("added", .int(s.added)), ("alreadyPresent", .int(s.alreadyPresent)),
            ("settled", .int(s.settled)), ("disagreements", .int(s.disagreements)), ("refused", .int(s.refused)),
            ("dryRun", .bool(s.dryRun)), ("fileSha256", .string(s.fileSHA256)), ("listed", .array([])),
        ]).serialized()
        // The object up to its last member's opening bracket; the listings follow.
        FileHandle.standardOutput.write(Data(head.dropLast(2).utf8))
    }

    func add(_ listing: ImportListing) throws {
        listed += 1
        if format == .json {
            FileHandle.standardOutput.write(Data(((listed == 1 ? "" : ",") + ImportListingFields.json(listing).serialized()).utf8))
            return
        }
        pending.append(ImportListingFields.csvFields(listing))
        if pending.count >= 1000 { flushTable() }
    }

    func end() throws {
        if format == .json {
            FileHandle.standardOutput.write(Data("]}\n".utf8))
            return
        }
        flushTable()
    }

    private func flushTable() {
        guard !pending.isEmpty else { return }
        var table = TextTable(header: ["line", "ref", "kind", "file said", "rules said", "rules"])
        table.rows = pending
        var text: String
        if let widths {
            text = pending.map { table.line($0, widths: widths) }.joined(separator: "\n")
        } else {
            let w = table.widths
            widths = w
            text = table.render(widths: w)
        }
        emit(text)
        pending.removeAll(keepingCapacity: true)
    }
}
