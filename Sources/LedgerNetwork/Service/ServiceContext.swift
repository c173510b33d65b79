import Foundation
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

    init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
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

/// Authenticates the bearer token (or the auditor page's cookie) against the ledger's
/// token hashes. No token: the request goes on without an identity (the page's login,
/// `/openapi.yaml`), and every `/v1` route then answers 401. A wrong or revoked token is
/// 401 at once.
struct TokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = ServiceContext
    let ledger: Ledger

    func authenticate(request: Request, context: ServiceContext) async throws -> Principal? {
        // The page's cookie signs in reads only: a write needs the header, so no other site
        // can make a browser write with it.
        let cookie = request.method == .get ? request.cookies[LedgerService.cookieName]?.value : nil
        guard let secret = request.headers.bearer?.token ?? cookie else { return nil }
        let principal = try await blocking { try ledger.authenticate(secret: secret) }
        context.note.name = principal.name
        return principal
    }
}

/// One line per request on stderr (swift-log): who, what, status and time. The token is
/// never logged: only the name it was issued to.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = ServiceContext
    let logger: Logger

    func handle(_ request: Request, context: ServiceContext, next: (Request, ServiceContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            logger.info("\(context.note.name) \(request.method) \(request.uri.path) \(status) \(String(format: "%.1f", ms)) ms")
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch {
            let response = LedgerService.errorResponse(for: error)
            status = response.status.code
            return response
        }
    }
}

/// Runs blocking ledger work (SQLite) on NIO's thread pool, off the cooperative threads
/// that serve requests.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(body)
}

/// As `blocking`, but the caller gets 503 after `seconds`: for reads, whose work may then
/// finish unseen (it writes nothing). Writes are never cut off: their wait for the write
/// lock is bounded by the busy timeout, and their answer says what was written.
func blocking<T: Sendable>(deadline seconds: Int, _ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let answered = NIOLockedValueBox(false)
        @Sendable func answer(_ result: Result<T, any Error>) {
            let first = answered.withLockedValue { done in
                defer { done = true }
                return !done
            }
            if first { continuation.resume(with: result) }
        }
        NIOThreadPool.singleton.submit { state in
            answer(state == .active ? Result { try body() } : .failure(CancellationError()))
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(seconds)) {
            answer(.failure(RequestError.timedOut(seconds: seconds)))
        }
    }
}
