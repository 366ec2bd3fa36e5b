import Vapor

/// Serves the OpenAPI document and its page. Both are open to anyone, like the source they
/// describe: they hold no organisation's data, and a client reads the document before it has a token.
struct APIDocsController: Sendable {
    let document: OpenAPIDocument
    let page: APIDocsPage

    init(document: OpenAPIDocument) {
        self.document = document
        self.page = APIDocsPage(document: document, documentPath: APIDocsPath.document.path)
    }

    func bootDocument(routes: any RoutesBuilder) {
        routes.get(APIDocsPath.document, use: json)
    }

    func bootPage(routes: any RoutesBuilder) {
        routes.get(APIDocsPath.page, use: show)
    }

    @Sendable func json(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return Response(status: .ok, headers: headers, body: .init(string: document.json))
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await req.renderPage("api/docs", titleKey: "api_docs.title", page)
    }
}
