import Foundation

/// The three levels of the organisation tree (province coordinator -> agencies -> units).
public enum OrganisationKind: String, CaseIterable, Codable, Sendable {
    case province
    case agency
    case unit

    /// The kinds allowed directly under this one. Units may nest (a division inside a unit).
    public var allowedChildren: [OrganisationKind] {
        switch self {
        case .province: [.agency, .unit]
        case .agency: [.unit]
        case .unit: [.unit]
        }
    }
}

public enum OrganisationTree {
    /// The materialised path of a child: the parent's path followed by the child's id.
    public static func path(forID id: String, parentPath: String?) -> String {
        (parentPath ?? "/") + id + "/"
    }

    /// The ids on `path` (`/root/agency/unit/`), from the organisation itself up to the root.
    public static func ancestry(ofPath path: String) -> [UUID] {
        path.split(separator: "/").compactMap { UUID(uuidString: String($0)) }.reversed()
    }

    /// The paths of the organisation on `path` and of every organisation above it, root first
    /// (`/root/`, `/root/agency/`, `/root/agency/unit/`): what a subtree's root path can be.
    public static func ancestorPaths(ofPath path: String) -> [String] {
        path.indices.filter { path[$0] == "/" && $0 != path.startIndex }.map { String(path[...$0]) }
    }

    public static func depth(ofPath path: String) -> Int {
        path.split(separator: "/").count
    }
}
