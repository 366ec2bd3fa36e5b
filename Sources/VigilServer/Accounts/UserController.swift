import Fluent
import Vapor
import VigilCore

/// Users in the browser and the JSON API; `/api/v1/me` too.
struct UserController: RouteCollection, Sendable {
    let repository: UserRepository
    let organisations: OrganisationRepository
    let service: UserService

    func boot(routes: any RoutesBuilder) throws {
        let pages = routes.grouped(RequirePermission(permission: .viewUsers))
        pages.get(AccountsPath.users, use: listPage)
        pages.get(AccountsPath.user(.key), use: showPage)
        let manage = pages.grouped(RequirePermission(permission: .manageUsers))
        manage.get(AccountsPath.newUser, use: newPage)
        manage.post(AccountsPath.users, use: createFromForm)
        manage.post(AccountsPath.user(.key), use: updateFromForm)
        manage.post(AccountsPath.resetPassword(.key), use: resetPassword)
    }

    func bootAPI(routes: any RoutesBuilder) throws {
        routes.get(AccountsAPIPath.me, use: me)
        let api = routes.grouped(RequirePermission(permission: .viewUsers))
        api.get(AccountsAPIPath.users, use: list)
        api.get(AccountsAPIPath.user(.key), use: show)
        api.grouped(RequirePermission(permission: .manageUsers)).post(AccountsAPIPath.users, use: create)
    }

    // MARK: API

    @Sendable func me(req: Request) async throws -> UserDTO {
        let current = try req.currentUser
        guard let user = try await repository.find(current.userID, in: current.scope, on: req.db) else { throw VigilError.unauthorized }
        // The roles the call acts with (an integration token's come from its scopes) and the token's scopes.
        var me = try UserDTO(user, organisation: user.organisation)
        me.roles = current.roles
        me.scopes = current.tokenScopes?.scopes.map(\.description)
        return me
    }

    @Sendable func list(req: Request) async throws -> APIPage<UserDTO> {
        let current = try req.currentUser
        let page = try req.pageRequest()
        let rows = try await repository.list(in: current.scope, after: page.after, limit: page.limit + 1, on: req.db)
        return APIPage(rows: try rows.map { try UserDTO($0, organisation: $0.organisation) }, limit: page.limit) { $0.email }
    }

    @Sendable func show(req: Request) async throws -> UserDTO {
        let user = try await load(req)
        return try UserDTO(user, organisation: user.organisation)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let current = try req.currentUser
        let body = try req.decodeJSON(CreateUserRequest.self)
        let roles = try parseRoles(body.roles)
        let created = try await service.create(
            .init(email: body.email, displayName: body.displayName, organisationID: body.organisationId ?? current.organisationID,
                  roles: roles, password: nil),
            scope: current.scope, actor: .user(current, address: req.clientAddress), on: req.db)
        let dto = CreatedUserDTO(user: try UserDTO(created.user, organisation: created.user.organisation), oneTimePassword: created.oneTimePassword)
        return try await dto.encodeResponse(status: .created, for: req)
    }

    private func parseRoles(_ names: [String]) throws -> [Role] {
        do { return try Role.parseList(names.joined(separator: ",")) } catch {
            throw VigilError.invalid("roles", "validation.role_unknown", [error.unknown])
        }
    }

    // MARK: Pages

    @Sendable func listPage(req: Request) async throws -> Response {
        let current = try req.currentUser
        let page = try req.pageRequest()
        let rows = try await repository.list(in: current.scope, after: page.after, limit: page.limit + 1, on: req.db)
        let shown = rows.prefix(page.limit).map {
            ListPage.Row(id: $0.id!.uuidString.lowercased(), email: $0.email, displayName: $0.displayName, organisation: $0.organisation.name,
                         roles: $0.roles.map { req.t("role.\($0.rawValue)") }.joined(separator: ", "),
                         twoFactor: $0.totpEnabled, disabled: $0.disabledAt != nil, mustChangePassword: $0.mustChangePassword)
        }
        let next = rows.count > page.limit ? shown.last.map { PageRequest.encode($0.email) } : nil
        return try await req.renderPage("accounts/users", titleKey: "user.list.title",
                                        ListPage(rows: Array(shown), canManage: current.has(.manageUsers), nextCursor: next))
    }

    typealias Option = SelectOption

    private func roleOptions(_ req: Request, selected: Set<String>) -> [Option] {
        Role.allCases.map {
            Option(value: $0.rawValue, label: req.t("role.\($0.rawValue)"), selected: selected.contains($0.rawValue), hint: req.t("role.\($0.rawValue).does"))
        }
    }

