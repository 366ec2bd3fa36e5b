import Foundation
import VigilCore

extension VigilOperations {
    /// `vigil demo`: the demo province in an empty database (`DemoSeeder`). Refused, with what the
    /// database holds, when it is not empty.
    public func demo(seed: UInt64) async throws -> DemoSummary {
        do {
            return try await DemoSeeder(app: app, seed: seed).run()
        } catch let refused as DemoSeeder.NotEmpty {
            throw Failure("refused: the database already holds data (\(refused.kinds.joined(separator: ", "))); "
                          + "vigil demo fills an empty data folder or database only")
        } catch let error as VigilError {
            // A service refused the demo's own input: a bug in the demo, named in English for the terminal.
            throw Failure("the demo stopped: \(error.field.map { "\($0): " } ?? "")\(app.localizer.text(error.messageKey, .en, error.arguments))")
        }
    }
}
