import Vapor
import VigilCore

/// `/api/v1/contacts` and `/api/v1/organisations/{id}/focal-point`: the contract other tools call.
struct ContactAPIController: Sendable {
    let repository: ContactRepository
    let service: ContactService
    let reachability: ReachabilityService
    let organisations: OrganisationRepository

    func boot(routes: any RoutesBuilder) throws {
        let view = routes.grouped(RequirePermission(permission: .viewOrganisations))
        let manage = routes.grouped(RequirePermission(permission: .manageContacts))
        view.get(ContactsAPIPath.contacts, use: list)
        manage.post(ContactsAPIPath.contacts, use: create)
        view.get(ContactsAPIPath.contact(.key), use: show)
        manage.patch(ContactsAPIPath.contact(.key), use: update)
        manage.delete(ContactsAPIPath.contact(.key), use: delete)
        manage.post(ContactsAPIPath.check(.key), use: check)
        view.get(ContactsAPIPath.focalPoint(.key), use: focalPoint)
    }

    struct Body: Content {
        var name: String?
        var role: String?
        var organisationId: String?
        var phone: String?
        var otherPhones: [String]?
        var email: String?
        var availability: String?
        var position: String?
        var languages: [String]?
        var bodyKind: String?
        var userId: String?
        var reportingBodyId: String?
        var supplierId: String?

        var input: ContactService.Input {
            .init(draft: ContactDraft(name: name, role: role, position: position, phone: phone, otherPhones: otherPhones, email: email,
                                      availability: availability, languages: languages, bodyKind: bodyKind),
                  organisationID: organisationId, userID: userId, reportingBodyID: reportingBodyId, supplierID: supplierId)
        }
    }

    struct FocalPointDTO: Content {
        let organisation: OrganisationRef
        let focalPoint: ContactDTO?
        let deputy: ContactDTO?
        let confirmedAt: Date?
        let problems: [String]

        enum CodingKeys: String, CodingKey { case organisation, focalPoint, deputy, confirmedAt, problems }

        // `null` written out for an absent focal point, deputy or confirmation, as the contract says.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(organisation, forKey: .organisation)
            try container.encode(focalPoint, forKey: .focalPoint)
            try container.encode(deputy, forKey: .deputy)
            try container.encode(confirmedAt, forKey: .confirmedAt)
            try container.encode(problems, forKey: .problems)
        }
    }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.currentUser
        let contact = try await service.create(try req.decodeJSON(Body.self).input, by: user, address: req.clientAddress, on: req.db)
        let loaded = try await repository.find(try contact.requireID(), in: user.scope, on: req.db) ?? contact
        return try await ContactDTO(loaded).encodeResponse(status: .created, for: req)
    }

    @Sendable func list(req: Request) async throws -> APIPage<ContactDTO> {
        let page = try req.pageRequest()
        let rows = try await repository.list(in: try req.currentUser.scope, filter: try ContactRepository.Filter(req), after: page.after,
                                             limit: page.limit + 1, on: req.db)
        return APIPage(rows: rows.map(ContactDTO.init), limit: page.limit) { $0.id }
    }

    @Sendable func show(req: Request) async throws -> ContactDTO {
        ContactDTO(try await repository.load(req))
    }

    @Sendable func update(req: Request) async throws -> ContactDTO {
        let contact = try await repository.load(req)
        var input = try req.decodeJSON(Body.self).input
        // The organisation is fixed: a contact moves by being removed and added.
        if let moved = input.organisationID, moved.lowercased() != contact.$organisation.id.uuidString.lowercased() {
            throw VigilError.invalid("organisationId", "contact.error.organisation_fixed")
        }
        input.organisationID = nil
        try await service.update(contact, input, by: try req.currentUser, address: req.clientAddress, on: req.db)
        return ContactDTO(contact)
    }

    @Sendable func delete(req: Request) async throws -> HTTPStatus {
        try await service.delete(try await repository.load(req), by: try req.currentUser, address: req.clientAddress, on: req.db)
        return .noContent
    }

    /// Sends the reachability check now; 202: the e-mail is queued.
    @Sendable func check(req: Request) async throws -> Response {
        let contact = try await repository.load(req)
        try await reachability.send(to: contact, by: try req.currentUser, address: req.clientAddress, on: req.db)
        return try await ContactDTO(contact).encodeResponse(status: .accepted, for: req)
    }

    @Sendable func focalPoint(req: Request) async throws -> FocalPointDTO {
        guard let id = req.parameters.get("orgID", as: UUID.self),
              let organisation = try await organisations.find(id, in: try req.currentUser.scope, on: req.db) else { throw VigilError.notFound }
        let status = try await repository.status(of: [organisation], on: req.db)[0]
        return FocalPointDTO(organisation: OrganisationRef(id: id.uuidString.lowercased(), name: organisation.name),
                             focalPoint: status.focalPoint.map(ContactDTO.init), deputy: status.deputy.map(ContactDTO.init),
                             confirmedAt: status.focalPoint?.confirmedAt, problems: status.problems.map(\.rawValue))
    }
}

/// A contact as the API answers it.
struct ContactDTO: Content {
    let id: String
    let organisationId: String
    let name: String
    let role: String
    let position: String?
    let phone: String?
    let otherPhones: [String]
    let email: String?
    let availability: String
    let languages: [String]
    let bodyKind: String?
    let userId: String?
    let reportingBodyId: String?
    let supplierId: String?
    let confirmedAt: Date?
    let checkSentAt: Date?
    let createdAt: Date?
    let updatedAt: Date?

    init(_ contact: ContactRecord) {
        id = contact.id?.uuidString.lowercased() ?? ""
        organisationId = contact.$organisation.id.uuidString.lowercased()
        name = contact.name
        role = contact.role
        position = contact.position
        phone = contact.phone
        otherPhones = contact.otherPhones.split(separator: " ").map(String.init)
        email = contact.email
        availability = contact.availability
        languages = contact.languages.split(separator: ",").map(String.init)
        bodyKind = contact.bodyKind
        userId = contact.userID?.uuidString.lowercased()
        reportingBodyId = contact.reportingBodyID?.uuidString.lowercased()
        supplierId = contact.supplierID?.uuidString.lowercased()
        confirmedAt = contact.confirmedAt
        checkSentAt = contact.checkSentAt
        createdAt = contact.createdAt
        updatedAt = contact.updatedAt
    }
}
