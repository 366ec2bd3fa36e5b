import Fluent
import Vapor
import VigilCore

/// Organisations in the browser and in the JSON API. Reads are scoped; writes need `manageOrganisations`.
struct OrganisationController: RouteCollection, Sendable {
    let repository: OrganisationRepository
    let service: OrganisationService

    func boot(routes: any RoutesBuilder) throws {
        routes.get(OrganisationsPath.list, use: listPage)
        let manage = routes.grouped(RequirePermission(permission: .manageOrganisations))
        manage.get(OrganisationsPath.new, use: newPage)
        manage.post(OrganisationsPath.list, use: createFromForm)
        routes.get(OrganisationsPath.show(.key), use: showPage)
        manage.post(OrganisationsPath.show(.key), use: updateFromForm)
    }

    func bootAPI(routes: any RoutesBuilder) throws {
        routes.get(OrganisationsAPIPath.list, use: list)
        routes.get(OrganisationsAPIPath.show(.key), use: show)
        routes.grouped(RequirePermission(permission: .manageOrganisations)).post(OrganisationsAPIPath.list, use: create)
    }

    // MARK: API

    @Sendable func list(req: Request) async throws -> APIPage<OrganisationDTO> {
        let user = try req.currentUser
        let page = try req.pageRequest()
        let rows = try await repository.list(in: user.scope, after: page.after, limit: page.limit + 1, on: req.db)
        var pathByID: [String: String] = [:]
        for row in rows { pathByID[row.id!.uuidString.lowercased()] = row.path }
        return APIPage(rows: try rows.map(OrganisationDTO.init), limit: page.limit) { pathByID[$0.id] ?? "" }
    }

    @Sendable func show(req: Request) async throws -> OrganisationDTO {
        try OrganisationDTO(try await load(req))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.currentUser
        let body = try req.decodeJSON(CreateOrganisationRequest.self)
        let kind = try body.kind.map { raw in
            guard let kind = OrganisationKind(rawValue: raw) else { throw VigilError.invalid("kind", "validation.kind") }
            return kind
        }
        let record = try await service.create(
            .init(name: body.name, code: body.code, kind: kind, parentID: body.parentId ?? user.organisationID),
            scope: user.scope, actor: .user(user, address: req.clientAddress), on: req.db)
        return try await OrganisationDTO(record).encodeResponse(status: .created, for: req)
    }

    // MARK: Pages

    @Sendable func listPage(req: Request) async throws -> Response {
        let user = try req.currentUser
        let records = try await repository.all(in: user.scope, on: req.db)
        let baseDepth = OrganisationTree.depth(ofPath: user.scope.organisationPath)
        let rows = records.map {
            ListPage.Row(id: $0.id!.uuidString.lowercased(), name: $0.name, code: $0.code,
                         kind: req.t("org.kind.\($0.kind.rawValue)"), depth: OrganisationTree.depth(ofPath: $0.path) - baseDepth)
        }
        return try await req.renderPage("organisations/organisations", titleKey: "org.list.title",
                                        ListPage(rows: rows, canManage: user.has(.manageOrganisations)))
    }

    private func formPage(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let parents = OrganisationLabels(try await repository.all(in: user.scope, on: req.db)).options.map {
            FormPage.Option(value: $0.id, label: $0.label, selected: form.values["parent"] == $0.id)
        }
        let kinds = OrganisationKind.allCases.map {
            FormPage.Option(value: $0.rawValue, label: req.t("org.kind.\($0.rawValue)"), selected: form.values["kind"] == $0.rawValue)
        }
        return try await req.renderPage("organisations/organisation-new", titleKey: "org.new.title", FormPage(form: form, parents: parents, kinds: kinds), status: status)
    }

    @Sendable func newPage(req: Request) async throws -> Response {
        let user = try req.currentUser
        let parent = req.query[String.self, at: "parent"] ?? user.organisationID.uuidString.lowercased()
        // What usually sits under the parent: agencies under the province, units under an agency.
        let parentKind = try await UUID(uuidString: parent).asyncMap { try await repository.find($0, in: user.scope, on: req.db) }??.kind
        let kind = parentKind?.allowedChildren.first ?? .unit
        return try await formPage(req, form: FormState(values: ["parent": parent, "kind": kind.rawValue]))
    }

    struct OrganisationForm: Content {
        var name: String
        var code: String?
        var kind: String?
        var parent: String?
    }

    @Sendable func createFromForm(req: Request) async throws -> Response {
        let user = try req.currentUser
        let form = try req.content.decode(OrganisationForm.self)
        let values = ["name": form.name, "code": form.code ?? "", "kind": form.kind ?? "", "parent": form.parent ?? ""]
        do {
            let kind = try form.kind.flatMap { $0.isEmpty ? nil : $0 }.map { raw in
                guard let kind = OrganisationKind(rawValue: raw) else { throw VigilError.invalid("kind", "validation.kind") }
                return kind
            }
            let record = try await service.create(
                .init(name: form.name, code: form.code.flatMap { $0.isEmpty ? nil : $0 }, kind: kind,
                      parentID: try InputValidation.uuid(form.parent, field: "parent")),
                scope: user.scope, actor: .user(user, address: req.clientAddress), on: req.db)
            return req.redirect(to: OrganisationsPath.show(.value(record.id!)).link(notice: "created"))
        } catch let error as VigilError where error.field != nil {
            return try await formPage(req, form: .failed(error, values: values, request: req), status: error.status)
        }
    }

    private func showPage(_ req: Request, record: OrganisationRecord, form: FormState?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        var parent: OrganisationRecord?
        if let parentID = record.$parent.id { parent = try await repository.find(parentID, in: user.scope, on: req.db) }
        let children = try await repository.children(of: record.requireID(), on: req.db).map {
            ShowPage.Child(id: $0.id!.uuidString.lowercased(), name: $0.name, kind: req.t("org.kind.\($0.kind.rawValue)"))
        }
        let page = ShowPage(
            id: try record.requireID().uuidString.lowercased(), name: record.name, code: record.code,
            kind: req.t("org.kind.\(record.kind.rawValue)"), parentName: parent?.name,
            parentID: parent?.id?.uuidString.lowercased(), children: children, canManage: user.has(.manageOrganisations),
            form: form ?? FormState(values: ["name": record.name, "code": record.code]), noChildren: children.isEmpty)
        return try await req.renderPage("organisations/organisation", titleKey: "org.show.title", title: record.name, page, status: status)
    }

    @Sendable func showPage(req: Request) async throws -> Response {
        try await showPage(req, record: try await load(req), form: nil)
    }

    @Sendable func updateFromForm(req: Request) async throws -> Response {
        let user = try req.currentUser
        let record = try await load(req)
        let form = try req.content.decode(OrganisationForm.self)
        do {
            try await service.update(record, name: form.name, code: form.code ?? "", actor: .user(user, address: req.clientAddress), on: req.db)
            return req.redirect(to: OrganisationsPath.show(.value(record.id!)).link(notice: "saved"))
        } catch let error as VigilError where error.field != nil {
            return try await showPage(req, record: record, form: .failed(error, values: ["name": form.name, "code": form.code ?? ""], request: req), status: error.status)
        }
    }

    private func load(_ req: Request) async throws -> OrganisationRecord {
        let user = try req.currentUser
        guard let id = req.parameters.get("orgID", as: UUID.self),
              let record = try await repository.find(id, in: user.scope, on: req.db)
        else { throw VigilError.notFound }
        return record
    }
}
