import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore
import NIOPosix
import LedgerCommandLine
import VacancyLedger

/// The served ledger: one process owns the file; every route is a `LedgerOperation` run
/// through the same façade, formatters and error text as the CLI.
///
/// `/v1/NAME` for each operation (GET with query parameters to read, POST with a JSON body
/// to write), `/openapi.yaml`, and the auditor's page at `/`. Errors are JSON
/// `{"error": "...", "rule": "S1" | null}` with the CLI's one-line text.
struct LedgerService: Sendable {
    static let maxBodyBytes = 64 * 1024
    static let cookieName = "vl_session"

    let ledger: Ledger
    let tokens: TokenDirectory
    let sessions: SessionStore
    let workers: ServiceWorkers
    let metrics: ServiceMetrics
    let logger: Logger
    let settings: ServiceSettings
    /// Seconds a streamed answer may wait for its client to take the next chunk.
    let stallSeconds: Int
    /// The largest body `/v1/import` takes (`serve --max-import-size`).
    let maxImportBytes: Int

    /// Every operation the service offers.
    static let operations: [any LedgerOperation.Type] = LedgerOperations.served

    /// The methods each path answers (HEAD wherever GET: Hummingbird answers it with the
    /// GET's head); any other method is 405 with `Allow`.
    static let methods: [String: [HTTPRequest.Method]] = {
        var methods: [String: [HTTPRequest.Method]] = [:]
        for operation in operations { methods["/v1/\(operation.name)"] = operation.writes ? [.post] : [.get, .head] }
        for path in ["/openapi.yaml", "/v1/whoami", "/healthz", "/readyz", "/metrics", "/"] { methods[path] = [.get, .head] }
        for path in ["/login", "/logout", "/page/settle", ImportRoute.path] { methods[path] = [.post] }
        return methods
    }()

