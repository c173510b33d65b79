import Crypto
import Foundation
import NIOConcurrencyHelpers
import VacancyLedger

/// The auditor's page's sign-ins, held by the service: the cookie carries a random session
/// id, never the token, so a stolen cookie is worth at most one session, logout ends it on
/// the server, and revoking the token ends every session it opened. Kept in memory: a
/// restart signs everyone out, which costs a sign-in and keeps the ledger file free of
/// secrets.
final class SessionStore: Sendable {
    struct Settings: Sendable {
        var lifetime: Duration
        var idle: Duration
        /// The cookie's `Secure` attribute: the service sits behind TLS.
        var secureCookies: Bool
        /// Sessions one token may hold; signing in again past it ends its oldest.
        var perToken = 20
    }

    private struct Session {
        var tokenID: Int64
        var created: ContinuousClock.Instant
        var lastSeen: ContinuousClock.Instant
        /// The page's forms carry it (`csrf`): a form another site makes cannot know it.
        var csrf: String
    }

    let settings: Settings
    private let tokens: TokenDirectory
    private let sessions = NIOLockedValueBox<[String: Session]>([:])

    init(settings: Settings, tokens: TokenDirectory) {
        self.settings = settings
        self.tokens = tokens
    }

    /// A session id: "vs_" and 64 hex digits of randomness. A token is "vl_…", so neither
    /// is ever taken for the other.
    static func newID() -> String {
        "vs_" + SymmetricKey(size: .bits256).withUnsafeBytes { bytes in bytes.map { String(format: "%02x", $0) }.joined() }
    }

    /// Signs in with a token: a new session for its principal.
    func open(for principal: Principal) -> String {
        let id = Self.newID()
        let now = ContinuousClock.now
        sessions.withLockedValue { sessions in
            sessions = sessions.filter { !expired($0.value, now: now) }
            let own = sessions.filter { $0.value.tokenID == principal.tokenID }.sorted { $0.value.created < $1.value.created }
            for (old, _) in own.prefix(max(0, own.count - settings.perToken + 1)) { sessions[old] = nil }
            sessions[id] = Session(tokenID: principal.tokenID, created: now, lastSeen: now, csrf: Self.newID())
        }
        return id
    }

    /// The session's form token, if the session is open.
    func csrf(session id: String) -> String? {
        sessions.withLockedValue { $0[id]?.csrf }
    }

    /// Whether `presented` is the session's form token (compared in constant time).
    func checkCSRF(session id: String?, presented: String?) -> Bool {
        guard let id, let expected = csrf(session: id), let presented else { return false }
        let a = Array(expected.utf8), b = Array(presented.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The principal a session stands for, or nil if it is unknown, expired, idle too long,
    /// or its token has been revoked since (the session then ends).
    func principal(session id: String) -> Principal? {
        let now = ContinuousClock.now
        let tokenID: Int64? = sessions.withLockedValue { sessions in
            guard let session = sessions[id] else { return nil }
            guard !expired(session, now: now) else {
                sessions[id] = nil
                return nil
            }
            sessions[id]?.lastSeen = now
            return session.tokenID
        }
        guard let tokenID else { return nil }
        guard let principal = try? tokens.principal(tokenID: tokenID) else {
            close(id)
            return nil
        }
        return principal
    }

    func close(_ id: String) {
        _ = sessions.withLockedValue { $0.removeValue(forKey: id) }
    }

    var count: Int { sessions.withLockedValue { $0.count } }

    /// The `Set-Cookie` value for a session (nil: the cookie cleared).
    func cookie(_ id: String?) -> String {
        let secure = settings.secureCookies ? "; Secure" : ""
        guard let id else { return "\(LedgerService.cookieName)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0\(secure)" }
        return "\(LedgerService.cookieName)=\(id); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(settings.lifetime.components.seconds)\(secure)"
    }

    private func expired(_ session: Session, now: ContinuousClock.Instant) -> Bool {
        now - session.created > settings.lifetime || now - session.lastSeen > settings.idle
    }
}
