/// What a role may do, independent of which organisation it is done in.
/// Organisation scoping is decided separately by `AccessScope`.
public enum Permission: String, CaseIterable, Codable, Sendable {
    case viewOrganisations
    case manageOrganisations
    case viewUsers
    case manageUsers
    case viewAudit
    case manageSettings
}
