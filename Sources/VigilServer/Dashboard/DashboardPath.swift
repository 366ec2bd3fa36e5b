/// The home page (`TypedPath`).
enum DashboardPath: TypedPath {
    case home
    var path: String { "/" }
}
