import Foundation

/// The organisations' pages (`TypedPath`).
enum OrganisationsPath: TypedPath {
    case list, new, show(PathParameter<UUID>)

    var path: String {
        switch self {
        case .list: "/organisations"
        case .new: "/organisations/new"
        case .show(let id): "/organisations/\(id.segment("orgID"))"
        }
    }
}

/// The organisations API's paths, under `/api/v1`.
enum OrganisationsAPIPath: APIPath {
    case list, show(PathParameter<UUID>)

    var relativePath: String {
        switch self {
        case .list: "/organisations"
        case .show(let id): "/organisations/\(id.segment("orgID"))"
        }
    }
}
