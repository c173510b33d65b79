import GRDB

/// `token issue|list|revoke`, and the service's authentication.
extension Ledger {
    /// Issues a token: its secret is returned this once; only its SHA-256 is stored.
    /// `expires`: the last day it is accepted (any form `--date` takes), or none.
    public func issueToken(role: Role, organisation: String?, name: String, by: String, expires: String? = nil) throws -> IssuedToken {
        let name = try Ledger.requireText(name, .clerk)
        let expiresOn = try expires.map { try Ledger.parseDate($0, .expires) }
        let today = RecordedAt.day(of: now())
        if let expiresOn, expiresOn < today {
            throw LedgerError.invalid(.expires, value: expires ?? "", accepted: .dateIn(DateRange(start: today, end: CivilDate.acceptedRange.end)))
        }
        let by = try Ledger.requireText(by, .clerk)
        let organisation = organisation.map { normalised($0.trimmingWhitespace(newlines: false)) }
        switch (role, organisation) {
        case (.clerk, nil):
            throw LedgerError.invalid(.role, value: role.rawValue, accepted: .needs(.organisation))
        case (.clerk, _), (_, nil):
            break
        case (_, let organisation?):
            throw LedgerError.invalid(.organisation, value: organisation, accepted: .needs(.role))
        }
        let secret = TokenSecret.generate()
        let at = now()
        return try write { db in
            if let organisation {
                let known = try Store.organisations(db)
                guard known.contains(organisation) else { throw LedgerError.unknownOrganisation(organisation, known: known) }
            }
            let folded = name.lowercased()
            if let taken = try Store.tokens(db).first(where: { $0.revokedAt == nil && $0.name.lowercased() == folded }) {
                throw LedgerError.tokenNameTaken(name, id: taken.id)
            }
            let id = try Store.insertToken(db, name: name, role: role, organisation: organisation,
                                           digest: TokenSecret.digest(secret), at: at, by: by, expiresOn: expiresOn)
            return IssuedToken(record: TokenRecord(id: id, name: name, role: role, organisation: organisation,
                                                   issuedAt: at, issuedBy: by, expiresOn: expiresOn), secret: secret)
        }
    }

    /// Rotates a token: revokes it and issues a new secret for the same name, role,
    /// organisation and expiry, in one transaction. The new row names the old one.
    public func rotateToken(id: Int64, by: String) throws -> IssuedToken {
        let by = try Ledger.requireText(by, .clerk)
        let secret = TokenSecret.generate()
        let at = now()
        return try write { db in
            guard let old = try Store.token(db, id: id) else { throw LedgerError.unknownToken(id) }
            if let revokedAt = old.revokedAt { throw LedgerError.tokenAlreadyRevoked(id, on: revokedAt) }
            try Store.insertTokenRevocation(db, tokenID: id, at: at, by: by)
            let newID = try Store.insertToken(db, name: old.name, role: old.role, organisation: old.organisation,
                                              digest: TokenSecret.digest(secret), at: at, by: by,
                                              expiresOn: old.expiresOn, replaces: id)
            return IssuedToken(record: TokenRecord(id: newID, name: old.name, role: old.role, organisation: old.organisation,
                                                   issuedAt: at, issuedBy: by, expiresOn: old.expiresOn, replaces: id),
                               secret: secret)
        }
    }

    public func tokens() throws -> [TokenRecord] {
        try read { db in try Store.tokens(db) }
    }

    /// Revokes a token for good: it is refused from the next request on.
    public func revokeToken(id: Int64, by: String) throws -> TokenRecord {
        let by = try Ledger.requireText(by, .clerk)
        let at = now()
        return try write { db in
            guard let token = try Store.token(db, id: id) else { throw LedgerError.unknownToken(id) }
            if let revokedAt = token.revokedAt { throw LedgerError.tokenAlreadyRevoked(id, on: revokedAt) }
            try Store.insertTokenRevocation(db, tokenID: id, at: at, by: by)
            return try Store.token(db, id: id) ?? token
        }
    }

    /// The principal a bearer secret stands for: 401 (`unauthenticated`) when it is missing,
    /// unknown, revoked or expired.
    public func authenticate(secret: String?) throws -> Principal {
        try Ledger.principal(secret: secret, today: RecordedAt.day(of: now())) { digest in
            try read { db in try Store.token(db, digest: digest) }
        }
    }

    /// The one check of a secret, against the token `lookup` finds for its digest.
    static func principal(secret: String?, today: CivilDate, lookup: (String) throws -> TokenRecord?) throws -> Principal {
        guard let secret, !secret.isEmpty else { throw LedgerError.unauthenticated(.missing) }
        guard TokenSecret.isWellFormed(secret) else { throw LedgerError.unauthenticated(.unknown) }
        guard let token = try lookup(TokenSecret.digest(secret)) else { throw LedgerError.unauthenticated(.unknown) }
        if let refusal = token.refusal(on: today) { throw LedgerError.unauthenticated(refusal) }
        return token.principal
    }

    /// The department a vacancy belongs to (what a settle or a void touches), for the
    /// access check before the use case runs. A vacancy never changes department.
    public func department(ofVacancy id: Int64) throws -> DepartmentID {
        guard let department = try read({ db in try Store.vacancy(db, id: id)?.department }) else {
            throw LedgerError.unknownVacancy(id)
        }
        return department
    }
}
