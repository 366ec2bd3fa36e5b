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
