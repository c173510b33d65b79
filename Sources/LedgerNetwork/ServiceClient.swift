import AsyncHTTPClient
import Foundation
import Hummingbird
import LedgerCommandLine
import NIOCore
import NIOFoundationCompat
import NIOPosix
import NIOHTTP1
import VacancyLedger

/// The CLI as the service's client: sends an operation to `/v1/NAME` (GET with query
/// parameters to read, POST with a JSON body to write), with `$VACANCY_LEDGER_TOKEN` as a
/// bearer token, and prints what comes back exactly as the local command would. The
/// connection is made only when a server is configured, so local commands start as fast
/// as before.
struct ServiceClient {
    var server: String
    var token = environmentValue("VACANCY_LEDGER_TOKEN").flatMap { $0.isEmpty ? nil : $0 }

    /// The header that carries an exit code other than 0 (an audit breach, a verify fault).
    static let exitHeader = "Vacancy-Ledger-Exit"
    /// The header that carries the lines the CLI prints on stderr beside its output (a
    /// strict audit's failing rows): each percent-encoded, joined by commas.
    static let notesHeader = "Vacancy-Ledger-Notes"

    static func encodeNotes(_ notes: [String]) -> String {
        notes.map { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }.joined(separator: ",")
    }

    static func decodeNotes(_ header: String) -> [String] {
        header.split(separator: ",").compactMap { $0.removingPercentEncoding }
    }

