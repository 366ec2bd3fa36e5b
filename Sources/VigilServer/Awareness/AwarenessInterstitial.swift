import Vapor
import VigilCore

/// Sends a signed-in member of staff who has a notice to acknowledge to the notice's page before
/// any other page (`AwarenessPath.pending`, which brings them back afterwards). It only stops
/// pages (GET) of a browser session: the API, forms already open, the awareness pages
/// themselves, the first password and two-factor steps (which come first), and administrators
/// (who must reach settings and accounts at once in an emergency; they acknowledge from the
/// notice's page or the e-mail) pass through.
struct AwarenessInterstitial: AsyncMiddleware {
    let notices: AwarenessRepository

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET, let user = request.auth.get(CurrentUser.self), case .session = user.channel,
              !user.mustChangePassword, !user.mustEnrolSecondFactor, !user.roles.contains(.admin),
              request.url.path != AwarenessPath.prefix, !request.url.path.hasPrefix(AwarenessPath.prefix + "/")
        else { return try await next.respond(to: request) }
        let pending = try await notices.pending(userID: user.userID, organisationPath: user.scope.organisationPath, on: request.db)
        guard !pending.isEmpty else { return try await next.respond(to: request) }
        let back = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
        return request.redirect(to: AwarenessPath.pending.link(query: ["next": back]))
    }
}
