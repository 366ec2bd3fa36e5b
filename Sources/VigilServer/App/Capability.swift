import Vapor

/// One of Vigil's capabilities (accounts, incidents, assets, ...), as the application sees it: the
/// routes it registers and the periodic jobs it runs. Each capability folder has one
/// (`IncidentsCapability`, ...); `configure` only collects them (`VigilApplication.capabilities`).
/// A new capability copies one folder's pattern and adds one line there.
protocol Capability: Sendable {
    /// Registers the capability's routes, each in the group whose guards it needs.
    func boot(_ routes: CapabilityRoutes) throws
    /// The capability's periodic jobs (`serve` runs them through `JobScheduler`).
    var jobs: [PeriodicJob] { get }
    /// Its entries in the side navigation (`PageRenderer` shows them in `order`).
    var navigation: [NavigationEntry] { get }
}

extension Capability {
    var jobs: [PeriodicJob] { [] }
    var navigation: [NavigationEntry] { [] }
}

/// An entry a capability adds to the side navigation.
struct NavigationEntry: Sendable {
    enum Section: Sendable { case main, administration }

    let section: Section
    /// Its place in the section: smaller first.
    let order: Int
    let path: String
    let labelKey: String
    /// Whether the user sees the entry at all.
    var visible: @Sendable (CurrentUser) -> Bool = { _ in true }
    /// Whether it is a link for the user (shown greyed otherwise).
    var available: @Sendable (CurrentUser) -> Bool = { _ in true }
    /// Active on its own path only, not on the paths below it (the home page, the settings page).
    var exact = false
}

/// The route groups a capability registers in, by the guards they carry.
struct CapabilityRoutes {
    /// Browser routes open to anyone (sign-in, the language switch): the session is read and CSRF
    /// checked, nobody need be signed in.
    let browser: any RoutesBuilder
    /// Browser pages for a signed-in user who has changed the one-time password (and enrolled a
    /// second factor when required).
    let signedIn: any RoutesBuilder
    /// `/api/v1`, for a caller with a valid bearer token.
    let api: any RoutesBuilder
    /// No session, no token: agents' check-ins (their own enrolment tokens), health and metrics.
    let root: any RoutesBuilder
}
