import Crypto
import Foundation

/// The service's bearer tokens: 32 random bytes shown once as `vl_` and 64 hex digits.
/// The ledger keeps only their SHA-256, so a copy of the file (a backup) lets nobody in.
public enum TokenSecret {
    public static let prefix = "vl_"

    /// A new secret from the system's cryptographic generator.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + ByteWriter.hex(bytes)
    }

    /// The stored form: SHA-256 of the secret's UTF-8, in hex.
    public static func digest(_ secret: String) -> String {
        ByteWriter.hex(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Whether `text` has the shape of a secret (checked before any lookup).
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == prefix.utf8.count + 64 && text.hasPrefix(prefix)
            && text.utf8.dropFirst(prefix.utf8.count).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

/// A token as `token list` shows it (never the secret).
public struct TokenRecord: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var role: Role
    public var organisation: String?
    public var issuedAt: String
    public var issuedBy: String
    public var revokedAt: String?
    public var revokedBy: String?
    /// The last day it is accepted (UTC); none: until revoked (m014).
    public var expiresOn: CivilDate? = nil
    /// The token this one replaced (`token rotate`), revoked when this one was issued.
    public var replaces: Int64? = nil

    /// Why the token is refused on `today`, or `nil` while it is in force.
    public func refusal(on today: CivilDate) -> LedgerError.TokenProblem? {
        if revokedAt != nil { return .revoked }
        if let expiresOn, expiresOn < today { return .expired }
        return nil
    }

    var principal: Principal { Principal(tokenID: id, name: name, role: role, organisation: organisation) }
}

/// What `token issue` returns: the record, and the secret, shown this once.
public struct IssuedToken: Sendable {
    public var record: TokenRecord
    public var secret: String
}
