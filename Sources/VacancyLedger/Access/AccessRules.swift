/// Who may do what through the service. Pure: no I/O, so "may an AAB clerk void this?" is
/// answered (and tested) without a server. The service asks before every use case; the CLI
/// on a local file has no principal and is bounded by the file's permissions instead.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// A housing association's clerk: logs and voids vacancies in its own organisation.
    case clerk
    /// The municipality's office: settles offers (and voids settlements) everywhere.
    case municipality
    /// Reads everything, writes nothing.
    case auditor
    /// Keeps departments, placements, policies and tokens.
    case admin
}

/// An authenticated caller: the token's name is what every entry it writes records as `by`.
public struct Principal: Sendable, Equatable {
    public var tokenID: Int64
    public var name: String
    public var role: Role
    /// The clerk's organisation (the department-id prefix); `nil` for the other roles.
    public var organisation: String?

    public init(tokenID: Int64, name: String, role: Role, organisation: String?) {
        self.tokenID = tokenID
        self.name = name
        self.role = role
        self.organisation = organisation
    }
}

/// What a request would do, with the department it touches where it touches one.
public enum Action: Sendable, Equatable {
    case read
    case log(DepartmentID)
    case voidVacancy(DepartmentID)
    case settle(DepartmentID)
    case voidSettlement(DepartmentID)
    /// Departments and placements, policies, tokens.
    case administer
    /// The service's own figures (`/metrics`): auditors and admins.
    case monitor

    public var name: String {
        switch self {
        case .read: "read"
        case .log: "log"
        case .voidVacancy: "void"
        case .settle: "settle"
        case .voidSettlement: "void --settlement"
        case .administer: "administer"
        case .monitor: "read the service's metrics"
        }
    }

    public var department: DepartmentID? {
        switch self {
        case .read, .administer, .monitor: nil
        case let .log(id), let .voidVacancy(id), let .settle(id), let .voidSettlement(id): id
        }
    }
}

public enum AccessRules {
    /// Whether `principal` may do `action`.
    public static func permits(_ principal: Principal, _ action: Action) -> Bool {
        switch (principal.role, action) {
        case (_, .read): true
        case (.clerk, .log(let department)), (.clerk, .voidVacancy(let department)):
            principal.organisation == department.organisation
        case (.municipality, .settle), (.municipality, .voidSettlement): true
        case (.admin, .administer): true
        case (.auditor, .monitor), (.admin, .monitor): true
        default: false
        }
    }

    /// Throws `LedgerError.forbidden` unless `principal` may do `action`.
    public static func require(_ principal: Principal, _ action: Action) throws {
        guard permits(principal, action) else {
            throw LedgerError.forbidden(role: principal.role, organisation: principal.organisation, action: action.name,
                                        department: action.department)
        }
    }
}
