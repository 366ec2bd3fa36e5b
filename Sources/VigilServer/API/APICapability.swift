import Vapor

/// The JSON API described: `GET /api/v1/openapi.json` (OpenAPI 3.1, merged at boot from each
/// capability's fragment in `Resources/OpenAPI/`) and the page `/api/docs`.
struct APICapability: Capability {
    func boot(_ routes: CapabilityRoutes) throws {
        let folder = try VigilApplication.resourceDirectory().appendingPathComponent("OpenAPI")
        let controller = APIDocsController(document: try OpenAPIDocument.load(from: folder))
        controller.bootDocument(routes: routes.root)
        controller.bootPage(routes: routes.browser)
    }
}
