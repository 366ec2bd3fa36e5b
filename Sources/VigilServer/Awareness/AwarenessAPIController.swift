import Vapor
import VigilCore

/// `/api/v1/awareness/notices`: the staff notice for other tools. Anyone reads the notices that
/// address them or that their scope holds, and acknowledges those that address them; a focal point
/// issues, follows and reminds.
struct AwarenessAPIController: RouteCollection, Sendable {
    let service: AwarenessService
    let repository: AwarenessRepository

    func boot(routes: any RoutesBuilder) throws {
        routes.get(AwarenessAPIPath.notices, use: list)
        routes.get(AwarenessAPIPath.notice(.key), use: show)
        routes.post(AwarenessAPIPath.acknowledge(.key), use: acknowledge)
        let manage = routes.grouped(RequirePermission(permission: .manageAwareness))
        manage.post(AwarenessAPIPath.notices, use: issue)
        manage.get(AwarenessAPIPath.acknowledgements(.key), use: acknowledgements)
        manage.post(AwarenessAPIPath.remind(.key), use: remind)
    }

    @Sendable func list(req: Request) async throws -> NoticeListDTO {
        let user = try req.currentUser
        var notices = try await repository.issued(in: user.scope, limit: 200, on: req.db)
        let known = Set(notices.compactMap(\.id))
        notices += try await repository.current(forOrganisationPath: user.scope.organisationPath, withOrganisations: true, on: req.db).filter { !known.contains($0.id!) }
        let acknowledged = try await repository.acknowledgements(ofUser: user.userID, notices: notices.compactMap(\.id), on: req.db)
        return NoticeListDTO(items: notices.sorted { $0.issuedAt > $1.issuedAt }.compactMap { notice in
            service.visibility(of: notice, for: user).map {
                NoticeDTO(notice, language: req.language, addressed: $0.addressed, acknowledgedAt: acknowledged[notice.id!])
            }
        })
    }

    @Sendable func show(req: Request) async throws -> NoticeDTO {
        let (user, notice, visibility) = try await load(req)
        let acknowledged = try await repository.acknowledgements(ofUser: user.userID, notices: [notice.id!], on: req.db)
        return NoticeDTO(notice, language: req.language, addressed: visibility.addressed, acknowledgedAt: acknowledged[notice.id!])
    }

    @Sendable func issue(req: Request) async throws -> Response {
        let user = try req.currentUser
        let body = try req.decodeJSON(IssueNoticeRequest.self)
        let notice = try await service.issue(
            .init(audience: body.audience, unitIDs: body.unitIds ?? [], textVi: body.textVi, textEn: body.textEn,
                  focalPointName: body.focalPointName, focalPointPhone: body.focalPointPhone),
            by: user, address: req.clientAddress, now: Date(), on: req.db)
        let addressed = service.visibility(of: notice, for: user)?.addressed ?? false
        let dto = NoticeDTO(notice, language: req.language, addressed: addressed, acknowledgedAt: addressed ? notice.issuedAt : nil)
        let response = try await dto.encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: AwarenessAPIPath.notice(.value(notice.id!)).path)
        return response
    }

    @Sendable func acknowledge(req: Request) async throws -> AcknowledgedDTO {
        let (user, notice, _) = try await load(req)
        let at = try await service.acknowledge(notice, by: user, channel: .api, address: req.clientAddress, now: Date(), on: req.db)
        return AcknowledgedDTO(noticeId: notice.id!.uuidString.lowercased(), acknowledgedAt: at)
    }

    @Sendable func acknowledgements(req: Request) async throws -> AcknowledgementsDTO {
        let (_, notice, visibility) = try await load(req)
        guard visibility.manages else { throw VigilError.notFound }
        let (tally, reminded) = try await service.tally(of: notice, on: req.db)
        return AcknowledgementsDTO(notice: notice, tally: tally, reminded: reminded)
    }

    @Sendable func remind(req: Request) async throws -> RemindedDTO {
        let (user, notice, visibility) = try await load(req)
        guard visibility.manages else { throw VigilError.notFound }
        let count = try await service.remind(notice, by: user, address: req.clientAddress, now: Date(), on: req.db)
        return RemindedDTO(noticeId: notice.id!.uuidString.lowercased(), reminded: count)
    }

    private func load(_ req: Request) async throws -> (CurrentUser, AwarenessNoticeRecord, AwarenessService.Visibility) {
        let user = try req.currentUser
        guard let id = req.parameters.get("noticeID", as: UUID.self), let notice = try await repository.notice(id, on: req.db),
              let visibility = service.visibility(of: notice, for: user)
        else { throw VigilError.notFound }
        return (user, notice, visibility)
    }
}
