import Vapor
import VigilCore

/// The e-mail's one-time link, which works without signing in: opening it shows the notice and a
/// button (mail scanners open links; only the button's POST acknowledges), and pressing it
/// acknowledges and uses the link up. A link that is unknown, used, expired or no longer for its
/// person answers 410 with a page that says so, the same for each, so that it tells nothing.
struct AwarenessLinkController: RouteCollection, Sendable {
    let service: AwarenessService

    func boot(routes: any RoutesBuilder) throws {
        routes.get(AwarenessPath.confirm(.key), use: page)
        routes.post(AwarenessPath.confirm(.key), use: confirm)
    }

    @Sendable func page(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard let target = try await service.linkTarget(token: token, now: Date(), on: req.db) else { return try await invalid(req) }
        let state: AwarenessPages.Confirm.State = target.acknowledgedAt == nil ? .ask : .done
        return try await render(req, state: state, target: target, token: token, status: .ok)
    }

    @Sendable func confirm(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard let target = try await service.confirm(token: token, address: req.clientAddress, now: Date(), on: req.db) else {
            return try await invalid(req)
        }
        return try await render(req, state: .done, target: target, token: token, status: .ok)
    }

    private func render(_ req: Request, state: AwarenessPages.Confirm.State, target: AwarenessService.LinkTarget, token: String,
                        status: HTTPResponseStatus) async throws -> Response {
        let notice = service.text.page(target.notice, language: req.language, issuedAt: req.formDateTime(target.notice.issuedAt),
                                       audience: req.t("awareness.audience.\(target.notice.audience)"))
        return try await req.renderPage("awareness/confirm", titleKey: "awareness.confirm.title",
                                        AwarenessPages.Confirm(state: state, name: target.user.displayName, notice: notice,
                                                               action: AwarenessPath.confirm(.value(token)).path),
                                        status: status)
    }

    private func invalid(_ req: Request) async throws -> Response {
        try await req.renderPage("awareness/confirm", titleKey: "awareness.confirm.title",
                                 AwarenessPages.Confirm(state: .invalid, name: "", notice: nil, action: ""), status: .gone)
    }
}
