import Vapor
import VigilCore

/// The official notice of the focal point: issued from the directory page, downloaded again as
/// it was sent.
struct FocalPointNoticeController: RouteCollection, Sendable {
    let service: FocalPointNoticeService
    let repository: ContactRepository
    let organisations: OrganisationRepository
    let pages: ContactPageController
    let blobs: BlobStore

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(permission: .manageContacts)).post(ContactsPath.notice, use: issue)
        routes.grouped(RequirePermission(permission: .viewOrganisations)).get(ContactsPath.noticeFile(.key), use: download)
    }

    struct Form: Content {
        var organisation: String?
        var recipients: String?
        var channel: String?
    }

    @Sendable func issue(req: Request) async throws -> Response {
        let user = try req.currentUser
        let form = try req.content.decode(Form.self)
        let id = try InputValidation.uuid(form.organisation, field: "organisation") ?? user.organisationID
        guard let organisation = try await organisations.find(id, in: user.scope, on: req.db) else { throw VigilError.notFound }
        do {
            _ = try await service.issue(for: organisation, recipients: form.recipients ?? "", channel: form.channel, by: user,
                                        address: req.clientAddress, on: req.db)
        } catch let error as VigilError where error.field != nil {
            let values = ["recipients": form.recipients ?? "", "channel": form.channel ?? ""]
            return try await pages.renderDirectory(req, organisation: organisation, form: .failed(error, values: values, request: req), status: error.status)
        }
        return req.redirect(to: ContactsPath.directory.link(notice: "contact_notice_sent", query: ["organisation": id.uuidString.lowercased()],
                                                            fragment: "notices"))
    }

    /// The DOCX exactly as it was sent (re-hashed on reading: an altered file is refused).
    @Sendable func download(req: Request) async throws -> Response {
        guard let id = req.parameters.get("focalNoticeID", as: UUID.self),
              let notice = try await repository.notice(id, in: try req.currentUser.scope, on: req.db) else { throw VigilError.notFound }
        let data = try await blobs.get(notice.sha256)
        return EvidenceController.attachment(data, filename: "thong-bao-dau-moi-\(notice.organisation.code).docx", digest: notice.sha256,
                                             contentType: ReportController.docxType)
    }
}
