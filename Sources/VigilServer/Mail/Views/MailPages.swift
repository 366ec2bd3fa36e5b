import Vapor
import VigilCore

/// The view models `MailController` renders (templates in Resources/Views/mail); they never query.
extension MailController {
    struct SettingsPage: Encodable, Sendable {
        struct Option: Encodable, Sendable {
            let value: String
            let label: String
            let selected: Bool
        }

        let host: String
        let port: String
        let securityOptions: [Option]
        let securityLabel: String
        let username: String
        let passwordSet: Bool
        let fromAddress: String
        let fromName: String
        let siteAddress: String
        let fromConfiguration: Bool
        let editable: Bool
        let form: FormState
        let testRecipient: String
        let testSent: Bool
        let testError: String?

        init(_ req: Request, stored: MailSettingsStore.Stored?, fromConfiguration: Bool, form: FormState, testRecipient: String,
             testSent: Bool, testError: String?) {
            func value(_ field: String, _ stored: String?) -> String { form.values[field] ?? stored ?? "" }
            host = value("host", stored?.host)
            port = value("port", stored.map { String($0.port) })
            let security = form.values["security"] ?? stored?.security ?? SMTPSecurity.starttls.rawValue
            securityOptions = SMTPSecurity.allCases.map {
                Option(value: $0.rawValue, label: req.t("mail.security.\($0.rawValue)"), selected: $0.rawValue == security)
            }
            securityLabel = req.t("mail.security.\(SMTPSecurity(rawValue: security)?.rawValue ?? "starttls")")
            username = value("username", stored?.username)
            passwordSet = stored?.sealedPassword.isEmpty == false
            fromAddress = value("from_address", stored?.fromAddress)
            fromName = value("from_name", stored?.fromName)
            siteAddress = value("site_address", stored?.siteAddress)
            self.fromConfiguration = fromConfiguration
            editable = !fromConfiguration
            self.form = form
            self.testRecipient = testRecipient
            self.testSent = testSent
            self.testError = testError
        }
    }

    struct OutboxPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let createdAt: String
            let recipient: String
            let subject: String
            let status: String
            let statusLabel: String
            let attempts: Int
            let nextAttemptAt: String
            let sentAt: String
            let error: String?
            let canRetry: Bool
        }

        let rows: [Row]
        let noRows: Bool
        let queued: Int
        let sent: Int
        let failed: Int

        init(_ req: Request, records: [MailOutboxRecord], counts: [MailOutboxRecord.Status: Int]) {
            rows = records.map { record in
                let error = record.lastErrorCode.map { req.t("mail.error.\($0)", [record.lastError ?? ""]) }
                return Row(id: record.id?.uuidString.lowercased() ?? "", createdAt: req.formDateTime(record.createdAt), recipient: record.recipient,
                           subject: record.subject, status: record.statusText, statusLabel: req.t("mail.status.\(record.statusText)"),
                           attempts: record.attempts, nextAttemptAt: record.status == .queued ? req.formDateTime(record.nextAttemptAt) : "",
                           sentAt: req.formDateTime(record.sentAt), error: error, canRetry: record.status != .sent)
            }
            noRows = rows.isEmpty
            queued = counts[.queued] ?? 0
            sent = counts[.sent] ?? 0
            failed = counts[.failed] ?? 0
        }
    }
}