    func router() -> Router<ServiceContext> {
        let router = Router(context: ServiceContext.self)
        router.add(middleware: LanguageMiddleware())
        router.add(middleware: RequestLogMiddleware(logger: logger, metrics: metrics))
        router.add(middleware: MethodGuard())
        router.add(middleware: TokenAuthenticator(tokens: tokens, sessions: sessions))
        for operation in Self.operations { register(operation, on: router) }
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
        }
        router.get("/v1/whoami") { _, context -> Response in
            let principal = try context.identity.orThrow(LedgerError.unauthenticated(.missing))
            return Self.json(.object([("name", .string(principal.name)), ("role", .string(principal.role.rawValue)),
                                      ("organisation", principal.organisation.map(JSONValue.string) ?? .null)]))
        }
        // Operations' probes: no token, nothing read from the pool but what readiness needs.
        router.get("/healthz") { _, _ in Self.json(.object([("status", .string("alive"))])) }
        let ledger = ledger
        let workers = workers
        router.get("/readyz") { _, _ -> Response in
            do {
                try await workers.read(deadline: 5, interrupt: ReadInterrupt()) { try ledger.checkReady() }
                return Self.json(.object([("status", .string("ready"))]))
            } catch {
                return Self.json(.object([("status", .string("not ready")), ("error", .string(TextRules.oneLine(Self.line(for: error))))]),
                                 status: .serviceUnavailable)
            }
        }
        let metrics = metrics
        let sessions = sessions
        router.get("/metrics") { _, context -> Response in
            let principal = try context.identity.orThrow(LedgerError.unauthenticated(.missing))
            try AccessRules.require(principal, .monitor)
            let head = try await workers.read(deadline: 5, interrupt: ReadInterrupt()) { try ledger.journalHead() }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: metrics.exposition(sessions: sessions.count, journalHead: head))))
        }
        ImportRoute(ledger: ledger, workers: workers, logger: logger, maxImportBytes: maxImportBytes).register(on: router)
        AuditorPage(ledger: ledger, tokens: tokens, sessions: sessions, workers: workers, answerTimeout: settings.answerTimeoutSeconds)
            .register(on: router)
        return router
    }

    private func register<Operation: LedgerOperation>(_: Operation.Type, on router: Router<ServiceContext>) {
        let ledger = ledger
        let settings = settings
        let workers = workers
        let stallSeconds = stallSeconds
        let handler: @Sendable (Request, ServiceContext) async throws -> Response = { request, context in
            guard let principal = context.identity else { throw LedgerError.unauthenticated(.missing) }
            var operation: Operation
            if Operation.writes {
                let body = Data(buffer: try await request.body.collect(upTo: context.maxUploadSize))
                operation = try Self.decode { try JSONDecoder().decode(Operation.self, from: body) }
                try Self.refuseNulls(body)
            } else {
                let query = try QueryRules.check(request.uri.query ?? "")
                operation = try Self.decodeQuery(Operation.self, query)
            }
            operation.attribute(to: principal.name)
            operation.configure(for: settings)
            try operation.checkFormat()
            let sent = operation
            let headers: HTTPFields = [.contentType: Self.contentType(operation.resolvedFormat)]
            if Operation.writes {
                let metrics = metrics
                let (text, code, notes) = try await workers.write { lockWait in
                    metrics.writeQueued(Ledger.lockWait - lockWait)
                    return try Self.performWhole(sent, principal: principal,
                                                 on: ledger.forRequest(lockWait: lockWait, token: principal.tokenID,
                                                                       onLock: { metrics.writeLockWaited($0) }))
                }
                return Self.answer(text, code: code, notes: notes, headers: headers)
            }
            let pass = Operation.isHeavyRead ? try workers.admitHeavyRead(token: principal.tokenID) : nil
            let interrupt = ReadInterrupt()
            let scoped = ledger.forRequest(interrupt: interrupt)
            if sent.streamsItsAnswer {
                let (pipe, chunks) = ChunkPipe.open(interrupt: interrupt, stallSeconds: stallSeconds)
                workers.startRead {
                    defer { pass?.done() }
                    do {
                        try AccessRules.require(principal, try sent.action(on: scoped))
                        let out = BufferedOutput(bytes: { try pipe.send($0) })
                        _ = try sent.perform(on: scoped, out: out)
                        try out.flush()
                        pipe.finish()
                    } catch {
                        pipe.fail(error)
                    }
                }
                let timer = NIOSingletons.posixEventLoopGroup.any().scheduleTask(in: .seconds(Int64(settings.answerTimeoutSeconds))) {
                    pipe.timeOut(seconds: settings.answerTimeoutSeconds)
                }
                defer { timer.cancel() }
                let first = try await pipe.firstChunk()
                return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                    try await writer.write(first)
                    for try await chunk in chunks { try await writer.write(chunk) }
                    try await writer.finish(nil)
                })
            }
            let work = { @Sendable () throws -> (String, Int32, [String]) in try Self.performWhole(sent, principal: principal, on: scoped) }
            defer { pass?.done() }
            guard Operation.isHeavyRead else {
                let (text, code, notes) = try await workers.read(deadline: settings.answerTimeoutSeconds, interrupt: interrupt, work)
                return Self.answer(text, code: code, notes: notes, headers: headers)
            }
            // A heavy read stops when its client goes (Hummingbird then closes the
            // connection after the answer).
            let (text, code, notes) = try await request.body.consumeWithInboundCloseHandler({ _ in
                try await workers.read(deadline: settings.answerTimeoutSeconds, interrupt: interrupt, work)
            }, onInboundClosed: { interrupt.interrupt() })
            return Self.answer(text, code: code, notes: notes, headers: headers)
        }
        let path = RouterPath("/v1/\(Operation.name)")
        if Operation.writes { router.post(path, use: handler) } else { router.get(path, use: handler) }
    }

    /// An answer built whole: its exit code and notes go in headers.
    static func performWhole<Operation: LedgerOperation>(_ operation: Operation, principal: Principal, on ledger: Ledger) throws
        -> (String, Int32, [String])
    {
        try AccessRules.require(principal, try operation.action(on: ledger))
        var text = ""
        let out = BufferedOutput(text: { text += $0 })
        let code = try operation.perform(on: ledger, out: out)
        try out.flush()
        return (text, code, out.notes)
    }

    static func answer(_ text: String, code: Int32, notes: [String], headers: HTTPFields) -> Response {
        var headers = headers
        if code != 0, let name = HTTPField.Name(ServiceClient.exitHeader) { headers[name] = String(code) }
        if !notes.isEmpty, let name = HTTPField.Name(ServiceClient.notesHeader) { headers[name] = ServiceClient.encodeNotes(notes) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func contentType(_ format: OutputFormat) -> String {
        switch format {
        case .json: "application/json"
        case .csv: "text/csv; charset=utf-8"
        case .text, .table: "text/plain; charset=utf-8"
        }
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(string: value.serialized() + "\n")))
    }

    /// Decoding a request: a missing or mistyped field is bad input naming it.
    static func decode<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DecodingError {
            throw RequestError.badRequest(describe(error))
        }
    }

    /// A field sent as `null` is bad input, as the document declares no field nullable: left
    /// out, a field takes its default; `null` is more likely a client's bug than a wish.
    static func refuseNulls(_ body: Data) throws {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return }
        if let name = object.keys.sorted().first(where: { object[$0] is NSNull }) {
            throw RequestError.badRequest("\(TextRules.shown(name)) is null (accepted: a value of the field's type, or the field left out; see /openapi.yaml)")
        }
    }

    /// Decoding a query: anything malformed is 400 naming the parameter.
    static func decodeQuery<T: Decodable>(_: T.Type, _ query: String) throws -> T {
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: query)
        } catch let error as DecodingError {
            switch error {
            case let .typeMismatch(type, context) where context.codingPath.isEmpty, let .valueNotFound(type, context) where context.codingPath.isEmpty:
                // Hummingbird's decoder does not say which key; the culprit is the one
                // parameter without which the mismatch goes.
                if let (name, value) = culprit(T.self, query) {
                    throw RequestError.badQuery("query parameter \(TextRules.shown(name)) has \(TextRules.shown(value)), which is not \(Self.kind(type)) (accepted: the parameters of /openapi.yaml)")
                }
                throw RequestError.badQuery(describe(error))
            default:
                throw RequestError.badQuery(describe(error))
            }
        } catch {
            throw RequestError.badQuery("the query is malformed (accepted: the parameters of /openapi.yaml, each once)")
        }
    }

    private static func culprit<T: Decodable>(_: T.Type, _ query: String) -> (String, String)? {
        let pairs = query.split(separator: "&", omittingEmptySubsequences: true)
        for index in pairs.indices {
            let rest = pairs.indices.filter { $0 != index }.map { pairs[$0] }.joined(separator: "&")
            do {
                _ = try URLEncodedFormDecoder().decode(T.self, from: rest)
            } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
                continue
            } catch DecodingError.valueNotFound(_, let context) where context.codingPath.isEmpty {
                continue
            } catch {}
            let parts = pairs[index].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decoded = { (text: Substring?) in (text.map(String.init) ?? "").replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            return (decoded(parts.first), decoded(parts.dropFirst().first))
        }
        return nil
    }

    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is Double.Type: "a number"
        default: "a non-empty value"
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, _): return "the request has no \(TextRules.shown(key.stringValue)) (accepted: the fields of /openapi.yaml)"
        case let .typeMismatch(type, context): return "\(TextRules.shown(path(context))) is not a \(type) (accepted: the fields of /openapi.yaml)"
        case let .valueNotFound(type, context): return "\(TextRules.shown(path(context))) is missing a \(type) (accepted: the fields of /openapi.yaml)"
        case let .dataCorrupted(context):
            let at = path(context)
            return (at.isEmpty ? "the request body is not JSON" : "\(TextRules.shown(at)) is malformed") + " (accepted: the fields of /openapi.yaml)"
        @unknown default: return "the request is malformed (accepted: the fields of /openapi.yaml)"
        }
    }

    /// Every error as JSON `{"error": "...", "rule": ...}`, with the CLI's text and a status
    /// for its category. Nothing internal (paths, SQL) leaks beyond the CLI's own line.
    static func errorResponse(for error: any Error) -> Response {
        let (status, line, rule) = classify(error)
        var response = json(.object([("error", .string(TextRules.oneLine(line))), ("rule", rule.map(JSONValue.string) ?? .null)]),
                            status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        if case let RequestError.tooManyHeavyReads(seconds)? = error as? RequestError { response.headers[.retryAfter] = String(seconds) }
        return response
    }

    static func line(for error: any Error) -> String { classify(error).line }

    static func classify(_ error: any Error) -> (status: HTTPResponse.Status, line: String, rule: String?) {
        let status: HTTPResponse.Status
        let line: String
        var rule: String?
        switch error {
        case let error as LedgerError:
            line = ErrorText.line(error)
            rule = error.rule?.rawValue
            switch error.category {
            case .refused: status = .conflict
            case .badInput:
                switch error {
                // What the request names and the ledger does not hold.
                case .unknownDepartment, .unknownVacancy, .unknownToken: status = .notFound
                default: status = .unprocessableContent
                }
            case .forbidden: status = .forbidden
            case .unauthenticated: status = .unauthorized
            case .unsupportedDatabase: status = .internalServerError
            case .failure:
                switch error {
                case .locked, .interrupted: status = .serviceUnavailable
                default: status = .internalServerError
                }
            }
        case let error as RequestError:
            switch error {
            case let .badRequest(text): status = .unprocessableContent; line = text
            case let .badQuery(text): status = .badRequest; line = text
            case let .timedOut(seconds):
                status = .serviceUnavailable
                line = "the answer took longer than \(seconds) s and was abandoned; nothing was written (accepted: a narrower request, e.g. a window or one department, or the CLI on the file)"
            case let .tooManyHeavyReads(seconds):
                status = .tooManyRequests
                line = "this token already runs \(ServiceWorkers.heavyReadsPerToken) heavy reads (verify, export, vacancies, report), or the service its most; try again in \(seconds) s (accepted: one such read at a time per token)"
            case let .methodNotAllowed(method, allowed):
                status = .methodNotAllowed
                line = "method \(method) is not answered here (accepted: \(allowed))"
            case let .importTooLarge(limit):
                status = .contentTooLarge
                line = "the import file is larger than \(limit) bytes; nothing was written (accepted: a file within `serve --max-import-size`, or the file split by year)"
            }
        case is NIOTooManyBytesError:
            status = .contentTooLarge
            line = "the request body is larger than \(maxBodyBytes) bytes (accepted: one command's parameters)"
        case let error as HTTPError where error.status == .contentTooLarge:
            status = .contentTooLarge
            line = "the request body is larger than \(maxBodyBytes) bytes (accepted: one command's parameters)"
        case let error as HTTPError:
            status = error.status
            line = error.body ?? "\(error.status.code) \(error.status.reasonPhrase)"
        default:
            status = .internalServerError
            line = "internal error; nothing was written"
        }
        return (status, line, rule)
    }
}

