import Foundation

/// The compliance API's paths, under `/api/v1`.
enum ComplianceAPIPath: APIPath {
    case compliance, organisations, thresholds

    var relativePath: String {
        switch self {
        case .compliance: "/compliance"
        case .organisations: "/compliance/organisations"
        case .thresholds: "/compliance/thresholds"
        }
    }
}

/// The compliance pages (`TypedPath`).
enum ComplianceWebPath: TypedPath {
    /// An organisation as its leader sees it (`?org=ID` for one in the caller's scope).
    case agency
    /// The agencies under the caller side by side, and the same table as CSV.
    case agencies, agenciesExport

    var path: String {
        switch self {
        case .agency: "/compliance"
        case .agencies: "/compliance/agencies"
        case .agenciesExport: "/compliance/agencies.csv"
        }
    }
}
