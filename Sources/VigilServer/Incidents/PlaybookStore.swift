import Fluent
import Foundation
import VigilCore

/// The playbooks in force: the newest stored version of each scenario, else Vigil's default.
struct PlaybookStore: Sendable {
    func current(for scenario: Scenario, on db: any Database) async throws -> Playbook {
        if let stored = try await PlaybookRecord.query(on: db).filter(\.$scenario == scenario.rawValue)
            .sort(\.$version, .descending).first(),
           let data = stored.body.data(using: .utf8),
           let playbook = try? JSONDecoder().decode(Playbook.self, from: data) {
            return playbook
        }
        return DefaultPlaybooks.playbook(for: scenario)
    }
}
