import CSV
import Foundation
import Testing
import VacancyLedger

/// `verify --export`: every field of every row of a real export compared with the ledger
/// at the file's head, and signed exports checked with and without a ledger — through the
/// built CLI, on real files.
@Suite(.serialized) struct ExportCheckTests {
    static let columns = ["section", "vacancy", "organisation", "department", "staircase", "step", "number", "unit",
                          "vacancyDate", "lettingDate", "route", "criteria", "rehousing", "offered", "outcome", "withheld",
                          "policyVersion", "rules", "hash"]

    func file(_ cli: CLITests, _ name: String) throws -> String {
        try String(contentsOf: cli.dir.appendingPathComponent(name), encoding: .utf8)
    }

    func write(_ cli: CLITests, _ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: cli.dir.appendingPathComponent(name))
    }

    func faults(_ result: CLITests.Result) -> [[String: Any]] { result.json["faults"] as? [[String: Any]] ?? [] }

    /// A CSV line's cells edited in one column, written back as `export` quotes.
    func edited(_ line: Substring, column: Int, delimiter: UnicodeScalar) throws -> String {
        var cells = try #require(try CSVReader(string: String(line), hasHeaderRow: false, delimiter: delimiter).next())
        let old = cells[column]
        cells[column] = Int(old) != nil ? "0" + old : old.isEmpty ? "x" : old + "X"
        var out = ""
        CSVText.append(cells, to: &out, delimiter: delimiter)
        return out.trimmingCharacters(in: .newlines)
    }

    @Test func everyCSVColumnEditedOnceIsAFaultNamingThatColumn() throws {
        let cli = try GoldenFileTests().fixedLedger()
        for (name, flags, delimiter) in [("e.csv", [String](), UnicodeScalar(",")), ("x.csv", ["--excel"], UnicodeScalar(";"))] {
            #expect(try cli.run(["export", "--year", "2024", "-o", name] + flags).code == 0)
            let clean = try cli.run("verify", "--export", name, "--format", "json")
            #expect(clean.code == 0 && faults(clean).isEmpty && clean.json["lettings"] as? Int == 10, "\(clean.stdout)")
            let lines = try file(cli, name).split(separator: "\r\n", omittingEmptySubsequences: false)
            // Line 2 is the first letting; line 6 the one settled after a return (criteria, outcome).
            for (column, field) in Self.columns.enumerated() {
                for lineIndex in [1, 5] {
                    var copy = lines
                    copy[lineIndex] = Substring(try edited(lines[lineIndex], column: column, delimiter: delimiter))
                    try write(cli, "edited.csv", copy.joined(separator: "\r\n"))
                    let result = try cli.run("verify", "--export", "edited.csv", "--format", "json")
                    let found = faults(result)
                    #expect(result.code == 4, "\(name) \(field): \(result.stdout) \(result.stderr)")
                    #expect(found.count == 1 && found.first?["field"] as? String == field && found.first?["line"] as? Int == lineIndex + 1,
                            "\(name) \(field) on line \(lineIndex + 1): \(found)")
                }
            }
        }
    }

    @Test func everyJSONKeyEditedOnceIsAFaultNamingThatKey() throws {
        let cli = try GoldenFileTests().fixedLedger()
        #expect(try cli.run("export", "--year", "2024", "-o", "e.json").code == 0)
        #expect(try cli.run("verify", "--export", "e.json").code == 0)
        let lines = try file(cli, "e.json").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let firstRow = try #require(lines.firstIndex { $0.hasPrefix("  \"lettings\"") }) + 1
        for field in Self.columns.dropFirst() {
            let at = try #require(lines[firstRow...].firstIndex { $0.hasPrefix("      \"\(field)\": ") }, "\(field)")
            let prefix = "      \"\(field)\": "
            let value = String(lines[at].dropFirst(prefix.count))
            let changed: String
            switch value.first {
            case "\"": changed = "\"X" + value.dropFirst()
            case "t": changed = value.replacingOccurrences(of: "true", with: "false")
            case "f": changed = value.replacingOccurrences(of: "false", with: "true")
            case "n": changed = value.replacingOccurrences(of: "null", with: "\"x\"")
            case "[": changed = value.hasPrefix("[]") ? "[\"x\"]" + value.dropFirst(2) : "[\"x\","
            default: changed = "0" + value   // a number: 01 is not 1
            }
            var copy = lines
            copy[at] = prefix + changed
            try write(cli, "edited.json", copy.joined(separator: "\n"))
            let result = try cli.run("verify", "--export", "edited.json", "--format", "json")
            let found = faults(result)
            #expect(result.code == 4, "\(field): \(result.stdout) \(result.stderr)")
            #expect(found.count == 1 && found.first?["field"] as? String == field && found.first?["index"] as? Int == 0
                    && found.first?["array"] as? String == "lettings", "\(field): \(found)")
        }
        // The header's counts are the JSON's total row.
        try write(cli, "edited.json", lines.map { $0.replacingOccurrences(of: "\"rowCount\": 10", with: "\"rowCount\": 11") }.joined(separator: "\n"))
        let count = try cli.run("verify", "--export", "edited.json", "--format", "json")
        #expect(count.code == 4 && faults(count).first?["field"] as? String == "rowCount", "\(count.stdout)")
    }

    /// On the small sample city, one dropped, added or moved row is one fault, and the rows after
    /// it match again; a changed total row is a fault.
    @Test func oneDroppedAddedOrSwappedRowIsOneFaultAndTheRestMatch() throws {
        let cli = try CLITests()
        #expect(try cli.run("demo", "--small", "--db", cli.db).code == 0)
        #expect(try cli.run("export", "--year", "2024", "-o", "e.csv").code == 0)
        let lines = try file(cli, "e.csv").split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(lines.count > 80)
        func check(_ edited: [Substring], _ expected: [String], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            try write(cli, "edited.csv", edited.joined(separator: "\r\n"))
            let result = try cli.run("verify", "--export", "edited.csv", "--format", "json")
            #expect(result.code == 4, "\(what): \(result.stderr)", sourceLocation: sourceLocation)
            #expect(faults(result).map { $0["kind"] as? String ?? "" } == expected, "\(what): \(faults(result))", sourceLocation: sourceLocation)
        }
        var dropped = lines
        dropped.remove(at: 10)
        try check(dropped, ["dropped"], "a dropped row")
        var added = lines
        added.insert(lines[40], at: 70)
        try check(added, ["added"], "a row given twice")
        var swapped = lines
        swapped.swapAt(20, 21)
        try check(swapped, ["reordered"], "two rows swapped")
        var total = lines
        let totalLine = try #require(lines.lastIndex { $0.hasPrefix("total,") })
        total[totalLine] = Substring(total[totalLine].replacingOccurrences(of: ",2024-12-31,", with: ",2024-12-30,"))
        try check(total, ["total"], "the total row's last day")
    }

    @Test func entriesAfterTheHeadAreListedAsLaterChangesNotFaults() throws {
        let cli = try GoldenFileTests().fixedLedger()
        #expect(try cli.run("export", "--year", "2024", "-o", "e.csv").code == 0)
        #expect(try cli.run("export", "--year", "2024", "-o", "e.json").code == 0)
        // A 2024 answer voided (its letting is an offer pending again) and a vacancy dated
        // in 2024 logged now.
        #expect(try cli.run("void", "3", "--settlement", "--reason", "answered the wrong offer").code == 0)
        #expect(try cli.run("log", "ØBO-7", "--unit", "Ø9", "--date", "2024-12-31").code == 0)
        for name in ["e.csv", "e.json"] {
            let result = try cli.run("verify", "--export", name, "--format", "json")
            #expect(result.code == 0 && faults(result).isEmpty, "\(name): \(result.stdout) \(result.stderr)")
            let later = result.json["laterChanges"] as? [[String: Any]] ?? []
            #expect(later.count >= 1, "\(name): \(result.stdout)")
            #expect(later.allSatisfy { !($0["entries"] as? [Any] ?? []).isEmpty }, "each names its entries: \(later)")
            let text = try cli.run("verify", "--export", name)
            #expect(text.stdout.contains("later change: ") && text.stdout.contains("ok: "), "\(text.stdout)")
        }
    }

    @Test func aHeadHashThatIsNotInTheChainIsAFault() throws {
        let cli = try GoldenFileTests().fixedLedger()
        #expect(try cli.run("export", "--year", "2024", "-o", "e.csv").code == 0)
        let text = try file(cli, "e.csv")
        let head = try #require(text.split(separator: "\r\n").last { $0.hasPrefix("total,") }?.split(separator: ",").last)
        try write(cli, "edited.csv", text.replacingOccurrences(of: String(head), with: String(repeating: "b", count: 64)))
        let result = try cli.run("verify", "--export", "edited.csv", "--format", "json")
        #expect(result.code == 4 && faults(result).contains { $0["kind"] as? String == "head" }, "\(result.stdout)")
    }

    @Test func aSignedExportIsCheckedWithoutAnyLedgerAndWithOne() throws {
        let cli = try GoldenFileTests().fixedLedger()
        #expect(try cli.run("checkpoint", "keygen", "-o", "city.key").code == 0)
        #expect(try cli.run("checkpoint", "keygen", "-o", "other.key").code == 0)
        var recipient = try CLITests()
        recipient.environment = ["VACANCY_LEDGER_DB": ""]
        let recipientAt = { (name: String) in recipient.dir.appendingPathComponent(name) }
        try FileManager.default.copyItem(at: cli.dir.appendingPathComponent("city.key.pub"), to: recipientAt("city.pub"))
        try FileManager.default.copyItem(at: cli.dir.appendingPathComponent("other.key.pub"), to: recipientAt("other.pub"))
        for (name, flags) in [("s.csv", [String]()), ("s-excel.csv", ["--excel"]), ("s.json", ["--format", "json"])] {
            #expect(try cli.run(["export", "--year", "2024", "--key", "city.key", "-o", name] + flags).code == 0)
            let signed = try file(cli, name)
            #expect(signed.contains(ExportSignature.tag), "\(name)")
            // With the ledger: every field and the signature.
            let both = try cli.run("verify", "--export", name, "--public-key", "city.key.pub", "--format", "json")
            #expect(both.code == 0 && both.json["ledgerChecked"] as? Bool == true, "\(name): \(both.stdout) \(both.stderr)")
            // Without one: the signature only, and nothing created.
            let signedBytes = try Data(contentsOf: cli.dir.appendingPathComponent(name))
            try signedBytes.write(to: recipientAt(name))
            let before = try FileManager.default.contentsOfDirectory(atPath: recipient.dir.path).sorted()
            let alone = try recipient.run("verify", "--export", name, "--public-key", "city.pub")
            #expect(alone.code == 0 && alone.stdout.contains("signature only"), "\(name): \(alone.stdout) \(alone.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: recipient.dir.path).sorted() == before, "opens and creates nothing")
            #expect(try recipient.run("verify", "--export", name, "--public-key", "other.pub").code == 4, "another key")
            // One changed byte of a row.
            var bytes = [UInt8](signedBytes)
            let row = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("AAB-15".utf8)) })
            bytes[row] ^= 0x01
            try Data(bytes).write(to: recipientAt("changed-" + name))
            let changed = try recipient.run("verify", "--export", "changed-" + name, "--public-key", "city.pub")
            #expect(changed.code == 4 && changed.stdout.contains("does not hold"), "\(name): \(changed.stdout) \(changed.stderr)")
        }
        // An unsigned file given with --public-key.
        #expect(try cli.run("export", "--year", "2024", "-o", "u.csv").code == 0)
        try write(recipient, "u.csv", try file(cli, "u.csv"))
        let unsigned = try recipient.run("verify", "--export", "u.csv", "--public-key", "city.pub")
        #expect(unsigned.code == 4 && unsigned.stdout.contains("carries no signature"), "\(unsigned.stdout) \(unsigned.stderr)")
        // A signed file's rows are still the export's: a CSV reader sees one more row, of section signature.
        let reader = try CSVReader(string: try file(cli, "s.csv"), hasHeaderRow: true)
        var sections: [String] = []
        while reader.next() != nil { sections.append(reader["section"] ?? "") }
        #expect(sections.suffix(2) == ["total", "signature"])
    }
}
