import Fluent
import Foundation
import VigilCore

/// The mail server's settings: from `VIGIL_SMTP_URL` when it is set (then the page shows them and
/// nobody changes them), otherwise the provincial administrator's, kept as one JSON setting
/// (`mail.smtp`: one read in the transaction of each notification) with the password sealed
/// (`MailSecretBox`).
struct MailSettingsStore: Sendable {
    static let key = "mail.smtp"

    let settings: SettingsStore
    let secrets: MailSecretBox
    /// From `VIGIL_SMTP_URL`.
    let configured: SMTPSettings?

    /// What is stored: the fields of the form, the password sealed.
    struct Stored: Codable, Sendable, Equatable {
        var host: String
        var port: Int
        var security: String
        var username: String
        var sealedPassword: String
        var fromAddress: String
        var fromName: String
        var siteAddress: String
    }

    var fromConfiguration: Bool { configured != nil }

    func stored(on db: any Database) async throws -> Stored? {
        guard let text = try await settings.value(Self.key, on: db) else { return nil }
        return try? JSONDecoder().decode(Stored.self, from: Data(text.utf8))
    }

    /// The settings in force, password opened; nil when mail is not set up.
    func current(on db: any Database) async throws -> SMTPSettings? {
        if let configured { return configured }
        guard let stored = try await stored(on: db) else { return nil }
        let password: String
        do {
            password = stored.sealedPassword.isEmpty ? "" : try secrets.open(stored.sealedPassword)
        } catch {
            throw SMTPClient.Failure.passwordUnreadable
        }
        guard case .success(let settings) = SMTPSettings.validated(
            host: stored.host, port: String(stored.port), security: stored.security, username: stored.username, password: password,
            fromAddress: stored.fromAddress, fromName: stored.fromName, siteAddress: stored.siteAddress)
        else { return nil }
        return settings
    }

    /// Whether messages are to be queued at all: mail is set up. (Nothing is queued before, so that
    /// setting it up later does not send months of old notifications.)
    func isEnabled(on db: any Database) async throws -> Bool {
        try await linking(on: db) != nil
    }

    /// What messages link to, when mail is set up (nil otherwise): one read, no password opened.
    struct Linking: Sendable {
        let siteAddress: String?
    }

    func linking(on db: any Database) async throws -> Linking? {
        if let configured { return Linking(siteAddress: configured.siteAddress) }
        guard let stored = try await stored(on: db) else { return nil }
        return Linking(siteAddress: stored.siteAddress.isEmpty ? nil : stored.siteAddress)
    }

    /// Saves the administrator's settings; an empty password keeps the one stored.
    func save(_ new: SMTPSettings, keepPassword: Bool, by user: CurrentUser, address: String?, on db: any Database) async throws {
        let old = try await stored(on: db)
        let sealed = keepPassword ? (old?.sealedPassword ?? "") : (new.password.isEmpty ? "" : try secrets.seal(new.password))
        let value = Stored(host: new.host, port: new.port, security: new.security.rawValue, username: new.username, sealedPassword: sealed,
                           fromAddress: new.from.address.description, fromName: new.from.name ?? "", siteAddress: new.siteAddress ?? "")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        let settings = self.settings
        try await db.change(by: .user(user, address: address)) { db, audit in
            try await settings.set(Self.key, to: text, on: db)
            var changes = AuditChanges()
            func compare(_ field: String, _ before: String?, _ after: String) {
                if before != after { changes.set("mail.\(field)", from: before, to: after) }
            }
            compare("host", old?.host, value.host)
            compare("port", old.map { String($0.port) }, String(value.port))
            compare("security", old?.security, value.security)
            compare("username", old?.username, value.username)
            compare("from_address", old?.fromAddress, value.fromAddress)
            compare("from_name", old?.fromName, value.fromName)
            compare("site_address", old?.siteAddress, value.siteAddress)
            // That the password changed, never the password.
            if old?.sealedPassword != value.sealedPassword { changes.set("mail.password", from: nil, to: "changed") }
            guard !changes.isEmpty else { return audit.noEntry() }
            audit.record(organisationID: nil, action: "settings.update", objectType: "settings", objectID: "mail", changes: changes)
        }
    }
}
