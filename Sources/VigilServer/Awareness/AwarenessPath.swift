import Foundation

/// The staff notice's pages (`TypedPath`).
enum AwarenessPath: TypedPath {
    typealias ID = PathParameter<UUID>

    /// Every awareness page starts with it: the page after sign-in lets them through.
    static let prefix = "/awareness"

    case notices, newNotice, notice(ID), acknowledge(ID), remind(ID)
    /// The page after sign-in that shows the notices still to acknowledge.
    case pending
    /// The one-time link of the e-mail.
    case confirm(PathParameter<String>)

    var path: String {
        switch self {
        case .notices: Self.prefix
        case .newNotice: Self.prefix + "/new"
        case .pending: Self.prefix + "/acknowledge"
        case .notice(let id): Self.prefix + "/\(id.segment("noticeID"))"
        case .acknowledge(let id): Self.notice(id).path + "/acknowledge"
        case .remind(let id): Self.notice(id).path + "/remind"
        case .confirm(let token): Self.prefix + "/confirm/\(token.segment("token"))"
        }
    }
}

/// The staff notice's API, under `/api/v1`.
enum AwarenessAPIPath: APIPath {
    typealias ID = PathParameter<UUID>

    case notices, notice(ID), acknowledge(ID), acknowledgements(ID), remind(ID)

    var relativePath: String {
        switch self {
        case .notices: "/awareness/notices"
        case .notice(let id): "/awareness/notices/\(id.segment("noticeID"))"
        case .acknowledge(let id): Self.notice(id).relativePath + "/acknowledge"
        case .acknowledgements(let id): Self.notice(id).relativePath + "/acknowledgements"
        case .remind(let id): Self.notice(id).relativePath + "/remind"
        }
    }
}
