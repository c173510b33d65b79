import Foundation
import VacancyLedger

/// What `verify --export` found: every field of every row of a received export compared
/// with the row `export` would write from the ledger at the file's head, and the file's
/// signature checked.
struct ExportCheckReport {
    enum FaultKind: String { case changed, added, dropped, reordered, total, head }

    struct Fault {
        var kind: FaultKind
        var place: ExportPlace?
        var vacancy: String?
        var field: String?
        var file: String?
        var ledger: String?
        /// Where a dropped row belongs, or where the ledger has a reordered one.
        var ledgerPlace: String?
    }

    /// A row that differs because of entries made after the file's head: not a fault.
    struct LaterChange {
        var vacancy: Int64
        var place: ExportPlace?
        /// The fields that differ; empty when the row was added or removed since.
        var fields: [String]
        var change: Change
        var entries: [LaterEntry]
        enum Change: String { case changed, added, removed, moved }
    }

    struct Signature {
        var present: Bool
        var valid: Bool
        var publicKey: String?
        /// Whether it was made with the key given by `--public-key` (`nil`: none given).
        var trusted: Bool?
        var ok: Bool { present && valid && trusted != false }
    }

    var path: String
    var year: Int
    var headHash: String
    /// The entry the head hash names (`nil`: not in the chain, or no ledger was given).
    var headSeq: Int64?
    /// Whether the rows were compared with a ledger, not only the signature checked.
    var ledgerChecked: Bool
    var lettings = 0
    var pending = 0
    var faults: [Fault] = []
    var laterChanges: [LaterChange] = []
    var signature: Signature?

    var isClean: Bool { faults.isEmpty && signature?.ok != false }
}

/// The comparison. Rows are matched by position, in the export's own order; where the
/// file's row and the ledger's are not the same vacancy, a window of the next rows on
/// both sides is searched for either, so one added or dropped row is one fault and the
/// rows after it match again. Memory holds the window, not the year.
struct ExportCheck {
    /// Rows looked ahead on each side for a row that is missing or extra on the other.
    static let window = 2048
    /// Fields a later settlement or void can change; the others are fixed when a vacancy is logged.
    static let settledFields: Set<String> = ["section", "lettingDate", "route", "criteria", "outcome"]

    /// Checks the signature (against `trustedKey`, if given) and, with a ledger, every field.
    static func run(path: String, ledger: Ledger?, trustedKey: String?) throws -> ExportCheckReport {
        let file = try ExportFile(path: path)
        var report = ExportCheckReport(path: path, year: file.year, headHash: file.headHash, ledgerChecked: ledger != nil)
        if let line = file.signature {
            let signature = ExportSignature(line: line.line)
            let digest = try ExportFile.digest(path: path, count: line.signedBytes)
            let valid = signature.map { $0.hasValidSignature && $0.sha256 == digest && $0.head == file.headHash && $0.year == file.year } ?? false
            report.signature = .init(present: true, valid: valid, publicKey: signature?.publicKey,
                                     trusted: trustedKey.map { $0 == signature?.publicKey })
        } else if trustedKey != nil || ledger == nil {
            report.signature = .init(present: false, valid: false, publicKey: nil, trusted: nil)
        }
        guard let ledger else {
            // The signature only: count the rows, compare nothing.
            while let row = try file.next() { if row.section == "letting" { report.lettings += 1 } else { report.pending += 1 } }
            return report
        }
        try ledger.withExportSnapshot(year: file.year, headHash: file.headHash) { snapshot in
            var comparison = Comparison(file: file, snapshot: snapshot, report: report)
            try comparison.run()
            report = comparison.report
        }
        return report
    }
}

/// One comparison's state: the two windows, and the rows left unmatched until the end
/// (a row found on both lists was moved).
private struct Comparison {
    let file: ExportFile
    let snapshot: ExportSnapshot
    var report: ExportCheckReport
    private var fileRows = RowWindow()
    private var ledgerRows = RowWindow()
    private var fileDone = false
    /// Rows matched in step since the sides were last out of step.
    private var matched = 0
    /// The place of the file's last row taken, where a dropped row belongs.
    private var lastPlace: ExportPlace?
    private var added: [ExportCells] = []
    private var dropped: [(row: ExportCells, after: ExportPlace?)] = []
    /// Letting rows the ledger holds now, and the net change later entries made to them.
    private var ledgerLettings = 0
    private var ledgerPending = 0
    private var laterLettings = 0
    private var laterPending = 0

    init(file: ExportFile, snapshot: ExportSnapshot, report: ExportCheckReport) {
        self.file = file
        self.snapshot = snapshot
        self.report = report
    }

