import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

@Suite("Mail settings: who may, what is checked, VIGIL_SMTP_URL")
struct MailSettingsTests {
    @Test("only the province's administrator sees or changes the mail settings and the outbox")
    func access() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            for key in ["admin", "b_admin", "focal_point", "reporter", "root_coordinator"] {
                let session = try await app.signIn(fixtures.user(key))
                #expect(try await app.get("/settings/mail", headers: session.headers).status == .forbidden, "\(key)")
                #expect(try await app.get("/settings/mail/outbox", headers: session.headers).status == .forbidden, "\(key)")
                #expect(try await app.post("/settings/mail", session: session, form: ["host": "mail.example.gov.vn"]).status == .forbidden, "\(key)")
            }
            #expect(try await app.get("/settings/mail").status == .seeOther)
            let admin = try await app.signIn(fixtures.user("root_admin"))
            let page = try await app.get("/settings/mail", headers: admin.headers)
            #expect(page.status == .ok && page.text.contains("Máy chủ thư") && page.text.contains("root-admin@example.gov.vn"))
            #expect(try await app.get("/settings/mail/outbox", headers: admin.headers).text.contains("Chưa có thư nào"))
        }
    }

    @Test("bad fields: 422 naming each, nothing stored; a blank password keeps the stored one")
    func validation() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            let admin = try await app.signIn(fixtures.user("root_admin"))
            let bad = try await app.post("/settings/mail", session: admin, form: [
                "host": "mail server", "port": "99999", "security": "starttls", "from_address": "vigil@", "site_address": "vigil.example"])
            #expect(bad.status == .unprocessableEntity)
            for text in ["Nhập tên máy chủ", "Nhập cổng từ 1 đến 65535", "Nhập địa chỉ dạng vigil@example.gov.vn", "Nhập địa chỉ bắt đầu bằng https://"] {
                #expect(bad.text.contains(text), "\(text)")
            }
            #expect(try await app.vigilServices.settings.value(MailSettingsStore.key, on: app.db) == nil)

            let form = ["host": "mail.example.gov.vn", "port": "", "security": "starttls", "username": "vigil", "password": "first",
                        "from_address": "vigil@example.gov.vn", "from_name": "", "site_address": ""]
            #expect(try await app.post("/settings/mail", session: admin, form: form).status == .seeOther)
            var changed = form
            changed["password"] = ""
            changed["from_name"] = "Vigil"
            #expect(try await app.post("/settings/mail", session: admin, form: changed).status == .seeOther)
            let current = try #require(try await app.vigilServices.mailSettings.current(on: app.db))
            #expect(current.password == "first" && current.port == 587 && current.from.name == "Vigil")
            let entries = try await AuditEntryRecord.query(on: app.db).filter(\.$action == "settings.update").all()
            #expect(entries.count == 2)
            #expect(!entries.contains { $0.changes.contains("first") }, "the password never reaches the audit trail")
        }
    }

    @Test("VIGIL_SMTP_URL is read at start-up; a bad one stops it, naming the variable and not the password")
    func smtpURL() throws {
        var env = ["VIGIL_DATA_DIR": "/tmp/vigil-mail-config", "VIGIL_SMTP_URL": "smtp+starttls://vigil:s3cret@mail.example.gov.vn:2587?from=vigil@example.gov.vn&name=Vigil"]
        let config = try AppConfig.fromEnvironment(env)
        let smtp = try #require(config.smtp)
        #expect(smtp.host == "mail.example.gov.vn" && smtp.port == 2587 && smtp.security == .starttls && smtp.password == "s3cret")
        env["VIGIL_SMTP_URL"] = "smtp+starttls://vigil:s3cret@mail.example.gov.vn"
        do {
            _ = try AppConfig.fromEnvironment(env)
            Issue.record("a URL without from was accepted")
        } catch let error as AppConfig.ConfigError {
            #expect(error.variable == "VIGIL_SMTP_URL")
            #expect(error.problem.contains("from_address") && !error.description.contains("s3cret"))
        }
        env["VIGIL_SMTP_URL"] = nil
        env["VIGIL_SMTP_TIMEOUT_SECONDS"] = "0"
        #expect(throws: AppConfig.ConfigError.self) { try AppConfig.fromEnvironment(env) }
    }

    @Test("settings from VIGIL_SMTP_URL are shown read-only and cannot be changed on the page")
    func fromConfiguration() async throws {
        let smtp = try SMTPSettings.parse(url: "smtps://vigil:s3cret@mail.example.gov.vn?from=vigil@example.gov.vn").get()
        try await withVigilApp(configure: { $0.smtp = smtp }) { app in
            let fixtures = try await Fixtures.make(app)
            let admin = try await app.signIn(fixtures.user("root_admin"))
            let page = try await app.get("/settings/mail", headers: admin.headers)
            #expect(page.text.contains("VIGIL_SMTP_URL") && page.text.contains("mail.example.gov.vn") && page.text.contains("readonly"))
            #expect(!page.text.contains("s3cret"))
            let post = try await app.post("/settings/mail", session: admin, form: ["host": "other.example.gov.vn", "from_address": "a@example.gov.vn"])
            #expect(post.status == .conflict)
            #expect(try await app.vigilServices.settings.value(MailSettingsStore.key, on: app.db) == nil)
            #expect(try await app.vigilServices.mailSettings.current(on: app.db) == smtp)
        }
    }
}
