import Foundation

/// The roles of PRODUCT.md. A user holds one or more of them inside one organisation.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case reporter
    case responder
    case focalPoint = "focal_point"
    case leader
    case coordinator
    case admin

    /// Whether holding this role lets a user see the organisations below their own.
    /// Reporters and responders work inside their own organisation; the others consolidate
    /// (the seed: units report to the Office's focal point, who reports to the Board).
    public var seesSubtree: Bool {
        switch self {
        case .reporter, .responder: false
        case .focalPoint, .leader, .coordinator, .admin: true
        }
    }

    public var permissions: Set<Permission> {
        switch self {
        case .reporter: [.viewOrganisations, .reportIncidents]
        // Responders are the agency's IT staff: they keep the inventory as well as work incidents.
        case .responder:
            [.viewOrganisations, .reportIncidents, .viewIncidents, .handleIncidents, .commentIncidents, .viewAssets, .manageAssets,
             .viewVulnerabilities, .manageVulnerabilities, .viewDrills, .manageDrills]
        case .focalPoint:
            [.viewOrganisations, .viewUsers, .reportIncidents, .viewIncidents, .handleIncidents, .manageIncidents, .commentIncidents,
             .viewAssets, .manageAssets, .viewVulnerabilities, .manageVulnerabilities, .manageAdvisories, .managePlans, .manageAwareness, .manageContacts, .viewDrills, .manageDrills,
             .viewCompliance, .viewPeriodicReports, .managePeriodicReports, .manageWebhooks, .acknowledgeReports]
        case .leader: [.viewOrganisations, .viewUsers, .viewAudit, .reportIncidents, .viewIncidents, .commentIncidents, .viewAssets,
                       .viewVulnerabilities, .approvePlans, .viewDrills, .viewCompliance, .viewPeriodicReports, .managePeriodicReports,
                       .acknowledgeReports]
        // The provincial coordinator issues the authorities' warnings to the agencies below it.
        case .coordinator: [.viewOrganisations, .viewUsers, .reportIncidents, .viewIncidents, .commentIncidents, .viewAssets,
                            .viewVulnerabilities, .manageAdvisories, .viewDrills, .viewCompliance, .compareCompliance,
                            .viewPeriodicReports, .managePeriodicReports, .acknowledgeReports]
        // Administrators run the system, not the response: they report like everyone else, and
        // hold an incident role besides when they also work incidents.
        case .admin: [.viewOrganisations, .manageOrganisations, .viewUsers, .manageUsers, .viewAudit, .manageSettings, .reportIncidents,
                      .viewAssets, .manageAssets, .viewVulnerabilities, .manageContacts, .viewCompliance, .compareCompliance,
                      .viewPeriodicReports, .managePeriodicReports, .manageWebhooks, .manageFederation]
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses a list such as `"reporter,leader"`; unknown names are an error, not silently dropped.
    public static func parseList(_ text: String) throws(RoleParseError) -> [Role] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var roles: [Role] = []
        for name in names {
            guard let role = Role(rawValue: name) else { throw RoleParseError(unknown: name) }
            if !roles.contains(role) { roles.append(role) }
        }
        return roles.sorted()
    }

    public static func serialize(_ roles: [Role]) -> String {
        Set(roles).sorted().map(\.rawValue).joined(separator: ",")
    }
}

public struct RoleParseError: Error, Equatable, Sendable {
    public let unknown: String
}
