import Fluent
import Foundation

/// An administrator's setting, e.g. whether two-factor login is required of everybody.
final class SettingRecord: Model, @unchecked Sendable {
    static let schema = "settings"

    @ID(custom: "key", generatedBy: .user) var id: String?
    @Field(key: "value") var value: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(key: String, value: String) {
        self.id = key
        self.value = value
    }
}
