import Vapor
import VigilCore

/// The view models `CoverageController` renders (templates in Resources/Views); they never query.
extension CoverageController {
    struct Page: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let name: String
            let depth: Int
            let total: Int
            let protected: Int
            let percent: String
            let bar: Int
            let complete: Bool
            let selected: Bool
        }
        struct Reason: Encodable, Sendable {
            let label: String
            let hosts: Int
        }
        struct Host: Encodable, Sendable {
            let hostname: String
            let organisation: String
            let status: String
            let reason: String
            let lastReport: String
        }
        let organisation: String
        let total: Int
        let protected: Int
        let percent: String
        let complete: Bool
        let empty: Bool
        let rows: [Row]
        let reasons: [Reason]
        let hasReasons: Bool
        let hosts: [Host]
        let hasHosts: Bool
        let moreHosts: Bool
        let chart: String
        let policy: String
    }
}
