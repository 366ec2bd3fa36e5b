import Vapor

/// The page a reachability e-mail links to, open to anyone holding the link. Opening it only shows
/// a button; pressing the button (a POST with the page's CSRF token) confirms, so that mail
/// filters that fetch every link in a message confirm nothing. A link that does not work answers
/// 410 whatever the reason, and an address that tries many is refused for a while (429).
struct ReachabilityController: RouteCollection, Sendable {
    let service: ReachabilityService

    func boot(routes: any RoutesBuilder) throws {
        routes.get(ReachabilityPath.link(.key), use: open)
        routes.post(ReachabilityPath.link(.key), use: confirm)
    }

    private func render(_ req: Request, token: String, invitation: ReachabilityService.Invitation?, confirmed: Bool,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = ContactPages.ReachabilityPage(token: token, contactName: invitation?.contactName ?? "",
                                                 organisationName: invitation?.organisationName ?? "", confirmed: confirmed, invalid: invitation == nil)
        // The token is in the address; the security headers' `Referrer-Policy: same-origin` keeps it from other sites.
        return try await req.renderPage("contacts/reachability", titleKey: "contact.reachability.title", page, status: status)
    }

    @Sendable func open(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        do {
            return try await render(req, token: token, invitation: try await service.open(token, address: req.clientAddress, on: req.db), confirmed: false)
        } catch let error as VigilError where error.status == .gone {
            return try await render(req, token: "", invitation: nil, confirmed: false, status: .gone)
        }
    }

    @Sendable func confirm(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        do {
            return try await render(req, token: "", invitation: try await service.confirm(token, address: req.clientAddress, on: req.db), confirmed: true)
        } catch let error as VigilError where error.status == .gone {
            return try await render(req, token: "", invitation: nil, confirmed: false, status: .gone)
        }
    }
}
