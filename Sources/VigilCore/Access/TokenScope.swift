/// What an API token may reach: one area of Vigil's API (a capability) with `read` or `write`
/// access, written `incidents:read`. `write` includes `read`.
///
/// A token's scopes only narrow what its holder's roles allow: a call must pass both the role
/// check of its route and the scope check (`TokenScopes.allows`), whatever the roles are by then.
public struct TokenScope: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The API's areas, one per capability (the route groups of `/api/v1`).
    public enum Area: String, CaseIterable, Sendable, Comparable {
        case incidents, assets, monitoring, vulnerabilities, advisories, plans, drills, contacts, awareness, compliance
        case reports, webhooks, federation, organisations, users, audit, tokens

        /// Whether the area has anything to write (the audit trail is read only).
        public var isWritable: Bool { self != .audit }

        /// Whether an organisation's integration token may hold the area. Tokens are personal or
        /// administered: a token never makes tokens for itself.
        public var isForIntegrations: Bool { self != .tokens }

        /// The permissions any one of which lets a role use the area at this access: a token may
        /// only be given a scope its holder's roles reach (`Principal.allows`). The read side of
        /// areas open to every signed-in user names `viewOrganisations`, which every role holds.
        public func permissions(for access: Access) -> Set<Permission> {
            switch (self, access) {
            case (.incidents, .read): [.reportIncidents, .viewIncidents]
            case (.incidents, .write): [.reportIncidents, .handleIncidents, .manageIncidents, .commentIncidents]
            case (.assets, .read), (.monitoring, .read), (.plans, .read): [.viewAssets]
            case (.assets, .write), (.monitoring, .write): [.manageAssets]
            case (.vulnerabilities, .read), (.advisories, .read): [.viewVulnerabilities]
            // The known-exploited catalogue is Vigil-wide data an administrator loads.
            case (.vulnerabilities, .write): [.manageVulnerabilities, .manageSettings]
            case (.advisories, .write): [.manageAdvisories, .manageVulnerabilities]
            case (.plans, .write): [.managePlans, .approvePlans]
            case (.drills, .read): [.viewDrills]
            case (.drills, .write): [.manageDrills]
            case (.contacts, .read), (.organisations, .read): [.viewOrganisations]
            case (.contacts, .write): [.manageContacts]
            // Everyone reads and acknowledges the staff notice; focal points issue it.
            case (.awareness, .read): [.viewOrganisations]
            case (.awareness, .write): [.viewOrganisations, .manageAwareness]
            case (.compliance, .read): [.viewCompliance, .compareCompliance]
            case (.compliance, .write): [.manageSettings]
            case (.reports, .read): [.viewPeriodicReports]
            case (.reports, .write): [.managePeriodicReports]
            // Reading a webhook's log is managing it: the same people.
            case (.webhooks, _): [.manageWebhooks]
            case (.federation, _): [.manageFederation]
            case (.organisations, .write): [.manageOrganisations]
            case (.users, .read): [.viewUsers]
            case (.users, .write): [.manageUsers]
            case (.audit, .read): [.viewAudit]
            case (.audit, .write): []
            // Everyone keeps their own tokens; the routes of organisations' tokens check `manageUsers`.
            case (.tokens, _): [.viewOrganisations]
            }
        }

        public static func < (lhs: Area, rhs: Area) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public enum Access: String, CaseIterable, Sendable, Comparable {
        case read, write

        public static func < (lhs: Access, rhs: Access) -> Bool { lhs == .read && rhs == .write }
    }

    public let area: Area
    public let access: Access

    public init(_ area: Area, _ access: Access) {
        self.area = area
        self.access = access
    }

    /// Reads `area:access`; anything else is an error naming the text.
    public static func parse(_ text: String) throws(TokenScopeError) -> TokenScope {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let area = Area(rawValue: String(parts[0])), let access = Access(rawValue: String(parts[1])) else {
            throw .unknown(String(text.prefix(60)))
        }
        guard access == .read || area.isWritable else { throw .unknown(String(text.prefix(60))) }
        return TokenScope(area, access)
    }

    public var description: String { "\(area.rawValue):\(access.rawValue)" }

    /// The permissions of this scope and those it includes (`write` includes `read`).
    public var permissions: Set<Permission> {
        access == .write ? area.permissions(for: .read).union(area.permissions(for: .write)) : area.permissions(for: .read)
    }

    /// Whether this scope lets a call of `access` into `area` through.
    public func covers(_ area: Area, _ access: Access) -> Bool {
        self.area == area && self.access >= access
    }

    public static func < (lhs: TokenScope, rhs: TokenScope) -> Bool {
        (lhs.area, lhs.access) < (rhs.area, rhs.access)
    }

    /// Every scope there is, for forms and help texts.
    public static var all: [TokenScope] {
        Area.allCases.flatMap { area in Access.allCases.filter { $0 == .read || area.isWritable }.map { TokenScope(area, $0) } }
    }
}

