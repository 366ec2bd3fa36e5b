import Foundation

/// The contacts pages' paths.
enum ContactsPath: TypedPath {
    typealias ID = PathParameter<UUID>

    case directory, newContact, overview, settings, escalation, notice
    case contact(ID), editContact(ID), removeContact(ID), checkContact(ID), noticeFile(ID)

    var path: String {
        switch self {
        case .directory: "/contacts"
        case .newContact: "/contacts/new"
        case .overview: "/contacts/overview"
        case .settings: "/contacts/settings"
        case .escalation: "/contacts/escalation"
        case .notice: "/contacts/notices"
        case .contact(let id): "/contacts/\(id.segment("contactID"))"
        case .editContact(let id): "/contacts/\(id.segment("contactID"))/edit"
        case .removeContact(let id): "/contacts/\(id.segment("contactID"))/remove"
        case .checkContact(let id): "/contacts/\(id.segment("contactID"))/check"
        case .noticeFile(let id): "/contacts/notices/\(id.segment("focalNoticeID"))"
        }
    }
}

/// The public page a reachability e-mail links to: no sign-in, the token is the credential.
enum ReachabilityPath: TypedPath {
    case link(PathParameter<String>)

    var path: String {
        switch self {
        case .link(let token): "/reachability/\(token.segment("token"))"
        }
    }
}

/// The contacts API's paths, under `/api/v1`.
enum ContactsAPIPath: APIPath {
    typealias ID = PathParameter<UUID>

    case contacts
    case contact(ID)
    case check(ID)
    case focalPoint(ID)

    var relativePath: String {
        switch self {
        case .contacts: "/contacts"
        case .contact(let id): "/contacts/\(id.segment("contactID"))"
        case .check(let id): "/contacts/\(id.segment("contactID"))/check"
        // `orgID`, as the organisation's own route names the same segment.
        case .focalPoint(let id): "/organisations/\(id.segment("orgID"))/focal-point"
        }
    }
}
