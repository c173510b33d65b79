import Foundation
import VacancyLedger

/// A placement as the service receives it (the flags of `department add|place`).
struct PlacementParameters: Codable, Sendable {
    var staircase: String
    var step: Int
    var baseStep: Int?
    var atRisk: Bool?
    var exempt: Bool?
    var reserved: Int?
    var criteria: [String]?
    var from: String?

    init(_ spec: PlacementSpec) {
        staircase = spec.staircase.rawValue
        step = spec.step
        baseStep = spec.baseStep
        atRisk = spec.atRisk
        exempt = spec.exempt
        reserved = spec.reserved
        criteria = spec.criteria.map(\.rawValue)
        from = spec.from
    }

    func spec() throws -> PlacementSpec {
        guard let staircase = Staircase(rawValue: staircase) else {
            throw LedgerError.invalid(.staircase, value: staircase, accepted: .oneOf(Staircase.allCases.map(\.rawValue)))
        }
        let criteria = try (criteria ?? []).map { value in
            try Criterion(rawValue: value).orThrow(LedgerError.invalid(.criteria, value: value, accepted: .criteria))
        }
        guard (1...4).contains(step) else { throw LedgerError.invalid(.step, value: String(step), accepted: .step) }
        return PlacementSpec(staircase: staircase, step: step, baseStep: baseStep, atRisk: atRisk ?? false, exempt: exempt ?? false,
                             reserved: reserved ?? 0, criteria: criteria, from: from)
    }
}

/// `department add`.
struct DepartmentAddOperation: LedgerOperation {
    static let name = "department-add"
    static let writes = true
    static let formats: [OutputFormat] = [.text, .json]
    var id: String
    var name: String
    var units: Int
    var placement: PlacementParameters
    var by: String?
    var format: OutputFormat?

    mutating func attribute(to name: String) { by = name }

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        let detail = try ledger.addDepartment(id: id, name: name, units: units, placement: try placement.spec(), by: by ?? "unknown")
        try out.line(resolvedFormat == .json ? JSONFormatter.department(detail).serialized() : "Added " + TextFormatter.department(detail))
        return 0
    }
}

/// `department place`.
struct DepartmentPlaceOperation: LedgerOperation {
    static let name = "department-place"
    static let writes = true
    static let formats: [OutputFormat] = [.text, .json]
    var id: String
    var placement: PlacementParameters
    var by: String?
    var format: OutputFormat?

    mutating func attribute(to name: String) { by = name }

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        let detail = try ledger.place(department: id, placement: try placement.spec(), by: by ?? "unknown")
        try out.line(resolvedFormat == .json ? JSONFormatter.department(detail).serialized() : TextFormatter.department(detail))
        return 0
    }
}

/// `token issue`: the secret is printed this once.
struct TokenIssueOperation: LedgerOperation {
    static let name = "token-issue"
    static let writes = true
    static let formats: [OutputFormat] = [.text, .json]
    var role: String
    var organisation: String?
    var name: String
    /// The last day the token is accepted; none: until revoked.
    var expires: String?
    var by: String?
    var format: OutputFormat?

    mutating func attribute(to name: String) { by = name }

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        guard let role = Role(rawValue: role) else {
            throw LedgerError.invalid(.role, value: role, accepted: .oneOf(Role.allCases.map(\.rawValue)))
        }
        let issued = try ledger.issueToken(role: role, organisation: organisation, name: name, by: by ?? "unknown", expires: expires)
        try TokenFields.issued(issued, verb: "Issued", resolvedFormat, out)
        return 0
    }
}

/// `token rotate`: the token revoked and a new secret issued for the same holder, at once.
struct TokenRotateOperation: LedgerOperation {
    static let name = "token-rotate"
    static let writes = true
    static let formats: [OutputFormat] = [.text, .json]
    var id: Int64
    var by: String?
    var format: OutputFormat?

    mutating func attribute(to name: String) { by = name }

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        let issued = try ledger.rotateToken(id: id, by: by ?? "unknown")
        try TokenFields.issued(issued, verb: "Rotated token \(id): issued", resolvedFormat, out)
        return 0
    }
}

/// `token list`.
struct TokenListOperation: LedgerOperation {
    static let name = "token-list"
    static let formats: [OutputFormat] = [.table, .json]
    var format: OutputFormat?

    func action(on ledger: Ledger) throws -> Action { .administer }

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        let tokens = try ledger.tokens()
        if resolvedFormat == .json {
            try out.line(JSONValue.array(tokens.map { .object(TokenFields.members($0)) }).serialized())
        } else {
            var table = TextTable(header: ["id", "name", "role", "organisation", "issued", "by", "expires", "revoked"],
                                  rightAligned: [0])
            for t in tokens {
                table.rows.append([String(t.id), t.name, t.role.rawValue, t.organisation ?? "", t.issuedAt, t.issuedBy,
                                   t.expiresOn?.description ?? "",
                                   t.revokedAt.map { "\($0) by \(t.revokedBy ?? "")" } ?? ""])
            }
            try out.line(tokens.isEmpty ? "No tokens issued (`vacancy-ledger token issue`)." : table.render())
        }
        return 0
    }
}

/// `token revoke`.
struct TokenRevokeOperation: LedgerOperation {
    static let name = "token-revoke"
    static let writes = true
    static let formats: [OutputFormat] = [.text, .json]
    var id: Int64
    var by: String?
    var format: OutputFormat?

    mutating func attribute(to name: String) { by = name }

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        let token = try ledger.revokeToken(id: id, by: by ?? "unknown")
        try out.line(resolvedFormat == .json ? JSONValue.object(TokenFields.members(token)).serialized()
                                             : "Revoked token \(token.id) of \(token.name) (\(TokenFields.describe(token))).")
        return 0
    }
}

enum TokenFields {
    static func members(_ t: TokenRecord) -> [(String, JSONValue)] {
        [("id", .int(t.id)), ("name", .string(t.name)), ("role", .string(t.role.rawValue)),
         ("organisation", t.organisation.map(JSONValue.string) ?? .null), ("issuedAt", .string(t.issuedAt)),
         ("issuedBy", .string(t.issuedBy)), ("revokedAt", t.revokedAt.map(JSONValue.string) ?? .null),
         ("revokedBy", t.revokedBy.map(JSONValue.string) ?? .null),
         ("expiresOn", t.expiresOn.map { .string($0.description) } ?? .null),
         ("replaces", t.replaces.map(JSONValue.int) ?? .null)]
    }

    /// A new secret, printed this once (`token issue`, `token rotate`).
    static func issued(_ issued: IssuedToken, verb: String, _ format: OutputFormat, _ out: BufferedOutput) throws {
        let t = issued.record
        if format == .json {
            try out.line(JSONValue.object(members(t) + [("secret", .string(issued.secret))]).serialized())
        } else {
            let expiry = t.expiresOn.map { ", valid through \($0)" } ?? ""
            try out.line("""
                \(verb) token \(t.id) to \(t.name) (\(describe(t))\(expiry)). \
                It is shown this once; only its SHA-256 is kept:
                \(issued.secret)
                """)
        }
    }

    static func describe(_ t: TokenRecord) -> String {
        t.role == .clerk ? "clerk of \(t.organisation ?? "?")" : t.role.rawValue
    }
}
