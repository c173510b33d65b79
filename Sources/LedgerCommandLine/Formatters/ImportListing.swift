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

    /// A listed line as `json` writes it, read back (the service's answer to `import --server`).
    static func listing(_ object: [String: Any]) -> ImportListing? {
        func text(_ field: Field) -> String? { object[field.rawValue] as? String }
        guard let line = object[Field.line.rawValue] as? Int, let ref = text(.ref), let kind = text(.kind).flatMap(ImportListing.Kind.init),
              let fileSaid = text(.fileSaid), let rulesSaid = text(.rulesSaid), let rules = object[Field.rules.rawValue] as? [String]
        else { return nil }
        return ImportListing(line: line, ref: ref, kind: kind, fileSaid: fileSaid, rulesSaid: rulesSaid,
                             rules: rules.compactMap(RuleID.init(rawValue:)))
    }
}

/// The import's counts, named once: the JSON on standard output (and the service's
/// answer), read back by `import --server`.
enum ImportSummaryFields {
    static func members(_ s: ImportSummary) -> [(String, JSONValue)] {
        [("rows", .int(Int64(s.rows))), ("added", .int(Int64(s.added))), ("alreadyPresent", .int(Int64(s.alreadyPresent))),
         ("settled", .int(Int64(s.settled))), ("disagreements", .int(Int64(s.disagreements))), ("refused", .int(Int64(s.refused))),
         ("dryRun", .bool(s.dryRun)), ("fileSha256", .string(s.fileSHA256))]
    }

    static func summary(_ object: [String: Any]) -> ImportSummary? {
        var s = ImportSummary()
        guard let rows = object["rows"] as? Int, let added = object["added"] as? Int, let present = object["alreadyPresent"] as? Int,
              let settled = object["settled"] as? Int, let disagreements = object["disagreements"] as? Int,
              let refused = object["refused"] as? Int, let dryRun = object["dryRun"] as? Bool, let sha = object["fileSha256"] as? String
        else { return nil }
        (s.rows, s.added, s.alreadyPresent, s.settled, s.disagreements, s.refused, s.dryRun, s.fileSHA256)
            = (rows, added, present, settled, disagreements, refused, dryRun, sha)
        return s
    }

    /// The line on standard error once an import is done.
    static func line(_ s: ImportSummary) -> String {
        (s.dryRun ? Phrase.importDryRun.text() : "")
            + Phrase.importSummary.text(Local.count(s.added), Local.count(s.alreadyPresent), Local.count(s.settled), Local.count(s.disagreements),
                                        Local.count(s.refused))
    }
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
package final class ImportStandardOutput {
    private let format: OutputFormat
    private let write: (String) throws -> Void
    private var pending: [[String]] = []
    private var widths: [Int]?
    private var listed = 0

    /// `write`: where the text goes (standard output; the service's answer file).
    package init(format: OutputFormat, write: @escaping (String) throws -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
        self.format = format
        self.write = write
    }

    package func begin(_ s: ImportSummary) throws {
        guard format == .json else { return }
        let head = JSONValue.object(ImportSummaryFields.members(s) + [("listed", .array([]))]).serialized()
        // The object up to its last member's opening bracket; the listings follow.
        try write(String(head.dropLast(2)))
    }

    package func add(_ listing: ImportListing) throws {
        listed += 1
        if format == .json {
            try write((listed == 1 ? "" : ",") + ImportListingFields.json(listing).serialized())
            return
        }
        pending.append(ImportListingFields.csvFields(listing))
        if pending.count >= 1000 { try flushTable() }
    }

    package func end() throws {
        if format == .json {
            try write("]}\n")
            return
        }
        try flushTable()
    }

    private func flushTable() throws {
        guard !pending.isEmpty else { return }
        var table = TextTable(header: [Phrase.importColLine, .colRef, .importColKind, .importColFileSaid, .importColRulesSaid, .colRules].map { $0.text() })
        table.rows = pending
        var text: String
        if let widths {
            text = pending.map { table.line($0, widths: widths) }.joined(separator: "\n")
        } else {
            let w = table.widths
            widths = w
            text = table.render(widths: w)
        }
        try write(text.hasSuffix("\n") ? text : text + "\n")
        pending.removeAll(keepingCapacity: true)
    }
}
