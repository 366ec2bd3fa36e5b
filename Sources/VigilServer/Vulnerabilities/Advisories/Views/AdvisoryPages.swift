import Foundation
import Vapor
import VigilCore

/// The view models `AdvisoryPageController` renders (templates in Resources/Views); they never query.
extension AdvisoryPageController {
    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let reference: String
            let title: String
            let issuer: String
            let issuedOn: String
            let deadline: String
            let cves: String
            let affectedHosts: Int
            let tasksDone: Int
            let tasks: Int
            let overdue: Bool
        }
        struct Task: Encodable, Sendable {
            let advisoryID: String
            let reference: String
            let title: String
            let organisation: String
            let deadline: String
            let status: String
            let statusLabel: String
            let affectedHosts: Int
            let overdue: Bool
        }
        let rows: [Row]
        let noRows: Bool
        let tasks: [Task]
        let hasTasks: Bool
        let canRecord: Bool
        let q: String
        let cve: String
        /// The next page's address, keeping the search and `org` (nil on the last page).
        let nextLink: String?
    }

    struct FormPage: Encodable, Sendable {
        let id: String?
        let organisations: [SelectOption]
        let form: FormState
    }

    struct ImportPage: Encodable, Sendable {
        let organisations: [SelectOption]
        let errors: [String]
        let hasErrors: Bool
        let text: String
        let columns: String
    }

    struct ShowPage: Encodable, Sendable {
        struct Task: Encodable, Sendable {
            let task: AdvisoryDTO.Task
            let statusLabel: String
            let statuses: [SelectOption]
            let events: [String]
            // Leaf treats an empty text or list as true: the view asks these instead.
            let hasNote: Bool
            let hasSystems: Bool
            let hasHosts: Bool
            let hasEvents: Bool
            /// Hosts beyond the first `shownHosts`, counted but not listed (the API lists them all).
            let moreHosts: Int
        }

        static let shownHosts = 100
        let advisory: AdvisoryDTO
        let issuedOn: String
        let deadline: String
        let matchedAt: String
        let products: [String]
        let tasks: [Task]
        let noTasks: Bool
        let hasAction: Bool
        let canEdit: Bool
        let canWork: Bool
    }
}