/// Every answer in the request's language: `Accept-Language` (da or en), English when it
/// names neither. JSON and CSV stay English; their error lines follow it.
struct LanguageMiddleware: RouterMiddleware {
    typealias Context = ServiceContext

    func handle(_ request: Request, context: ServiceContext, next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        let language = Language.accepted(request.headers[.acceptLanguage]) ?? .en
        return try await Language.$current.withValue(language) { try await next(request, context) }
    }
}

/// 405 with `Allow` for a method a known path does not answer, before authentication (so
/// the answer does not depend on the token).
struct MethodGuard: RouterMiddleware {
    typealias Context = ServiceContext

    func handle(_ request: Request, context: ServiceContext, next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        guard let allowed = LedgerService.methods[request.uri.path], !allowed.contains(request.method) else {
            return try await next(request, context)
        }
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        var response = LedgerService.errorResponse(for: RequestError.methodNotAllowed(request.method.rawValue, allowed: allow))
        response.headers[.allow] = allow
        return response
    }
}

enum RequestError: Error {
    /// A body that does not decode: 422.
    case badRequest(String)
    /// A query parameter malformed, repeated or too long: 400.
    case badQuery(String)
    /// A read ran past the service's answer timeout.
    case timedOut(seconds: Int)
    /// A token over its heavy reads, or the service over all of them: 429.
    case tooManyHeavyReads(retryAfterSeconds: Int)
    case methodNotAllowed(String, allowed: String)
    /// An import body over `serve --max-import-size`: 413.
    case importTooLarge(limit: Int)
}