    mutating func run() throws {
        if snapshot.headSeq == nil {
            report.faults.append(.init(kind: .head, file: file.headHash, ledger: nil))
        }
        report.headSeq = snapshot.headSeq
        let format = file.format
        try snapshot.forEachRow { row in
            if row.section == .letting { ledgerLettings += 1 } else { ledgerPending += 1 }
            ledgerRows.append(ExportCells(row, format: format))
            while ledgerRows.count > ExportCheck.window { try step() }
        }
        while try !fill() || !ledgerRows.isEmpty || !fileRows.isEmpty { try step() }
        try settleUnmatched()
        try checkTotals()
    }

    /// Reads the file's window full; whether the file has ended and its window is empty.
    private mutating func fill() throws -> Bool {
        while !fileDone, fileRows.count <= ExportCheck.window {
            if let row = try file.next() {
                if row.section == "letting" { report.lettings += 1 } else { report.pending += 1 }
                fileRows.append(row)
            } else {
                fileDone = true
            }
        }
        return fileDone && fileRows.isEmpty
    }

    private mutating func step() throws {
        _ = try fill()
        guard let ledgerRow = ledgerRows.first else {
            if let extra = fileRows.first { takeFile(); added.append(extra) }
            return
        }
        guard let fileRow = fileRows.first else {
            takeLedger()
            dropped.append((ledgerRow, lastPlace))
            return
        }
        if fileRow.sameBytes(as: ledgerRow) || fileRow.key == ledgerRow.key {
            takeFile()
            takeLedger()
            try compare(fileRow, ledgerRow)
            matched += 1
            if matched > 2 * ExportCheck.window { fileRows.index(false); ledgerRows.index(false) }
            return
        }
        // Out of step: look the two rows up in the windows, indexed from now until the two
        // sides have been in step for a while.
        matched = 0
        fileRows.index(true)
        ledgerRows.index(true)
        let inFile = fileRows.offset(of: ledgerRow.key), inLedger = ledgerRows.offset(of: fileRow.key)
        switch (inFile, inLedger) {
        case (nil, nil):
            // Neither row is near on the other side: the same place, compared field by field.
            takeFile()
            takeLedger()
            try compare(fileRow, ledgerRow)
        case let (extra?, other) where other == nil || extra <= other!:
            for _ in 0..<extra { if let row = fileRows.first { takeFile(); added.append(row) } }
        case let (_, missing?):
            for _ in 0..<missing { if let row = ledgerRows.first { takeLedger(); dropped.append((row, lastPlace)) } }
        default: break
        }
    }

    private mutating func takeFile() {
        lastPlace = fileRows.first?.place
        fileRows.removeFirst()
    }

    private mutating func takeLedger() {
        ledgerRows.removeFirst()
    }

    /// A pair of rows at one place: each field that differs is a fault, unless entries
    /// after the head explain it (a settled field of a vacancy settled or voided since).
    private mutating func compare(_ fileRow: ExportCells, _ ledgerRow: ExportCells, moved: Bool = false) throws {
        if fileRow.sameBytes(as: ledgerRow) && !moved { return }
        let fileCells = fileRow.cells, ledgerCells = ledgerRow.cells
        let differing = ExportCells.fields.indices.filter { fileCells[$0] != ledgerCells[$0] }
        guard !differing.isEmpty || moved else { return }
        let later = try Int64(ledgerRow.vacancy).map { try snapshot.laterEntries(vacancy: $0) } ?? []
        let fields = differing.map { ExportCells.fields[$0] }
        let explained = !later.isEmpty && fields.allSatisfy(ExportCheck.settledFields.contains)
        if explained, let vacancy = Int64(ledgerRow.vacancy) {
            report.laterChanges.append(.init(vacancy: vacancy, place: fileRow.place, fields: fields,
                                             change: moved ? .moved : .changed, entries: later))
            count(fileRow, -1)
            count(ledgerRow, +1)
            return
        }
        if moved {
            report.faults.append(.init(kind: .reordered, place: fileRow.place, vacancy: fileRow.vacancy))
        }
        for index in differing {
            report.faults.append(.init(kind: .changed, place: fileRow.place, vacancy: fileRow.vacancy, field: ExportCells.fields[index],
                                       file: fileCells[index] ?? "", ledger: ledgerCells[index] ?? ""))
        }
    }

    /// Records the net change a later entry made to the counts the file declares.
    private mutating func count(_ row: ExportCells, _ sign: Int) {
        if row.section == "letting" { laterLettings += sign } else { laterPending += sign }
    }

