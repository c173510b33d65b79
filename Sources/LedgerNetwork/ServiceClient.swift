import AsyncHTTPClient
import Foundation
import Hummingbird
import LedgerCommandLine
import NIOCore
import NIOFoundationCompat
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

    func perform<Operation: LedgerOperation>(_ operation: Operation, out: BufferedOutput) throws -> Int32 {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw LedgerError.invalid(.server, value: server, accepted: .oneOf(["an http:// or https:// URL of `vacancy-ledger serve`"]))
        }
        var operation = operation
        operation.attribute(to: "")   // the server records the token's name
        var target = "\(base)/v1/\(Operation.name)"
        var body: HTTPClient.Body?
        var headers = HTTPHeaders([("Accept", "*/*"), ("User-Agent", "vacancy-ledger")])
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        if Operation.writes {
            body = .data(try JSONEncoder().encode(operation))
            headers.add(name: "Content-Type", value: "application/json")
        } else {
            let query = try URLEncodedFormEncoder().encode(operation)
            if !query.isEmpty { target += "?" + query }
        }
        let request = try HTTPClient.Request(url: target, method: Operation.writes ? .POST : .GET, headers: headers, body: body)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
            timeout: .init(connect: .seconds(10), read: .seconds(600))))
        defer { try? client.syncShutdown() }
        let response: HTTPClient.Response
        do {
            response = try client.execute(request: request).wait()
        } catch {
            throw ServiceClientError.unreachable(server: base, reason: String(describing: error))
        }
        let data = response.body.map { Data(buffer: $0) } ?? Data()
        guard (200..<300).contains(Int(response.status.code)) else {
            throw ServiceClientError.refused(status: Int(response.status.code), message: Self.errorLine(data, status: response.status))
        }
        try out.put(String(decoding: data, as: UTF8.self))
        for note in response.headers[Self.notesHeader].flatMap(Self.decodeNotes) { out.note(note) }
        return response.headers.first(name: Self.exitHeader).flatMap(Int32.init) ?? 0
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