/// What a query may hold before it is decoded: each parameter once (a list's `name[]`
/// may repeat), names and values within bounds, all of it valid percent-encoding.
enum QueryRules {
    /// A checkpoint file's text is the longest value (`verify --since`).
    static let maxQueryBytes = 64 * 1024
    static let maxNameBytes = 64

    static func check(_ query: String) throws -> String {
        guard query.utf8.count <= maxQueryBytes else {
            throw RequestError.badQuery("the query is longer than \(maxQueryBytes) bytes (accepted: the parameters of /openapi.yaml)")
        }
        var seen: Set<String> = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let rawName = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard isPercentEncoded(pair), let name = String(rawName).replacingOccurrences(of: "+", with: " ").removingPercentEncoding,
                  name.utf8.count <= maxNameBytes
            else {
                throw RequestError.badQuery("query parameter \(TextRules.shown(String(rawName.prefix(maxNameBytes)))) is malformed (accepted: name=value, percent-encoded, as in /openapi.yaml)")
            }
            if !name.hasSuffix("]"), !seen.insert(name).inserted {
                throw RequestError.badQuery("query parameter \(TextRules.shown(name)) is given more than once (accepted: each parameter once)")
            }
        }
        return query
    }

    /// Every `%` starts two hex digits, and what they encode is UTF-8.
    static func isPercentEncoded(_ text: Substring) -> Bool {
        var bytes = text.utf8[...]
        while let percent = bytes.firstIndex(of: UInt8(ascii: "%")) {
            let digits = bytes[bytes.index(after: percent)...].prefix(2)
            guard digits.count == 2, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0 | 0x20) }) else { return false }
            bytes = bytes[digits.endIndex...]
        }
        return String(text).removingPercentEncoding != nil
    }
}
