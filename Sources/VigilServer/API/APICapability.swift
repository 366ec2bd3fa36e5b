import Vapor

/// The JSON API described: `GET /api/v1/openapi.json` (OpenAPI 3.1, merged at boot from each
/// capability's fragment in `Resources/OpenAPI/`) and the page `/api/docs`.
struct APICapability: Capability {
    /// Read, merged and laid out once per process: the fragments ship with the binary and do not
    /// change while it runs, and the test suite builds hundreds of applications.
    static let described: Result<APIDocsController, OpenAPIDocument.MergeError> = {
        do {
            let folder = try VigilApplication.resourceDirectory().appendingPathComponent("OpenAPI")
            return .success(APIDocsController(document: try OpenAPIDocument.load(from: folder)))
        } catch let error as OpenAPIDocument.MergeError {
            return .failure(error)
        } catch {
            return .failure(OpenAPIDocument.MergeError(description: "\(error)"))
        }
    }()

    func boot(_ routes: CapabilityRoutes) throws {
        let controller = try Self.described.get()
        controller.bootDocument(routes: routes.root)
        controller.bootPage(routes: routes.browser)
    }
}
