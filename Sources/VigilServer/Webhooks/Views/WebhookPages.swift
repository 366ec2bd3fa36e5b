import Vapor
import VigilCore

/// The view models `WebhookPageController` renders (templates in Resources/Views/webhooks); they never query.
enum WebhookPages {
    /// The webhook just made, with its secret: shown this once.
    struct Created: Encodable, Sendable {
        let id: String
        let url: String
        let secret: String
    }

    struct EventOption: Encodable, Sendable {
        let value: String
        let label: String
        let checked: Bool
    }

    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let url: String
            let events: String
            let organisation: String
            let createdAt: String
            let createdBy: String
        }

        let rows: [Row]
        let noRows: Bool
        let events: [EventOption]
        let form: FormState
        let created: Created?

        init(_ req: Request, rows: [(WebhookRecord, String)], form: FormState, chosen: Set<String>, created: Created?) {
            self.rows = rows.map { webhook, organisation in
                Row(id: webhook.id!.uuidString.lowercased(), url: webhook.url,
                    events: webhook.events.map { req.t("webhook.event.\($0.rawValue)") }.joined(separator: ", "), organisation: organisation,
                    createdAt: req.formDateTime(webhook.createdAt), createdBy: webhook.createdBy)
            }
            noRows = rows.isEmpty
            events = WebhookEvent.allCases.map {
                EventOption(value: $0.rawValue, label: req.t("webhook.event.\($0.rawValue)"), checked: chosen.contains($0.rawValue))
            }
            self.form = form
            self.created = created
        }
    }

    struct ShowPage: Encodable, Sendable {
        struct Attempt: Encodable, Sendable {
            let at: String
            let result: String
            let excerpt: String
            let millis: Int
        }

        struct Row: Encodable, Sendable {
            let id: String
            let eventID: String
            let event: String
            let createdAt: String
            let status: String
            let statusLabel: String
            let attempts: [Attempt]
            let attemptCount: Int
            let nextAttemptAt: String
            let result: String
            /// A call not yet tried is already on its way: nothing to send again.
            let canResend: Bool
        }

        let id: String
        let url: String
        let events: String
        let organisation: String
        let createdAt: String
        let createdBy: String
        let pending: Int
        let delivered: Int
        let failed: Int
        let rows: [Row]
        let noRows: Bool

        init(_ req: Request, webhook: WebhookRecord, organisation: String, counts: [WebhookDeliveryRecord.Status: Int],
             deliveries: [WebhookDeliveryRecord], attempts: [UUID: [WebhookAttemptRecord]]) {
            id = webhook.id!.uuidString.lowercased()
            url = webhook.url
            events = webhook.events.map { req.t("webhook.event.\($0.rawValue)") }.joined(separator: ", ")
            self.organisation = organisation
            createdAt = req.formDateTime(webhook.createdAt)
            createdBy = webhook.createdBy
            pending = counts[.pending] ?? 0
            delivered = counts[.delivered] ?? 0
            failed = counts[.failed] ?? 0
            rows = deliveries.map { delivery in
                Row(id: delivery.id!.uuidString.lowercased(), eventID: delivery.eventID.uuidString.lowercased(),
                    event: req.t("webhook.event.\(delivery.event)"), createdAt: req.formDateTime(delivery.createdAt), status: delivery.statusText,
                    statusLabel: req.t("webhook.status.\(delivery.statusText)"),
                    attempts: (attempts[delivery.id!] ?? []).map {
                        Attempt(at: req.formDateTime($0.at), result: Self.result(req, code: $0.statusCode, error: $0.error), excerpt: $0.excerpt, millis: $0.millis)
                    },
                    attemptCount: delivery.attempts,
                    nextAttemptAt: delivery.status == .pending && delivery.attempts > 0 ? req.formDateTime(delivery.nextAttemptAt) : "",
                    result: delivery.attempts == 0 ? "" : Self.result(req, code: delivery.lastStatusCode, error: delivery.lastError),
                    canResend: delivery.status != .pending || delivery.attempts > 0)
            }
            noRows = rows.isEmpty
        }

        /// An attempt's outcome in words: "HTTP 200", or why it failed.
        static func result(_ req: Request, code: Int?, error: String?) -> String {
            guard let error else { return code.map { "HTTP \($0)" } ?? "" }
            return req.t("webhook.error.\(error)", [code.map(String.init) ?? ""])
        }
    }
}
