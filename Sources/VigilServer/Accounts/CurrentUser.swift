import Fluent
import Vapor
import VigilCore

/// The signed-in caller of a request, through a browser session or an API token.
struct CurrentUser: Authenticatable, Sendable {
    enum Channel: Sendable, Equatable {
        case session(id: UUID, csrfToken: String, stage: UserSessionRecord.Stage)
        case apiToken(id: UUID)
        /// An organisation's integration token, acting through its own system user.
        case integrationToken(id: UUID)
    }

    let userID: UUID
    let email: String
    let displayName: String
    let organisationID: UUID
    let organisationName: String
    let roles: [Role]
    let principal: Principal
    let channel: Channel
    let mustChangePassword: Bool
    let mustEnrolSecondFactor: Bool
    let language: UILanguage
    /// The token's scopes; nil for a browser session and for a token that reaches what the roles do.
    /// `RequireTokenScope` checks them on every API call.
    let tokenScopes: TokenScopes?
    /// Who the audit trail names: the e-mail, or the integration token.
    let auditLabel: String

    /// `roles` replace the user's own for an integration token (`TokenScopes.integrationRoles`).
    init(user: UserRecord, organisation: OrganisationRecord, channel: Channel, requireTOTPForAll: Bool,
         roles: [Role]? = nil, tokenScopes: TokenScopes? = nil, auditLabel: String? = nil) throws {
        let roles = roles ?? user.roles
        self.userID = try user.requireID()
        self.email = user.email
        self.displayName = user.displayName
        self.organisationID = try organisation.requireID()
        self.organisationName = organisation.name
        self.roles = roles
        self.principal = Principal(
            userID: userID.uuidString.lowercased(), roles: roles,
            scope: AccessScope(organisationID: organisationID.uuidString.lowercased(),
                               organisationPath: organisation.path, roles: roles))
        self.channel = channel
        self.mustChangePassword = user.mustChangePassword
        self.mustEnrolSecondFactor = !user.totpEnabled && (user.totpRequired || requireTOTPForAll)
        self.language = UILanguage(rawValue: user.locale) ?? .default
        self.tokenScopes = tokenScopes
        self.auditLabel = auditLabel ?? user.email
    }

    var scope: AccessScope { principal.scope }
    func has(_ permission: Permission) -> Bool { principal.has(permission) }

    /// Settings and rule sets apply to all of Vigil, so only an administrator of a root
    /// organisation changes them.
    var isRootAdmin: Bool {
        has(.manageSettings) && OrganisationTree.depth(ofPath: scope.organisationPath) == 1
    }

    var sessionID: UUID? {
        if case .session(let id, _, _) = channel { return id }
        return nil
    }
}

extension Request {
    /// The signed-in user; throws 401 when there is none (the guards make that unreachable on
    /// protected routes).
    var currentUser: CurrentUser {
        get throws {
            guard let user = auth.get(CurrentUser.self) else { throw VigilError.unauthorized }
            return user
        }
    }

    /// The client's address: the socket peer. `X-Forwarded-For` is not trusted, since Vigil is
    /// usually reached directly on a small internal server; a proxy set-up can change this here.
    var clientAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
