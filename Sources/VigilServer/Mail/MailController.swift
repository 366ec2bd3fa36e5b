import Vapor
import VigilCore

/// `/settings/mail`: the mail server's settings, a test message, and the outbox. Mail reaches
/// every organisation's people, so only an administrator of the province sees or changes it.
struct MailController: RouteCollection, Sendable {
    let settings: MailSettingsStore
    let outbox: MailOutbox
    let client: SMTPClient

    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequirePermission(permission: .manageSettings))
        admin.get(MailPath.settings, use: page)
        admin.post(MailPath.settings, use: save)
        admin.post(MailPath.test, use: test)
        admin.get(MailPath.outbox, use: outboxPage)
        admin.post(MailPath.retry, use: retry)
    }

    private func rootAdmin(_ req: Request) throws -> CurrentUser {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        return user
    }

    struct Form: Content {
        var host: String?
        var port: String?
        var security: String?
        var username: String?
        var password: String?
        var from_address: String?
        var from_name: String?
        var site_address: String?

        var values: [String: String] {
            ["host": host ?? "", "port": port ?? "", "security": security ?? "", "username": username ?? "",
             "from_address": from_address ?? "", "from_name": from_name ?? "", "site_address": site_address ?? ""]
        }
    }

    private func render(_ req: Request, form: FormState = FormState(), test: TestState = TestState(),
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try rootAdmin(req)
        let shown: MailSettingsStore.Stored?
        if let configured = settings.configured {
            shown = .init(host: configured.host, port: configured.port, security: configured.security.rawValue, username: configured.username,
                          sealedPassword: configured.password.isEmpty ? "" : "set", fromAddress: configured.from.address.description,
                          fromName: configured.from.name ?? "", siteAddress: configured.siteAddress ?? "")
        } else {
            shown = try await settings.stored(on: req.db)
        }
        let page = SettingsPage(req, stored: shown, fromConfiguration: settings.fromConfiguration, form: form,
                                testRecipient: test.recipient ?? user.email, testSent: test.sent, testError: test.error)
        return try await req.renderPage("mail/settings", titleKey: "mail.settings.title", page, status: status)
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req)
    }

    @Sendable func save(req: Request) async throws -> Response {
        let user = try rootAdmin(req)
        guard !settings.fromConfiguration else {
            return try await render(req, form: .failed(VigilError.invalid("host", "mail.error.from_configuration"), values: [:], request: req),
                                    status: .conflict)
        }
        let form = try req.content.decode(Form.self)
        let password = form.password ?? ""
        let stored = try await settings.stored(on: req.db)
        let result = SMTPSettings.validated(host: form.host ?? "", port: form.port ?? "", security: form.security ?? "",
                                            username: form.username ?? "", password: password, fromAddress: form.from_address ?? "",
                                            fromName: form.from_name ?? "", siteAddress: form.site_address ?? "")
        switch result {
        case .failure(let problems):
            var errors = FieldProblems()
            for problem in problems.all { errors.add(Self.error(problem)) }
            do { try errors.throwIfAny() } catch let error as VigilError {
                return try await render(req, form: .failed(error, values: form.values, request: req), status: .unprocessableEntity)
            }
            throw VigilError.internal
        case .success(let new):
            // An empty password keeps the stored one, unless the user name was cleared.
            let keep = password.isEmpty && !new.username.isEmpty && stored?.sealedPassword.isEmpty == false
            try await settings.save(new, keepPassword: keep, by: user, address: req.clientAddress, on: req.db)
            return req.redirect(to: MailPath.settings.link(notice: "saved"))
        }
    }

    static func error(_ problem: SMTPSettings.Problem) -> VigilError {
        switch problem.kind {
        case .required: VigilError.invalid(problem.field, "validation.required")
        case .tooLong: VigilError.invalid(problem.field, "validation.too_long", ["200"])
        case .invalid: VigilError.invalid(problem.field, "mail.error.field.\(problem.field)")
        }
    }

    struct TestState {
        var recipient: String?
        var sent = false
        var error: String?
    }

    struct TestForm: Content {
        var recipient: String?
    }

    /// Sends a test message now, with the saved settings, and says what happened: the one place a
    /// request waits for the mail server (at most the steps' deadlines), because the administrator
    /// asked to see the answer.
    @Sendable func test(req: Request) async throws -> Response {
        _ = try rootAdmin(req)
        let raw = try req.content.decode(TestForm.self).recipient ?? ""
        guard let recipient = try? MailAddress(raw) else {
            let key = raw.trimmingCharacters(in: .whitespaces).isEmpty ? "validation.required" : "mail.error.field.recipient"
            return try await render(req, form: .failed(VigilError.invalid("recipient", key), values: [:], request: req),
                                    test: TestState(recipient: raw), status: .unprocessableEntity)
        }
        do {
            guard let smtp = try await settings.current(on: req.db) else { throw SMTPClient.Failure.notConfigured }
            let message = MailMessage(from: smtp.from, to: recipient, subject: req.t("mail.test.subject"), body: req.t("mail.test.body"),
                                      date: Date(), messageID: UUID().uuidString.lowercased())
            try await client.send(message, with: smtp)
        } catch {
            let failure = SMTPClient.Failure.from(error)
            req.logger.warning("test message not sent", metadata: ["error": "\(failure.code)", "detail": "\(failure.detail)"])
            return try await render(req, test: TestState(recipient: recipient.description, error: Self.describe(failure, req)),
                                    status: .unprocessableEntity)
        }
        return try await render(req, test: TestState(recipient: recipient.description, sent: true))
    }

    /// The failure in the reader's language, with the server's own words where it gave some.
    static func describe(_ failure: SMTPClient.Failure, _ req: Request) -> String {
        req.t("mail.error.\(failure.code)", [failure.detail])
    }

    @Sendable func outboxPage(req: Request) async throws -> Response {
        _ = try rootAdmin(req)
        let records = try await outbox.recent(limit: 200, on: req.db)
        let counts = try await outbox.counts(on: req.db)
        return try await req.renderPage("mail/outbox", titleKey: "mail.outbox.title", OutboxPage(req, records: records, counts: counts))
    }

    struct RetryForm: Content {
        var id: String?
    }

    @Sendable func retry(req: Request) async throws -> Response {
        let user = try rootAdmin(req)
        guard let id = try InputValidation.uuid(try req.content.decode(RetryForm.self).id, field: "id") else {
            throw VigilError.invalid("id", "validation.required")
        }
        guard try await outbox.retryNow(id, by: user, address: req.clientAddress, on: req.db, now: Date()) else { throw VigilError.notFound }
        return req.redirect(to: MailPath.outbox.link(notice: "mail_queued"))
    }
}
