import Vapor
import VigilCore

/// Says a rule's explanation in the user's language, codes included: the core's sentences carry
/// codes such as `high` or `service_interruption` as arguments, shown here by their labels.
enum ExplanationText {
    static func say(_ explanation: Explanation, _ req: Request) -> String {
        say(explanation, req.application.localizer, req.language)
    }

    static func say(_ explanation: Explanation, _ localizer: Localizer, _ language: UILanguage) -> String {
        var arguments = explanation.arguments
        func label(_ index: Int, _ prefix: String) {
            guard arguments.indices.contains(index) else { return }
            arguments[index] = arguments[index].split(separator: ",").map {
                localizer.text(prefix + $0.trimmingCharacters(in: .whitespaces), language)
            }.joined(separator: ", ")
        }
        switch explanation.key {
        case "severity.impact": label(0, "impact.")
        case "severity.points": label(1, "severity.level.")
        case "severity.data": label(0, "sensitivity.")
        case "serious.impacts_present": label(0, "serious_impact.")
        default: break
        }
        return localizer.text(explanation.key, language, arguments)
    }
}

/// Says one timeline event in words, for the incident page and the official reports.
enum TimelineText {
    static func say(_ event: IncidentEventRecord, _ localizer: Localizer, _ language: UILanguage) -> String {
        func t(_ key: String, _ arguments: [String] = []) -> String { localizer.text(key, language, arguments) }
        return switch event.kind {
        case "status": t("timeline.status", [t("status.\(event.fromStatus ?? "")"), t("status.\(event.toStatus ?? "")")])
        case "classified": t("timeline.classified", [t("scenario.\(event.note ?? "")"), t("severity.level.\(event.toStatus ?? "")")])
        default: t("timeline.\(event.kind)")
        }
    }

    /// The event's own note, when it says something the text above does not.
    static func note(_ event: IncidentEventRecord) -> String? {
        event.kind == "classified" ? nil : event.note
    }
}
