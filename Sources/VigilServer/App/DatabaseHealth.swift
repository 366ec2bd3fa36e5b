import Fluent
import SQLKit

extension Database {
    /// One round trip to the database (`/healthz`).
    func ping() async throws {
        try await (self as! any SQLDatabase).raw("SELECT 1").run()
    }
}
