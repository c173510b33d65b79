import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOFoundationCompat
import LedgerCommandLine
import VacancyLedger

/// `POST /v1/import`: an association's feed, the municipality's answers or an admin's
/// history, as a `text/csv` body, through the same import as the command line's
/// (`Ledger.importVacancies`), as the token's holder (ARCHITECTURE.md, "Feeds into a shared
/// ledger").
///
/// - The body is streamed to a file beside the ledger (at most `--max-import-size`; the
///   minimum body rate cuts a stalled upload), never held in memory.
/// - The import runs on a reader thread, as a heavy read of its token: staging reads the
///   file without the writer; each batch is one turn on the writer thread, queued with the
///   clerks' writes, so they log between batches.
/// - A client that goes away stops it before its next batch: whole batches stay, and a
///   rerun finishes the job (the import is idempotent).
/// - The answer is the JSON the local `import --format json` prints, written to a file
///   beside the ledger while the import runs (so a slow client never holds the writer) and
///   sent from there. A file refused whole is 422 (bad lines) or 403 (rows the token may not
///   write), with every line in `lines`.
struct ImportRoute: Sendable {
    /// Events per batch at most: a batch holds the writer for its turn.
    static let maxBatchSize = 1000
    static let path = "/v1/import"

    let ledger: Ledger
    let workers: ServiceWorkers
    let logger: Logger
    let maxImportBytes: Int

    func register(on router: Router<ServiceContext>) {
        let route = self
        router.post(RouterPath(Self.path)) { request, context -> Response in
            try await route.handle(request, context)
        }
    }

    private struct Query: Decodable {
        var dryRun: Bool?
        var batchSize: Int?
    }

    private func handle(_ request: Request, _ context: ServiceContext) async throws -> Response {
        guard let principal = context.identity else { throw LedgerError.unauthenticated(.missing) }
        let query = try LedgerService.decodeQuery(Query.self, try QueryRules.check(request.uri.query ?? ""))
        let batchSize = query.batchSize ?? Self.maxBatchSize
        guard (1...Self.maxBatchSize).contains(batchSize) else {
            throw RequestError.badQuery("query parameter batchSize has \(batchSize) (accepted: 1 to \(Self.maxBatchSize))")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxImportBytes {
            throw RequestError.importTooLarge(limit: maxImportBytes)
        }
        let pass = try workers.admitHeavyRead(token: principal.tokenID)
        defer { pass.done() }
        let files = try ImportFiles(beside: ledger.path)
        let interrupt = ReadInterrupt()
        let started = ContinuousClock.now
        let outcome: Result<ImportSummary, any Error> = try await request.body.consumeWithInboundCloseHandler({ body in
            var written = 0
            for try await buffer in body {
                written += buffer.readableBytes
                guard written <= maxImportBytes else { throw RequestError.importTooLarge(limit: maxImportBytes) }
                try files.upload.write(contentsOf: buffer.readableBytesView)
            }
            try files.upload.close()
            return await run(files: files, principal: principal, dryRun: query.dryRun ?? false, batchSize: batchSize,
                             interrupt: interrupt)
        }, onInboundClosed: { interrupt.interrupt() })
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        switch outcome {
        case let .success(summary):
            logger.info("import by \(principal.name): file \(summary.fileSHA256), \(summary.rows) rows, \(summary.added) added, \(summary.settled) settled, \(files.listed.withLockedValue { $0 }) listed, \(String(format: "%.1f", seconds)) s\(summary.dryRun ? " (dry run)" : "")")
            return Response(status: .ok, headers: [.contentType: "application/json"], body: files.answerBody())
        case let .failure(error):
            files.remove()
            logger.info("import by \(principal.name): refused after \(String(format: "%.1f", seconds)) s: \(TextRules.oneLine(LedgerService.line(for: error)))")
            guard let error = error as? LedgerError, let lines = error.rejectedLines else { throw error }
            let (status, line, _) = LedgerService.classify(error)
            return LedgerService.json(.object([
                ("error", .string(TextRules.oneLine(line))), ("rule", .null),
                ("lines", .array(lines.map { .object([("line", .int(Int64(ImportFiles.line(of: $0)))), ("error", .string(TextRules.oneLine(ErrorText.line($0))))]) })),
            ]), status: status)
        }
    }

    /// The import itself, on a reader thread; its batches are writer turns.
    private func run(files: ImportFiles, principal: Principal, dryRun: Bool, batchSize: Int,
                     interrupt: ReadInterrupt) async -> Result<ImportSummary, any Error> {
        let scoped = ledger.forRequest(token: principal.tokenID)
        let workers = workers
        let answer = Rendezvous<ImportSummary>()
        workers.startRead {
            answer.resolve(Result {
                let out = ImportStandardOutput(format: .json) { text in try files.answer.write(contentsOf: Data(text.utf8)) }
                let output = ImportOutput(counted: { try out.begin($0) }, listing: { listing in
                    files.listed.withLockedValue { $0 += 1 }
                    try out.add(listing)
                })
                let turns = ImportTurns(write: { turn in try workers.writeAndWait(turn) }, stop: { interrupt.isInterrupted })
                let summary = try scoped.importVacancies(
                    ImportRequest(source: .file(path: files.uploadPath), dryRun: dryRun, by: principal.name, batchSize: batchSize,
                                  principal: principal),
                    output: output, turns: turns)
                try out.end()
                try files.answer.close()
                return summary
            })
        }
        do { return .success(try await answer.value()) } catch { return .failure(error) }
    }
}

/// The upload and the answer of one import, as files beside the ledger: removed when the
/// answer has been sent or the import refused, or by the next import if the process died.
final class ImportFiles: Sendable {
    let uploadPath: String
    let answerPath: String
    let upload: FileHandle
    let answer: FileHandle
    let listed = NIOLockedValueBox(0)

    init(beside ledger: String?) throws {
        let url = URL(fileURLWithPath: ledger ?? NSTemporaryDirectory() + "ledger")
        let folder = url.deletingLastPathComponent().path
        let prefix = ".\(url.lastPathComponent).upload-"
        OutputFile.removeAbandoned(in: folder, prefix: prefix)
        let stem = URL(fileURLWithPath: folder).appendingPathComponent("\(prefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        uploadPath = stem + ".csv"
        answerPath = stem + ".json"
        for path in [uploadPath, answerPath] {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw LedgerError.io(.importFile, path: path, reason: .other("cannot create the upload file"))
            }
        }
        guard let upload = FileHandle(forWritingAtPath: uploadPath), let answer = FileHandle(forWritingAtPath: answerPath) else {
            throw LedgerError.io(.importFile, path: uploadPath, reason: .other("cannot open the upload file"))
        }
        self.upload = upload
        self.answer = answer
    }

    func remove() {
        try? upload.close()
        try? answer.close()
        unlink(uploadPath)
        unlink(answerPath)
    }

    /// The answer file, sent in 64 KiB chunks; both files removed once it is sent.
    func answerBody() -> ResponseBody {
        ResponseBody { [self] writer in
            defer { remove() }
            guard let reader = FileHandle(forReadingAtPath: answerPath) else { throw LedgerError.io(.importFile, path: answerPath, reason: .other("the answer file is gone")) }
            defer { try? reader.close() }
            while let chunk = try reader.read(upToCount: 64 * 1024), !chunk.isEmpty {
                try await writer.write(ByteBuffer(data: chunk))
            }
            try await writer.finish(nil)
        }
    }

    static func line(of error: LedgerError) -> Int {
        switch error {
        case let .atLine(line, _): line
        case let .badFile(_, _, line?, _, _): line
        default: 1
        }
    }
}
