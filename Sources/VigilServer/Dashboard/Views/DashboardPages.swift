import Vapor
import VigilCore

/// The view models `DashboardController` renders (templates in Resources/Views); they never query.
extension DashboardController {
    struct Page: Encodable, Sendable {
        struct Capability: Encodable, Sendable {
            let name: String
            let description: String
            let built: Bool
        }
        let organisationCount: Int
        let capabilities: [Capability]
    }
}
