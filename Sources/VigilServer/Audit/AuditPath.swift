/// The audit trail's page and its API (`TypedPath`, `APIPath`).
enum AuditPath: TypedPath {
    case page
    var path: String { "/audit" }
}

enum AuditAPIPath: APIPath {
    case list
    var relativePath: String { "/audit" }
}
