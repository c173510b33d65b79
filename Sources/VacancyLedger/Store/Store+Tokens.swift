import GRDB

/// The service's tokens (m008): issued and revoked rows, both chained in the journal.
extension Store {
    private static let tokenColumns = """
        t.id, t.name, t.role, t.organisation, t.issued_at, t.issued_by, t.expires_on, t.replaces, r.revoked_at, r.revoked_by
        FROM access_token t LEFT JOIN token_revocation r ON r.token_id = t.id
        """

    private static func tokenRecord(_ row: Row) -> TokenRecord {
        TokenRecord(id: row["id"], name: row["name"], role: Role(rawValue: row["role"]) ?? .auditor, organisation: row["organisation"],
                    issuedAt: row["issued_at"], issuedBy: row["issued_by"], revokedAt: row["revoked_at"], revokedBy: row["revoked_by"],
                    expiresOn: (row["expires_on"] as String?).flatMap(CivilDate.init), replaces: row["replaces"])
    }

    static func tokens(_ db: Database) throws -> [TokenRecord] {
        try Row.fetchAll(db, sql: "SELECT \(tokenColumns) ORDER BY t.id").map(tokenRecord)
    }

    static func token(_ db: Database, id: Int64) throws -> TokenRecord? {
        try Row.fetchOne(db, sql: "SELECT \(tokenColumns) WHERE t.id = ?", arguments: [id]).map(tokenRecord)
    }

    /// The token whose secret hashes to `digest` (revoked or not).
    static func token(_ db: Database, digest: String) throws -> TokenRecord? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(tokenColumns) WHERE t.token_sha256 = ?"), arguments: [digest])
            .map(tokenRecord)
    }

    /// Every token by the SHA-256 of its secret (the service's `TokenDirectory`).
    static func tokensByDigest(_ db: Database) throws -> [String: TokenRecord] {
        var tokens: [String: TokenRecord] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT t.token_sha256, \(tokenColumns)") {
            tokens[row["token_sha256"]] = tokenRecord(row)
        }
        return tokens
    }

    static func insertToken(_ db: Database, name: String, role: Role, organisation: String?, digest: String,
                            at: String, by: String, expiresOn: CivilDate? = nil, replaces: Int64? = nil) throws -> Int64 {
        try Journal.insert(db, kind: "token", values: [
            name.databaseValue, role.rawValue.databaseValue, organisation.databaseValue, digest.databaseValue,
            at.databaseValue, by.databaseValue,
        ], optional: [("expires_on", expiresOn?.description.databaseValue ?? .null), ("replaces", replaces.databaseValue)])
    }

    /// The token that wrote an entry through the service (m014), if one did.
    static func author(_ db: Database, table: String, rowID: Int64) throws -> TokenRecord? {
        guard let id = try Int64.fetchOne(db, sql: "SELECT token_id FROM \(table) WHERE rowid = ?", arguments: [rowID]) else {
            return nil
        }
        return try token(db, id: id)
    }

    static func insertTokenRevocation(_ db: Database, tokenID: Int64, at: String, by: String) throws {
        try Journal.insert(db, kind: "token_revocation", values: [
            tokenID.databaseValue, at.databaseValue, by.databaseValue,
        ])
    }

    static func organisations(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT code FROM organisation ORDER BY code")
    }
}
