import VacancyLedger

/// `verify --export`'s report as text and JSON; each fault and later change is worded
/// once, here, and the JSON carries the same sentence beside its fields.
extension TextFormatter {
    static func exportCheck(_ r: ExportCheckReport) -> String {
        var lines: [String] = []
        lines += r.faults.map { "FAULT: \(exportFault($0))" }
        lines += r.laterChanges.map { "later change: \(laterChange($0))" }
        if let signature = r.signature { lines.append(exportSignature(signature)) }
        let rows = Phrase.checkRows.text(Local.count(r.lettings), Local.count(r.pending), r.year)
        let head = Phrase.checkHead.text(r.headHash.prefix(12))
        if r.isClean {
            if r.ledgerChecked {
                let later = r.laterChanges.isEmpty ? "" : Phrase.checkLater.text(Local.count(r.laterChanges.count))
                lines.append(Phrase.checkOK.text(rows, r.headSeq ?? 0, head, later))
            } else {
                lines.append(Phrase.checkOKSignatureOnly.text(rows, head))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func exportFault(_ f: ExportCheckReport.Fault) -> String {
        let at = [f.place?.text, f.vacancy.map { "vacancy \($0)" }].compactMap { $0 }.joined(separator: ", ")
        switch f.kind {
        case .changed:
            return "\(at), \(f.field ?? ""): the file has \(shown(f.file)), the ledger \(shown(f.ledger))"
        case .added:
            return "\(at): a row the ledger's export of that year does not have"
        case .dropped:
            return "\(at): the ledger's row is missing from the file (\(f.ledgerPlace.map { "after \($0)" } ?? "before its first row"))"
        case .reordered:
            return "\(at): the row is out of the export's order"
        case .total:
            return "\(f.place.map { "total row (\($0.text))" } ?? "header"), \(f.field ?? ""): the file has \(shown(f.file)), the ledger \(shown(f.ledger))"
        case .head:
            return "head hash \(f.file ?? "") is not in the ledger's chain: the file was not exported from this ledger, or its head was edited"
        }
    }

    static func laterChange(_ c: ExportCheckReport.LaterChange) -> String {
        let entries = c.entries.map { "entry \($0.seq) (\($0.kind))" }.joined(separator: ", ")
        let at = c.place.map { "\($0.text), " } ?? ""
        switch c.change {
        case .changed: return "\(at)vacancy \(c.vacancy): \(c.fields.joined(separator: ", ")) changed since the export by \(entries)"
        case .moved: return "\(at)vacancy \(c.vacancy): moved in the year's order since the export by \(entries)"
        case .added: return "vacancy \(c.vacancy): a letting of the year since the export, by \(entries)"
        case .removed: return "\(at)vacancy \(c.vacancy): no longer in the year's rows since the export, by \(entries)"
        }
    }

    static func exportSignature(_ s: ExportCheckReport.Signature) -> String {
        guard s.present else { return "FAULT: the file carries no signature (export it with --key to sign it)" }
        guard s.valid else { return "FAULT: the signature does not hold: the file was changed after it was signed" }
        switch s.trusted {
        case true?: return "signature: valid, made with the key given"
        case false?: return "FAULT: the signature was made with another key (\(s.publicKey?.prefix(12) ?? "")…), not the one given"
        case nil: return "signature: valid for the key it carries (\(s.publicKey?.prefix(12) ?? "")…); give --public-key to check that key"
        }
    }

    private static func shown(_ value: String?) -> String {
        guard let value, !value.isEmpty else { return "nothing" }
        return "'\(value)'"
    }
}

extension JSONFormatter {
    /// The JSON is the contract's: its sentences are English whatever the reader's language.
    static func exportCheck(_ r: ExportCheckReport) -> JSONValue {
        Language.$current.withValue(.en) { exportCheckJSON(r) }
    }

    private static func exportCheckJSON(_ r: ExportCheckReport) -> JSONValue {
        func place(_ p: ExportPlace?) -> [(String, JSONValue)] {
            guard let p else { return [] }
            if let line = p.line { return [("line", .int(line))] }
            return [("array", .optional(p.array)), ("index", .int(p.index ?? 0))]
        }
        return .object([
            ("ok", .bool(r.isClean)), ("year", .int(r.year)), ("headHash", .string(r.headHash)),
            ("headEntry", r.headSeq.map { .int($0) } ?? .null), ("ledgerChecked", .bool(r.ledgerChecked)),
            ("lettings", .int(r.lettings)), ("pending", .int(r.pending)),
            ("signature", r.signature.map { s in
                .object([("present", .bool(s.present)), ("valid", .bool(s.valid)), ("publicKey", .optional(s.publicKey)),
                         ("trusted", s.trusted.map { .bool($0) } ?? .null)])
            } ?? .null),
            ("faults", .array(r.faults.map { f in
                .object([("kind", .string(f.kind.rawValue))] + place(f.place) + [
                    ("vacancy", .optional(f.vacancy)), ("field", .optional(f.field)), ("file", .optional(f.file)),
                    ("ledger", .optional(f.ledger)), ("text", .string(TextFormatter.exportFault(f)))])
            } + (r.signature.map { $0.ok ? [] : [JSONValue.object([("kind", "signature"), ("text", .string(TextFormatter.exportSignature($0)))])] } ?? []))),
            ("laterChanges", .array(r.laterChanges.map { c in
                .object([("vacancy", .int(c.vacancy))] + place(c.place) + [
                    ("change", .string(c.change.rawValue)), ("fields", .array(c.fields.map { .string($0) })),
                    ("entries", .array(c.entries.map { .object([("seq", .int($0.seq)), ("kind", .string($0.kind))]) })),
                    ("text", .string(TextFormatter.laterChange(c)))])
            })),
        ])
    }
}
