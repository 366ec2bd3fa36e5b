/// The API's description: the OpenAPI document and its page (`TypedPath`: both sit outside the
/// token-guarded `/api/v1` group, so they are absolute paths).
enum APIDocsPath: TypedPath {
    case document
    case page

    var path: String {
        switch self {
        case .document: "/api/v1/openapi.json"
        case .page: "/api/docs"
        }
    }
}
