import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import LedgerCommandLine
import VacancyLedger

/// A request's context: the principal its token stands for (hummingbird-auth's
/// `AuthRequestContext`), a small body limit, and a note the request log reads.
struct ServiceContext: AuthRequestContext, RequestContext {
    var coreContext: CoreRequestContextStorage
    var identity: Principal?
    /// Shared with the request-log middleware outside the authenticator, which sees only
    /// its own copy of the context.
    let note = RequestNote()
    /// The client's address, for the request log.
    let client: String

    init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
        client = source.channel.remoteAddress?.ipAddress ?? "-"
    }

    /// The largest request body: a `log` is a few hundred bytes; a checkpoint file to verify
    /// against is a few kilobytes.
    var maxUploadSize: Int { LedgerService.maxBodyBytes }
}

/// Who made a request, for its log line.
final class RequestNote: Sendable {
    private let who = NIOLockedValueBox("-")
    var name: String {
        get { who.withLockedValue { $0 } }
        set { who.withLockedValue { $0 = newValue } }
    }
}

/// Authenticates the bearer token against the tokens in memory, or, for a GET, the page's
/// session cookie. No credentials: the request goes on without an identity (the page's
/// login, the probes, `/openapi.yaml`), and every `/v1` route then answers 401. A wrong or
/// revoked token is 401 at once on `/v1`; elsewhere it is ignored, so a probe answers
/// whatever a client sends and the page shows its sign-in form. A session id is never a
/// bearer token ("vs_…" is not a token's form).
struct TokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = ServiceContext
    /// In memory: authenticating takes no reader thread (`TokenDirectory`).
    let tokens: TokenDirectory
    let sessions: SessionStore

    func authenticate(request: Request, context: ServiceContext) async throws -> Principal? {
        let principal: Principal
        if let secret = request.headers.bearer?.token {
            do {
                principal = try tokens.authenticate(secret: secret)
            } catch where !request.uri.path.hasPrefix("/v1/") {
                return nil
            }
        } else if request.method == .get || request.method == .head || (request.method == .post && request.uri.path == "/page/settle"),
                  // The session signs in reads, and the page's one write: the settle form,
                  // which must also carry the session's own form token (`SessionStore.csrf`),
                  // so no other site can make a browser write with it.
                  let id = request.cookies[LedgerService.cookieName]?.value {
            guard let found = sessions.principal(session: id) else { return nil }
            principal = found
        } else {
            return nil
        }
        context.note.name = principal.name
        return principal
    }
}

/// One line per request on stderr (swift-log): request id, client address, who, what,
/// status and time. The token is never logged: only the name it was issued to. The id is
/// also the answer's `X-Request-Id`, so a person can quote it.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = ServiceContext
    static let requestIDHeader = HTTPField.Name("X-Request-Id")!
    let logger: Logger
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: ServiceContext, next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let id = Self.newID()
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            metrics.answered(path: request.uri.path, method: request.method.rawValue, status: status, after: elapsed)
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            logger.info("\(id) \(context.client) \(context.note.name) \(request.method) \(request.uri.path) \(status) \(String(format: "%.1f", ms)) ms")
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = LedgerService.errorResponse(for: error)
        }
        status = response.status.code
        response.headers[Self.requestIDHeader] = id
        return response
    }

    /// 16 hex digits: unique enough to find one line in a day's log.
    static func newID() -> String {
        let value = UInt64.random(in: .min ... .max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