    private func newPage(_ req: Request, form: FormState, roles: Set<String>, status: HTTPResponseStatus) async throws -> Response {
        let current = try req.currentUser
        let orgs = OrganisationLabels(try await organisations.all(in: current.scope, on: req.db)).options.map {
            Option(value: $0.id, label: $0.label, selected: form.values["organisation"] == $0.id)
        }
        return try await req.renderPage("accounts/user-new", titleKey: "user.new.title",
                                        FormPage(form: form, organisations: orgs, roles: roleOptions(req, selected: roles), oneTimePassword: nil, createdID: nil),
                                        status: status)
    }

    @Sendable func newPage(req: Request) async throws -> Response {
        let current = try req.currentUser
        return try await newPage(req, form: FormState(values: ["organisation": current.organisationID.uuidString.lowercased()]),
                                 roles: ["reporter"], status: .ok)
    }

    struct UserForm: Content {
        var email: String?
        var display_name: String
        var organisation: String?
        var roles: [String]?
        var disabled: String?
        var totp_required: String?
    }

    @Sendable func createFromForm(req: Request) async throws -> Response {
        let current = try req.currentUser
        let form = try req.content.decode(UserForm.self)
        let values = ["email": form.email ?? "", "display_name": form.display_name, "organisation": form.organisation ?? ""]
        do {
            guard let orgID = try InputValidation.uuid(form.organisation, field: "organisation") else {
                throw VigilError.invalid("organisation", "validation.required")
            }
            let created = try await service.create(
                .init(email: form.email ?? "", displayName: form.display_name, organisationID: orgID,
                      roles: try parseRoles(form.roles ?? []), password: nil),
                scope: current.scope, actor: .user(current, address: req.clientAddress), on: req.db)
            return try await req.renderPage(
                "accounts/user-new", titleKey: "user.new.title",
                FormPage(form: FormState(values: ["email": created.user.email]), organisations: [], roles: [],
                         oneTimePassword: created.oneTimePassword, createdID: created.user.id?.uuidString.lowercased()),
                status: .created)
        } catch let error as VigilError where error.field != nil {
            return try await newPage(req, form: .failed(error, values: values, request: req), roles: Set(form.roles ?? []), status: error.status)
        }
    }

    private func showPage(_ req: Request, user: UserRecord, form: FormState?, oneTimePassword: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let current = try req.currentUser
        let page = ShowPage(
            id: user.id!.uuidString.lowercased(), email: user.email, organisation: user.organisation.name, twoFactor: user.totpEnabled,
            disabled: user.disabledAt != nil, totpRequired: user.totpRequired, lastLogin: req.formDateTime(user.lastLoginAt),
            roles: roleOptions(req, selected: Set(user.roles.map(\.rawValue))), canManage: current.has(.manageUsers),
            oneTimePassword: oneTimePassword, form: form ?? FormState(values: ["display_name": user.displayName]))
        return try await req.renderPage("accounts/user", titleKey: "user.show.title", title: user.displayName, page, status: status)
    }

    @Sendable func showPage(req: Request) async throws -> Response {
        try await showPage(req, user: try await load(req), form: nil)
    }

    @Sendable func updateFromForm(req: Request) async throws -> Response {
        let current = try req.currentUser
        let user = try await load(req)
        let form = try req.content.decode(UserForm.self)
        do {
            let roles = try parseRoles(form.roles ?? [])
            if user.id == current.userID && !roles.contains(.admin) && current.has(.manageUsers) {
                // An administrator cannot lock themselves out of administration by accident.
                throw VigilError.invalid("roles", "validation.cannot_remove_own_admin")
            }
            let disabled = form.disabled == "on" || form.disabled == "true"
            if user.id == current.userID && disabled { throw VigilError.invalid("disabled", "validation.cannot_disable_self") }
            try await service.update(user, with: .init(displayName: form.display_name, roles: roles, disabled: disabled,
                                                       twoFactorRequired: form.totp_required == "on" || form.totp_required == "true"),
                                     actor: .user(current, address: req.clientAddress), on: req.db)
            return req.redirect(to: AccountsPath.user(.value(user.id!)).link(notice: "saved"))
        } catch let error as VigilError where error.field != nil {
            return try await showPage(req, user: user, form: .failed(error, values: ["display_name": form.display_name], request: req), status: error.status)
        }
    }

    @Sendable func resetPassword(req: Request) async throws -> Response {
        let current = try req.currentUser
        let user = try await load(req)
        let password = try await service.resetPassword(user, actor: .user(current, address: req.clientAddress), on: req.db)
        return try await showPage(req, user: user, form: nil, oneTimePassword: password)
    }

    private func load(_ req: Request) async throws -> UserRecord {
        let current = try req.currentUser
        guard let id = req.parameters.get("userID", as: UUID.self),
              let user = try await repository.find(id, in: current.scope, on: req.db),
              // Vigil's own user and integration tokens' users are in no list and never edited:
              // given a password and roles, one would be a sign-in nobody sees.
              !user.isSystem
        else { throw VigilError.notFound }
        return user
    }
}
