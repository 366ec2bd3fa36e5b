import Vapor
import VigilCore

/// The view models `HostFormController` renders (templates in Resources/Views); they never query.
extension HostFormController {
    struct FormPage: Encodable, Sendable {
        struct SystemChoice: Encodable, Sendable {
            let id: String
            let label: String
            let checked: Bool
        }
        let id: String?
        let hostname: String
        let organisations: [SelectOption]
        let roles: [SelectOption]
        let criticalities: [SelectOption]
        let systems: [SystemChoice]
        let hasSystems: Bool
        /// An agent reports this host's anti-malware state: the form does not change it.
        let reportedByAgent: Bool
        let form: FormState
    }
}
