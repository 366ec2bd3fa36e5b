import Vapor
import VigilCore

/// Says a rule's explanation in the user's language, codes included: the core's sentences carry
/// codes such as `high` or `service_interruption` as arguments, shown here by their labels.
enum ExplanationText {
    static func say(_ explanation: Explanation, _ req: Request) -> String {
        var arguments = explanation.arguments
        func label(_ index: Int, _ prefix: String) {
            guard arguments.indices.contains(index) else { return }
            arguments[index] = arguments[index].split(separator: ",").map {
                req.t(prefix + $0.trimmingCharacters(in: .whitespaces))
            }.joined(separator: ", ")
        }
        switch explanation.key {
        case "severity.impact": label(0, "impact.")
        case "severity.points": label(1, "severity.level.")
        case "severity.data": label(0, "sensitivity.")
        case "serious.impacts_present": label(0, "serious_impact.")
        default: break
        }
        return req.t(explanation.key, arguments)
    }
}