/// Why a list of scopes was refused. The server maps each case to a translated message.
public enum TokenScopeError: Error, Equatable, Sendable {
    /// Not a scope Vigil knows (`incident:read`, `audit:write`, `assets`).
    case unknown(String)
    /// The holder's roles do not reach the scope.
    case beyondRoles(String)
    /// The scope is not one the creating token holds (a token makes no token wider than itself).
    case beyondToken(String)
    /// The scope is not for an organisation's integration token.
    case notForIntegrations(String)
    /// An integration token needs at least one scope.
    case empty
}

/// The scopes of one token: sorted, without repeats, a `write` standing for its `read` too.
public struct TokenScopes: Equatable, Sendable {
    public let scopes: [TokenScope]

    public init(_ scopes: some Sequence<TokenScope>) {
        var strongest: [TokenScope.Area: TokenScope.Access] = [:]
        for scope in scopes { strongest[scope.area] = max(strongest[scope.area] ?? .read, scope.access) }
        self.scopes = strongest.map { TokenScope($0.key, $0.value) }.sorted()
    }

    /// Reads scopes as given on the command line or in a form: each item may hold several,
    /// separated by commas or spaces. Any unknown scope refuses the whole list.
    public static func parse(_ items: [String]) throws(TokenScopeError) -> TokenScopes {
        var scopes: [TokenScope] = []
        for item in items {
            for text in item.split(whereSeparator: { $0 == "," || $0 == " " }) where !text.isEmpty {
                scopes.append(try TokenScope.parse(String(text)))
            }
        }
        return TokenScopes(scopes)
    }

    /// Reads the stored form (`serialized`). A scope Vigil no longer knows is dropped, so that a
    /// stored token only ever loses reach.
    public init(stored text: String) {
        self.init(text.split(separator: " ").compactMap { try? TokenScope.parse(String($0)) })
    }

    /// `incidents:read assets:write`, as stored and shown.
    public var serialized: String { scopes.map(\.description).joined(separator: " ") }

    public var isEmpty: Bool { scopes.isEmpty }

    /// Whether a call of `access` into `area` is within these scopes.
    public func allows(_ area: TokenScope.Area, _ access: TokenScope.Access) -> Bool {
        scopes.contains { $0.covers(area, access) }
    }

    /// The first scope of `other` these scopes do not cover, if any.
    public func firstOutside(_ other: TokenScopes) -> TokenScope? {
        other.scopes.first { !allows($0.area, $0.access) }
    }

    /// The roles an organisation's integration token acts with: every role that holds a permission
    /// of one of its scopes. The scopes bound it at every call, so within its areas it reaches what
    /// an administrator could give a person there, and nothing outside them.
    public var integrationRoles: [Role] {
        let permissions = scopes.reduce(into: Set<Permission>()) { $0.formUnion($1.permissions) }
        return Role.allCases.filter { !$0.permissions.isDisjoint(with: permissions) }
    }
}

extension Principal {
    /// Whether the principal's roles reach `scope`: a person may only give a token what they may do.
    public func allows(_ scope: TokenScope) -> Bool {
        roles.contains { !$0.permissions.isDisjoint(with: scope.area.permissions(for: scope.access)) }
    }

    /// Checks the scopes a personal token is asked for against the roles (and, when a token asks
    /// for one, against that token's own scopes); returns them, or the caller's reach when none
    /// are asked (nil: the roles alone, as tokens without scopes always had).
    public func personalTokenScopes(asked: TokenScopes?, callerScopes: TokenScopes?) throws(TokenScopeError) -> TokenScopes? {
        guard let asked, !asked.isEmpty else { return callerScopes }
        if let refused = asked.scopes.first(where: { !allows($0) }) { throw .beyondRoles(refused.description) }
        if let callerScopes, let wider = callerScopes.firstOutside(asked) { throw .beyondToken(wider.description) }
        return asked
    }

    /// Checks the scopes of an organisation's integration token, made by this principal (an
    /// administrator; the route checks that) or by a token of theirs.
    public static func integrationTokenScopes(asked: TokenScopes, callerScopes: TokenScopes?) throws(TokenScopeError) -> TokenScopes {
        guard !asked.isEmpty else { throw .empty }
        if let personal = asked.scopes.first(where: { !$0.area.isForIntegrations }) { throw .notForIntegrations(personal.description) }
        if let callerScopes, let wider = callerScopes.firstOutside(asked) { throw .beyondToken(wider.description) }
        return asked
    }
}
