import Fluent
import Foundation
import VigilCore

final class UserRecord: Model, @unchecked Sendable {
    static let schema = "users"

    // Managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?
    @OptionalField(key: "disabled_at") var disabledAt: Date?

    // Data
    /// Lower-cased; unique across Vigil because it is the login name.
    @Field(key: "email") var email: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    /// Comma-separated role codes (see `Role.serialize`).
    @Field(key: "roles") var rolesText: String
    @Field(key: "locale") var locale: String
    /// Set for one-time passwords: the user must choose a new one before anything else.
    @Field(key: "must_change_password") var mustChangePassword: Bool
    /// Base32 TOTP secret; set while enrolling and once enabled.
    @OptionalField(key: "totp_secret") var totpSecret: String?
    @Field(key: "totp_enabled") var totpEnabled: Bool
    /// An administrator requires two-factor login of this user.
    @Field(key: "totp_required") var totpRequired: Bool
    /// The last TOTP time step accepted, so that a code cannot be replayed.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?

    // Relations
    @Parent(key: "organisation_id") var organisation: OrganisationRecord
    /// Vigil itself (the reporter of what monitors find): never signs in, in no list.
    @Field(key: "is_system") var isSystem: Bool

    init() {}

    init(id: UUID = UUID(), email: String, displayName: String, passwordHash: String, roles: [Role],
         organisationID: UUID, mustChangePassword: Bool, locale: String = "vi") {
        self.id = id
        self.email = email.lowercased()
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.rolesText = Role.serialize(roles)
        self.$organisation.id = organisationID
        self.mustChangePassword = mustChangePassword
        self.locale = locale
        self.totpEnabled = false
        self.totpRequired = false
        self.isSystem = false
    }

    var roles: [Role] {
        get { (try? Role.parseList(rolesText)) ?? [] }
        set { rolesText = Role.serialize(newValue) }
    }
}
