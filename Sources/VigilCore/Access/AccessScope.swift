/// Which organisations a user may see: their own, and with a subtree role everything below it.
///
/// Organisations carry a materialised path (`/root/agency/unit/`) so that "is in my subtree"
/// is a string prefix test here and a `LIKE 'prefix%'` in SQL.
public struct AccessScope: Equatable, Sendable {
    public let organisationID: String
    public let organisationPath: String
    public let includesSubtree: Bool

    public init(organisationID: String, organisationPath: String, roles: [Role]) {
        self.organisationID = organisationID
        self.organisationPath = organisationPath
        self.includesSubtree = roles.contains { $0.seesSubtree }
    }

    public func contains(path: String) -> Bool {
        if path == organisationPath { return true }
        return includesSubtree && path.hasPrefix(organisationPath)
    }
}

/// The caller of a request, as the rules see it.
public struct Principal: Equatable, Sendable {
    public let userID: String
    public let roles: [Role]
    public let scope: AccessScope

    public init(userID: String, roles: [Role], scope: AccessScope) {
        self.userID = userID
        self.roles = roles
        self.scope = scope
    }

    public func has(_ permission: Permission) -> Bool {
        roles.contains { $0.permissions.contains(permission) }
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }

    /// Roles this principal may hand out: an administrator grants any role inside their scope,
    /// nobody else grants any.
    public var grantableRoles: [Role] { has(.manageUsers) ? Role.allCases : [] }
}