    /// The server's URL without a trailing slash, checked.
    func base() throws -> String {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw LedgerError.invalid(.server, value: server, accepted: .oneOf(["an http:// or https:// URL of `vacancy-ledger serve`"]))
        }
        return base
    }

    /// POSTs the file at `path` to `/v1/NAME?query` as `text/csv`, streamed from the file in
    /// 256 KiB pieces (so the client's memory does not grow with the file either), and
    /// returns the answer's status and body whatever the status.
    func upload(_ path: String, to name: String, query: [(String, String)],
                progress: @escaping @Sendable (Int64, Int64) -> Void) throws -> (status: Int, body: Data) {
        let base = try base()
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LedgerError.badFile(.importFile, path: path, line: nil, problem: .unreadable, accepted: .utf8File)
        }
        defer { try? handle.close() }
        let size = Int64((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)??.int64Value ?? 0)
        var components = URLComponents()
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        let target = "\(base)/v1/\(name)" + (query.isEmpty ? "" : "?" + (components.percentEncodedQuery ?? ""))
        var headers = HTTPHeaders([("Accept", "application/json"), ("User-Agent", "vacancy-ledger"), ("Content-Type", "text/csv; charset=utf-8"),
                                   ("Accept-Language", Language.current.rawValue)])
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        let file = UncheckedFile(handle)
        let body = HTTPClient.Body.stream(contentLength: size) { writer in
            // Read on the event loop: the client has nothing else to do meanwhile.
            @Sendable func next(_ sent: Int64) -> EventLoopFuture<Void> {
                let piece = (try? file.handle.read(upToCount: 256 * 1024)) ?? nil
                guard let piece, !piece.isEmpty else { return writer.write(.byteBuffer(ByteBuffer())).map { progress(sent, size) } }
                let total = sent + Int64(piece.count)
                return writer.write(.byteBuffer(ByteBuffer(data: piece))).flatMap {
                    progress(total, size)
                    return next(total)
                }
            }
            return next(0)
        }
        let request = try HTTPClient.Request(url: target, method: .POST, headers: headers, body: body)
        // An import of the city's history takes minutes; the answer comes when it is done.
        let response = try Self.send(request, to: base, readTimeout: .seconds(3600))
        return (Int(response.status.code), response.body.map { Data(buffer: $0) } ?? Data())
    }

    /// One request on a client of its own: an unreachable server is `unreachable`, in words.
    private static func send(_ request: HTTPClient.Request, to base: String, readTimeout: TimeAmount) throws -> HTTPClient.Response {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
            timeout: .init(connect: connectTimeout, read: readTimeout)))
        defer { try? client.syncShutdown() }
        do {
            return try client.execute(request: request).wait()
        } catch {
            throw ServiceClientError.unreachable(server: base, reason: reason(error))
        }
    }

    func perform<Operation: LedgerOperation>(_ operation: Operation, out: BufferedOutput) throws -> Int32 {
        let base = try base()
        var operation = operation
        operation.attribute(to: "")   // the server records the token's name
        var target = "\(base)/v1/\(Operation.name)"
        var body: HTTPClient.Body?
        var headers = HTTPHeaders([("Accept", "*/*"), ("User-Agent", "vacancy-ledger"), ("Accept-Language", Language.current.rawValue)])
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        if Operation.writes {
            body = .data(try JSONEncoder().encode(operation))
            headers.add(name: "Content-Type", value: "application/json")
        } else {
            let query = try URLEncodedFormEncoder().encode(operation)
            if !query.isEmpty { target += "?" + query }
        }
        let request = try HTTPClient.Request(url: target, method: Operation.writes ? .POST : .GET, headers: headers, body: body)
        let response = try Self.send(request, to: base, readTimeout: .seconds(600))
        let data = response.body.map { Data(buffer: $0) } ?? Data()
        guard (200..<300).contains(Int(response.status.code)) else {
            throw ServiceClientError.refused(status: Int(response.status.code), message: Self.errorLine(data, status: response.status))
        }
        try out.put(String(decoding: data, as: UTF8.self))
        for note in response.headers[Self.notesHeader].flatMap(Self.decodeNotes) { out.note(note) }
        return response.headers.first(name: Self.exitHeader).flatMap(Int32.init) ?? 0
    }

    /// How long a client waits for the server to accept a connection: an unreachable
    /// server is one line within 2 s (the client retries a refused connection until then).
    static let connectTimeout = TimeAmount.seconds(1)

    /// Why the server could not be reached, in words (NIO's and the HTTP client's own
    /// descriptions nest their causes in brackets).
    static func reason(_ error: any Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "nothing answered within \(Double(connectTimeout.nanoseconds) / 1e9) s"
            case .remoteConnectionClosed: return "the server closed the connection"
            case .readTimeout: return "the server sent no answer in time"
            default: break
            }
        }
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first?.error { return reason(first) }
            if error.dnsAError != nil || error.dnsAAAAError != nil { return "the host name is not known" }
        }
        if let error = error as? ChannelError, case .connectTimeout = error { return "nothing answered within \(Double(connectTimeout.nanoseconds) / 1e9) s" }
        return TextRules.oneLine(String(describing: error))
    }

    /// The `error` of the service's JSON error body, else the status.
    static func errorLine(_ data: Data, status: HTTPResponseStatus) -> String {
        struct Body: Decodable { var error: String }
        if let body = try? JSONDecoder().decode(Body.self, from: data) { return body.error }
        return "the server answered \(status.code) \(status.reasonPhrase)"
    }
}

/// How the service's answers become the CLI's exit codes.
enum ServiceClientError: LineError {
    case unreachable(server: String, reason: String)
    case refused(status: Int, message: String)

    var exitCode: Diagnostics.Code {
        switch self {
        case .unreachable: .failure
        case let .refused(status, _):
            switch status {
            case 409: .refused
            case 401, 403: .noPermission
            case 400, 404, 413, 422: .badInput
            default: .failure
            }
        }
    }

    var line: String {
        switch self {
        case let .unreachable(server, reason):
            "cannot reach the ledger service at \(server): \(reason) (accepted: the URL of a running `vacancy-ledger serve`, in --server or $VACANCY_LEDGER_SERVER)"
        case let .refused(_, message): message
        }
    }
}

/// The upload's file, read piece by piece on one event loop at a time.
private final class UncheckedFile: @unchecked Sendable {
    let handle: FileHandle
    init(_ handle: FileHandle) { self.handle = handle }
}
