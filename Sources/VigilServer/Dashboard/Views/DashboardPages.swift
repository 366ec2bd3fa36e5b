import Vapor
import VigilCore

/// The view models `DashboardController` renders (templates in Resources/Views); they never query.
extension DashboardController {
    struct Page: Encodable, Sendable {
        struct Step: Encodable, Sendable {
            let title: String
            let hint: String
            /// The roles that can do it, named.
            let roles: String
            let done: Bool
            /// Where to do it, when the user can.
            let link: String?
        }

        struct Figure: Encodable, Sendable {
            let label: String
            let value: String
            let link: String
            /// Shown as needing attention.
            let alert: Bool
        }

        let showSteps: Bool
        let steps: [Step]
        let stepsDone: Int
        let figures: [Figure]
        let organisation: String
        var stepCount: Int { steps.count }
        var hasFigures: Bool { !figures.isEmpty }

        enum CodingKeys: String, CodingKey { case showSteps, steps, stepsDone, figures, organisation, stepCount, hasFigures }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(showSteps, forKey: .showSteps)
            try container.encode(steps, forKey: .steps)
            try container.encode(stepsDone, forKey: .stepsDone)
            try container.encode(figures, forKey: .figures)
            try container.encode(organisation, forKey: .organisation)
            try container.encode(stepCount, forKey: .stepCount)
            try container.encode(hasFigures, forKey: .hasFigures)
        }
    }
}