    /// Rows left unmatched: a vacancy on both lists was moved; the rest were added to the
    /// file or dropped from it, unless a later entry added or removed them.
    private mutating func settleUnmatched() throws {
        var droppedByKey: [String: Int] = [:]
        for (index, entry) in dropped.enumerated() { droppedByKey[entry.row.key] = index }
        var moved = Set<Int>()
        for row in added {
            if let index = droppedByKey[row.key], !moved.contains(index) {
                moved.insert(index)
                try compare(row, dropped[index].row, moved: true)
                continue
            }
            let vacancy = Int64(row.vacancy)
            let later = try vacancy.map { try snapshot.laterEntries(vacancy: $0) } ?? []
            // Only a row that was the ledger's own: its hash is the vacancy's entry hash.
            let entryHash = try vacancy.flatMap { try snapshot.entryHash(vacancy: $0) }
                .map { file.format == .json ? JSONValue.string($0).serialized() : $0 }
            if let vacancy, !later.isEmpty, entryHash != nil, row.cells[ExportCells.index("hash")] == entryHash {
                report.laterChanges.append(.init(vacancy: vacancy, place: row.place, fields: [], change: .removed, entries: later))
                count(row, -1)
            } else {
                report.faults.append(.init(kind: .added, place: row.place, vacancy: row.vacancy))
            }
        }
        for (index, entry) in dropped.enumerated() where !moved.contains(index) {
            let vacancy = Int64(entry.row.vacancy)
            let later = try vacancy.map { try snapshot.laterEntries(vacancy: $0) } ?? []
            if let vacancy, !later.isEmpty {
                report.laterChanges.append(.init(vacancy: vacancy, place: nil, fields: [], change: .added, entries: later))
                count(entry.row, +1)
            } else {
                report.faults.append(.init(kind: .dropped, vacancy: entry.row.vacancy, ledgerPlace: entry.after?.text))
            }
        }
        report.laterChanges.sort { $0.vacancy < $1.vacancy }
    }

    /// The total row (CSV) or the header's counts (JSON) against the ledger's at the head.
    private mutating func checkTotals() throws {
        let lettings = ledgerLettings - laterLettings, pending = ledgerPending - laterPending
        switch file.format {
        case .csv:
            let expected = ExportDocument.csvTotal(year: file.year, rowCount: lettings, headHash: file.headHash)
            let total = file.total, cells = total?.cells
            for (index, field) in ExportCells.fields.enumerated() {
                let have = cells?[index] ?? nil
                if have != expected[index] {
                    report.faults.append(.init(kind: .total, place: total?.place, field: field, file: have ?? "", ledger: expected[index]))
                }
            }
        case .json:
            for (field, value) in [("rowCount", lettings), ("pendingCount", pending)] where file.header[field] != String(value) {
                report.faults.append(.init(kind: .total, place: nil, field: field, file: file.header[field] ?? "", ledger: String(value)))
            }
        }
    }
}

/// The next rows of one side: a queue, with each vacancy's first place in it while the
/// sides are out of step, so a row missing on the other side is found without a scan.
/// In step, rows are only compared in turn, and no index is kept.
private struct RowWindow {
    private var rows: [ExportCells] = []
    private var head = 0
    /// Rows taken before `rows[0]` (the queue is compacted now and then).
    private var base = 0
    private var firstAt: [String: Int]?

    var count: Int { rows.count - head }
    var isEmpty: Bool { count == 0 }
    var first: ExportCells? { head < rows.count ? rows[head] : nil }

    /// Builds the index of the window's keys, or drops it.
    mutating func index(_ on: Bool) {
        guard on != (firstAt != nil) else { return }
        guard on else { firstAt = nil; return }
        var index: [String: Int] = [:]
        for position in head..<rows.count where index[rows[position].key] == nil { index[rows[position].key] = base + position }
        firstAt = index
    }

    mutating func append(_ row: ExportCells) {
        if firstAt != nil, firstAt?[row.key] == nil { firstAt?[row.key] = base + rows.count }
        rows.append(row)
    }

    /// How many rows come before `key`'s in the window, if it is there (the index is on).
    func offset(of key: String) -> Int? { firstAt?[key].map { $0 - base - head } }

    mutating func removeFirst() {
        guard head < rows.count else { return }
        if firstAt != nil, firstAt?[rows[head].key] == base + head { firstAt?[rows[head].key] = nil }
        head += 1
        if head >= 4096 {
            rows.removeFirst(head)
            base += head
            head = 0
        }
    }
}
