/// Whom a staff notice is addressed to: every member of staff of the issuing organisation (and the
/// units below it), or of chosen units only. Kept as the materialised paths of the organisations
/// it reaches, so that "does it reach this person" is a prefix test on their organisation's path,
/// with no query (the sign-in check asks it on every page).
public struct NoticeAudience: Equatable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The whole issuing organisation, its units included.
        case organisation
        /// Chosen units (each with the units below it).
        case units
    }

    public let kind: Kind
    /// The paths of the organisations reached, each with its subtree; none inside another.
    public let paths: [String]

    /// The whole organisation at `path`.
    public static func organisation(path: String) -> NoticeAudience {
        NoticeAudience(kind: .organisation, paths: [path])
    }

    /// Chosen units of the organisation at `issuerPath`. Each must lie below it (the issuer's own
    /// organisation is the `organisation` audience, not a unit of itself); a unit inside another
    /// chosen unit adds nothing and is dropped; at least one is needed.
    public static func units(_ unitPaths: [String], within issuerPath: String) throws(AwarenessProblem) -> NoticeAudience {
        guard !unitPaths.isEmpty else { throw .noUnits }
        for path in unitPaths where path == issuerPath || !path.hasPrefix(issuerPath) { throw .unitOutside(path) }
        let unique = Array(Set(unitPaths)).sorted()
        let outermost = unique.filter { path in !unique.contains { $0 != path && path.hasPrefix($0) } }
        return NoticeAudience(kind: .units, paths: outermost)
    }

    /// Reads what `stored` wrote; nil when the text is not an audience.
    public init?(kind: String, storedPaths: String) {
        guard let kind = Kind(rawValue: kind) else { return nil }
        let paths = storedPaths.split(separator: "\n").map(String.init)
        guard !paths.isEmpty, paths.allSatisfy({ $0.hasPrefix("/") && $0.hasSuffix("/") }) else { return nil }
        self.init(kind: kind, paths: paths)
    }

    private init(kind: Kind, paths: [String]) {
        self.kind = kind
        self.paths = paths
    }

    /// The paths as stored: one a line.
    public var storedPaths: String { paths.joined(separator: "\n") }

    /// The ids of the chosen units (the last id of each path); empty for the whole organisation.
    public var unitIDs: [String] {
        kind == .units ? paths.compactMap { $0.split(separator: "/").last.map(String.init) } : []
    }

    /// Whether a person of the organisation at `organisationPath` is addressed.
    public func reaches(organisationPath: String) -> Bool {
        paths.contains { organisationPath.hasPrefix($0) }
    }

    /// The people addressed among `staff`: active, not Vigil itself, in an organisation reached.
    public func recipients(among staff: [StaffMember]) -> [StaffMember] {
        staff.filter { $0.isActive && reaches(organisationPath: $0.organisationPath) }
    }
}

/// A member of staff as the notice's rules see them.
public struct StaffMember: Equatable, Sendable {
    public let id: String
    public let name: String
    public let organisationID: String
    public let organisationPath: String
    /// false for a disabled account and for Vigil's own reporter.
    public let isActive: Bool

    public init(id: String, name: String, organisationID: String, organisationPath: String, isActive: Bool = true) {
        self.id = id
        self.name = name
        self.organisationID = organisationID
        self.organisationPath = organisationPath
        self.isActive = isActive
    }
}

/// What is wrong with a notice before it is issued: the field and the rule, no text (the server
/// says it in the reader's language).
public enum AwarenessProblem: Error, Equatable, Sendable {
    case noUnits
    /// A chosen unit that is not below the issuing organisation.
    case unitOutside(String)
    case required(field: String)
    case tooLong(field: String, maximum: Int)
    case controlCharacters(field: String)
    /// A phone number that does not read as one.
    case phone(field: String)

    /// The field the problem is about.
    public var field: String {
        switch self {
        case .noUnits, .unitOutside: "unitIds"
        case .required(let field), .tooLong(let field, _), .controlCharacters(let field), .phone(let field): field
        }
    }
}
