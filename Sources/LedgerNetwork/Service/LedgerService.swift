import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore
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
    let logger: Logger
    let settings: ServiceSettings

    /// Every operation the service offers.
    static let operations: [any LedgerOperation.Type] = LedgerOperations.served

    func router() -> Router<ServiceContext> {
        let router = Router(context: ServiceContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: TokenAuthenticator(ledger: ledger))
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
        AuditorPage(ledger: ledger).register(on: router)
        return router
    }

    private func register<Operation: LedgerOperation>(_: Operation.Type, on router: Router<ServiceContext>) {
        let ledger = ledger
        let settings = settings
        let handler: @Sendable (Request, ServiceContext) async throws -> Response = { request, context in
            guard let principal = context.identity else { throw LedgerError.unauthenticated(.missing) }
            var operation: Operation
            if Operation.writes {
                let body = try await request.body.collect(upTo: context.maxUploadSize)
                operation = try Self.decode { try JSONDecoder().decode(Operation.self, from: Data(buffer: body)) }
            } else {
                operation = try Self.decode { try URLEncodedFormDecoder().decode(Operation.self, from: request.uri.query ?? "") }
            }
            operation.attribute(to: principal.name)
            operation.configure(for: settings)
            try operation.checkFormat()
            let sent = operation
            let work = { @Sendable () throws -> (String, Int32, [String]) in
                try AccessRules.require(principal, try sent.action(on: ledger))
                var text = ""
                let out = BufferedOutput(text: { text += $0 })
                let code = try sent.perform(on: ledger, out: out)
                try out.flush()
                return (text, code, out.notes)
            }
            let (text, code, notes) = Operation.writes ? try await blocking(work)
                                                       : try await blocking(deadline: settings.answerTimeoutSeconds, work)
            var headers: HTTPFields = [.contentType: Self.contentType(operation.resolvedFormat)]
            if code != 0, let name = HTTPField.Name(ServiceClient.exitHeader) { headers[name] = String(code) }
            if !notes.isEmpty, let name = HTTPField.Name(ServiceClient.notesHeader) { headers[name] = ServiceClient.encodeNotes(notes) }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        let path = RouterPath("/v1/\(Operation.name)")
        if Operation.writes { router.post(path, use: handler) } else { router.get(path, use: handler) }
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
        let status: HTTPResponse.Status
        let line: String
        var rule: String?
        switch error {
        case let error as LedgerError:
            line = ErrorText.line(error)
            rule = error.rule?.rawValue
            switch error.category {
            case .refused: status = .conflict
            case .badInput: status = .unprocessableContent
            case .forbidden: status = .forbidden
            case .unauthenticated: status = .unauthorized
            case .unsupportedDatabase: status = .internalServerError
            case .failure:
                if case .locked = error { status = .serviceUnavailable } else { status = .internalServerError }
            }
        case let error as RequestError:
            switch error {
            case let .badRequest(text): status = .unprocessableContent; line = text
            case let .timedOut(seconds):
                status = .serviceUnavailable
                line = "the answer took longer than \(seconds) s and was abandoned; nothing was written (accepted: a narrower request, e.g. a window or one department, or the CLI on the file)"
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
        var response = json(.object([("error", .string(TextRules.oneLine(line))), ("rule", rule.map(JSONValue.string) ?? .null)]),
                            status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }
}

enum RequestError: Error {
    case badRequest(String)
    /// A read ran past the service's answer timeout.
    case timedOut(seconds: Int)
}
