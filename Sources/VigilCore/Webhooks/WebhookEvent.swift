import Foundation

/// The events an organisation's webhooks may subscribe to (the API's contract: the names never change).
public enum WebhookEvent: String, CaseIterable, Codable, Sendable {
    case incidentReported = "incident.reported"
    case incidentClassified = "incident.classified"
    case incidentEscalated = "incident.escalated"
    case incidentNotified = "incident.notified"
    case incidentClosed = "incident.closed"
    case findingOverdue = "finding.overdue"
    case monitorAlert = "monitor.alert"
    case advisoryIssued = "advisory.issued"
    case planReviewDue = "plan.review_due"

    /// The event an audit entry announces, if any: events come from the audit trail, so that an
    /// event exists exactly when the change it reports was committed. `changes` is the entry's JSON
    /// (`{"status": {"from": "contained", "to": "closed"}}`): a transition is an event only when it closes.
    public static func announced(byAction action: String, changes: String) -> WebhookEvent? {
        switch action {
        case "incident.report": .incidentReported
        case "incident.classify": .incidentClassified
        case "incident.escalate": .incidentEscalated
        case "incident.record_notification": .incidentNotified
        case "incident.transition": closes(changes) ? .incidentClosed : nil
        case "finding.overdue": .findingOverdue
        case "monitor.down", "monitor.defaced": .monitorAlert
        case "advisory.create": .advisoryIssued
        case "plan.review_due": .planReviewDue
        default: nil
        }
    }

    private static func closes(_ changes: String) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(changes.utf8)) as? [String: Any],
              let status = object["status"] as? [String: Any] else { return false }
        return status["to"] as? String == "closed"
    }

    /// Parses a subscription's list; an unknown name is an error (`Problem.unknownEvent`), not dropped.
    public static func parseList(_ names: [String]) throws(WebhookProblem) -> [WebhookEvent] {
        var events: [WebhookEvent] = []
        for name in names {
            guard let event = WebhookEvent(rawValue: name.trimmingCharacters(in: .whitespaces)) else { throw .unknownEvent(name) }
            if !events.contains(event) { events.append(event) }
        }
        guard !events.isEmpty else { throw .noEvents }
        return allCases.filter(events.contains)
    }
}

/// What is wrong with a webhook's settings.
public enum WebhookProblem: Error, Equatable, Sendable {
    case invalidURL
    case unknownEvent(String)
    case noEvents
    /// The secret given is shorter than 16 or longer than 200 characters, or not printable ASCII.
    case invalidSecret
}

/// A webhook's target: an absolute `http` or `https` address with a host, no user name or
/// password in it, at most 2,000 characters. Where it may connect is `OutboundPolicy`'s to say.
public enum WebhookTarget {
    public static func parse(_ text: String) throws(WebhookProblem) -> URL {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 2000, !trimmed.contains(where: { $0.isWhitespace }),
              let components = URLComponents(string: trimmed),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty, components.user == nil, components.password == nil,
              components.fragment == nil, let url = components.url else { throw .invalidURL }
        return url
    }
}
