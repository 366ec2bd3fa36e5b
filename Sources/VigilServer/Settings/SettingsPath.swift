/// The settings page (`TypedPath`); the rule data's own pages under `/settings/...` belong to
/// their capabilities (`IncidentsPath.taxonomy`, `VulnerabilitiesPath.knownExploited`, ...).
enum SettingsPath: TypedPath {
    case page
    var path: String { "/settings" }
}
