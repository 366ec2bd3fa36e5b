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

        /// A row of a role's panel: one of my reports, one of my tasks.
        struct Item: Encodable, Sendable {
            let title: String
            let detail: String
            let when: String
            let link: String
            /// Overdue.
            let alert: Bool
        }

        let showSteps: Bool
        let steps: [Step]
        let stepsDone: Int
        let figures: [Figure]
        let organisation: String
        let reports: [Item]
        let tasks: [Item]
        /// The agency's compliance tiles (the compliance template's `page.tiles`).
        let tiles: [CompliancePages.Tile]
        let province: DashboardPanels.Province?
        /// The user reports but does not see the incidents list: their reports are here.
        let showReports: Bool
        /// The user handles incidents: their tasks are here, or the word that there are none.
        let showTasks: Bool

        enum CodingKeys: String, CodingKey {
            case showSteps, steps, stepsDone, figures, organisation, stepCount, hasFigures, reports, hasReports, tasks, hasTasks, tiles, hasTiles
            case province, showReports, showTasks
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(showSteps, forKey: .showSteps)
            try container.encode(steps, forKey: .steps)
            try container.encode(stepsDone, forKey: .stepsDone)
            try container.encode(figures, forKey: .figures)
            try container.encode(organisation, forKey: .organisation)
            try container.encode(steps.count, forKey: .stepCount)
            try container.encode(!figures.isEmpty, forKey: .hasFigures)
            try container.encode(reports, forKey: .reports)
            try container.encode(!reports.isEmpty, forKey: .hasReports)
            try container.encode(tasks, forKey: .tasks)
            try container.encode(!tasks.isEmpty, forKey: .hasTasks)
            try container.encode(tiles, forKey: .tiles)
            try container.encode(!tiles.isEmpty, forKey: .hasTiles)
            try container.encodeIfPresent(province, forKey: .province)
            try container.encode(showReports, forKey: .showReports)
            try container.encode(showTasks, forKey: .showTasks)
        }
    }
}
