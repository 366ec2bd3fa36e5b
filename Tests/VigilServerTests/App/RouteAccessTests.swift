import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// What each route needs, for every route the router has: a route missing from `expectations`
/// fails the test, so a new route cannot be forgotten. `AccessMatrixTests` calls every route with
/// these expectations, as every role of two agencies and the coordinator above them.
@Suite("Route access")
struct RouteAccessTests {
    enum Access {
        /// Anyone, signed in or not.
        case open
        /// Any signed-in user.
        case signedIn
        /// A signed-in user whose role grants the permission.
        case permission(Permission)
        /// An administrator of a top-level organisation.
        case rootAdmin
        /// Agents with an organisation's enrolment token: no user may call it (401 for all).
        case enrolmentToken
    }

    static let expectations: [String: Access] = [
        "GET /healthz": .open,
        "GET /metrics": .open,
        "GET /login": .open,
        "POST /login": .open,
        "GET /login/two-factor": .open,
        "POST /login/two-factor": .open,
        "POST /logout": .open,
        "GET /": .signedIn,
        "GET /account": .signedIn,
        "GET /account/password": .signedIn,
        "POST /account/password": .signedIn,
        "GET /account/two-factor": .signedIn,
        "POST /account/two-factor/enable": .signedIn,
        "POST /account/two-factor/disable": .signedIn,
        "GET /account/tokens": .signedIn,
        "POST /account/tokens": .signedIn,
        "POST /account/tokens/:tokenID/revoke": .signedIn,
        "POST /account/sessions/end-all": .signedIn,
        "POST /language": .open,
        "GET /organisations": .permission(.viewOrganisations),
        "GET /organisations/new": .permission(.manageOrganisations),
        "POST /organisations": .permission(.manageOrganisations),
        "GET /organisations/:orgID": .permission(.viewOrganisations),
        "POST /organisations/:orgID": .permission(.manageOrganisations),
        "GET /users": .permission(.viewUsers),
        "GET /users/new": .permission(.manageUsers),
        "POST /users": .permission(.manageUsers),
        "GET /users/:userID": .permission(.viewUsers),
        "POST /users/:userID": .permission(.manageUsers),
        "POST /users/:userID/reset-password": .permission(.manageUsers),
        "GET /audit": .permission(.viewAudit),
        "GET /settings": .permission(.manageSettings),
        "POST /settings": .rootAdmin,
        "GET /api/v1/me": .signedIn,
        "GET /api/v1/users": .permission(.viewUsers),
        "GET /api/v1/users/:userID": .permission(.viewUsers),
        "POST /api/v1/users": .permission(.manageUsers),
        "GET /api/v1/organisations": .permission(.viewOrganisations),
        "GET /api/v1/organisations/:orgID": .permission(.viewOrganisations),
        "POST /api/v1/organisations": .permission(.manageOrganisations),
        "GET /api/v1/audit": .permission(.viewAudit),
        "GET /api/v1/tokens": .signedIn,
        "POST /api/v1/tokens": .signedIn,
        "DELETE /api/v1/tokens/:tokenID": .signedIn,
        "GET /incidents": .signedIn,
        "GET /incidents/criteria": .signedIn,
        "POST /incidents/:incidentID/disposition": .permission(.manageIncidents),
        "POST /api/v1/incidents/:incidentID/disposition": .permission(.manageIncidents),
        "GET /incidents/export.csv": .signedIn,
        "GET /incidents/new": .permission(.reportIncidents),
        "POST /incidents": .permission(.reportIncidents),
        "GET /incidents/:incidentID": .signedIn,
        "POST /incidents/:incidentID/classify": .permission(.handleIncidents),
        "POST /incidents/:incidentID/transition": .permission(.handleIncidents),
        "POST /incidents/:incidentID/indicators": .permission(.handleIncidents),
        "POST /incidents/:incidentID/comments": .permission(.commentIncidents),
        "GET /notifications": .signedIn,
        "POST /notifications/read": .signedIn,
        "POST /notifications/:notificationID/open": .signedIn,
        "POST /api/v1/incidents": .permission(.reportIncidents),
        "POST /incidents/:incidentID/tasks/:taskID": .permission(.handleIncidents),
        "POST /incidents/:incidentID/escalate": .permission(.handleIncidents),
        "POST /incidents/:incidentID/notification": .permission(.handleIncidents),
        "POST /incidents/:incidentID/assign": .permission(.manageIncidents),
        "POST /incidents/:incidentID/severity": .permission(.manageIncidents),
        "POST /api/v1/incidents/:incidentID/tasks/:taskID": .permission(.handleIncidents),
        "POST /api/v1/incidents/:incidentID/escalate": .permission(.handleIncidents),
        "POST /api/v1/incidents/:incidentID/notification": .permission(.handleIncidents),
        "POST /api/v1/incidents/:incidentID/assign": .permission(.manageIncidents),
        "POST /api/v1/incidents/:incidentID/severity": .permission(.manageIncidents),
        "GET /api/v1/incidents/:incidentID/tasks": .signedIn,
        "GET /api/v1/incidents": .signedIn,
        "GET /api/v1/incidents/:incidentID": .signedIn,
        "POST /api/v1/incidents/:incidentID/classify": .permission(.handleIncidents),
        "POST /api/v1/incidents/:incidentID/transition": .permission(.handleIncidents),
        "POST /api/v1/incidents/:incidentID/indicators": .permission(.handleIncidents),
        "GET /api/v1/incidents/:incidentID/indicators": .signedIn,
        "POST /api/v1/indicators/extract": .signedIn,
        "GET /incidents/:incidentID/evidence/:evidenceID": .signedIn,
        "POST /incidents/:incidentID/evidence": .permission(.commentIncidents),
        "GET /api/v1/incidents/:incidentID/evidence": .signedIn,
        "GET /api/v1/incidents/:incidentID/evidence/:evidenceID": .signedIn,
        "POST /api/v1/incidents/:incidentID/evidence": .permission(.commentIncidents),
        "GET /incidents/:incidentID/reports/:file": .signedIn,
        "GET /incidents/:incidentID/reports/issued/:reportID": .signedIn,
        "POST /incidents/:incidentID/reports/:kind/issue": .permission(.handleIncidents),
        "GET /api/v1/incidents/:incidentID/reports": .signedIn,
        "GET /api/v1/incidents/:incidentID/reports/:file": .signedIn,
        "GET /api/v1/incidents/:incidentID/reports/issued/:reportID": .signedIn,
        "POST /api/v1/incidents/:incidentID/reports/:kind/issue": .permission(.handleIncidents),
        "GET /settings/report-templates": .permission(.manageSettings),
        "POST /settings/report-templates/:kind": .rootAdmin,
        "GET /incidents/playbooks": .permission(.viewIncidents),
        "POST /incidents/criteria/reporting": .rootAdmin,
        "POST /incidents/criteria/severity": .rootAdmin,
        "GET /settings/taxonomy": .permission(.manageSettings),
        "POST /settings/taxonomy": .rootAdmin,
        "POST /settings/taxonomy/:subID/retire": .rootAdmin,
        "GET /api/v1/taxonomy": .signedIn,
        "GET /settings/reporting-bodies": .permission(.manageSettings),
        "POST /settings/reporting-bodies": .rootAdmin,
        "POST /settings/reporting-bodies/:bodyID/retire": .rootAdmin,
        "POST /api/v1/checkins": .enrolmentToken,
        "GET /assets/coverage": .permission(.viewAssets),
        "GET /api/v1/coverage": .permission(.viewAssets),
        "GET /assets/enrolment": .permission(.manageAssets),
        "GET /assets": .permission(.viewAssets),
        "GET /assets/systems": .permission(.viewAssets),
        "GET /assets/suppliers": .permission(.viewAssets),
        "GET /assets/suppliers/:supplierID": .permission(.viewAssets),
        "GET /assets/suppliers/new": .permission(.manageAssets),
        "POST /assets/suppliers": .permission(.manageAssets),
        "POST /assets/suppliers/:supplierID": .permission(.manageAssets),
        "POST /assets/suppliers/:supplierID/contracts": .permission(.manageAssets),
        "POST /assets/suppliers/:supplierID/dependencies": .permission(.manageAssets),
        "POST /assets/suppliers/:supplierID/contracts/:contractID": .permission(.manageAssets),
        "POST /assets/suppliers/:supplierID/contracts/:contractID/remove": .permission(.manageAssets),
        "POST /assets/suppliers/:supplierID/dependencies/:dependencyID/remove": .permission(.manageAssets),
        "GET /api/v1/suppliers": .permission(.viewAssets),
        "GET /monitors": .permission(.viewAssets),
        "GET /monitors/export.csv": .permission(.viewAssets),
        "GET /monitors/status": .permission(.viewAssets),
        "GET /monitors/settings": .permission(.manageSettings),
        "POST /monitors/settings": .rootAdmin,
        "GET /monitors/:monitorID": .permission(.viewAssets),
        "POST /monitors/:monitorID/check": .permission(.manageAssets),
        "POST /monitors/:monitorID/baseline": .permission(.manageAssets),
        "GET /monitors/new": .permission(.manageAssets),
        "POST /monitors": .permission(.manageAssets),
        "GET /monitors/:monitorID/edit": .permission(.manageAssets),
        "POST /monitors/:monitorID": .permission(.manageAssets),
        "POST /monitors/:monitorID/remove": .permission(.manageAssets),
        "GET /api/v1/monitors": .permission(.viewAssets),
        "POST /api/v1/monitors": .permission(.manageAssets),
        "GET /api/v1/monitors/:monitorID": .permission(.viewAssets),
        "PATCH /api/v1/monitors/:monitorID": .permission(.manageAssets),
        "DELETE /api/v1/monitors/:monitorID": .permission(.manageAssets),
        "POST /api/v1/monitors/:monitorID/check": .permission(.manageAssets),
        "GET /api/v1/monitors/:monitorID/checks": .permission(.viewAssets),
        "POST /api/v1/monitors/:monitorID/baseline": .permission(.manageAssets),
        "POST /api/v1/suppliers": .permission(.manageAssets),
        "GET /assets/systems/:systemID": .permission(.viewAssets),
        "GET /assets/systems/new": .permission(.manageAssets),
        "POST /assets/systems": .permission(.manageAssets),
        "POST /assets/systems/:systemID": .permission(.manageAssets),
        "GET /api/v1/systems": .permission(.viewAssets),
        "POST /api/v1/systems": .permission(.manageAssets),
        "GET /assets/hosts/export.csv": .permission(.viewAssets),
        "GET /assets/import": .permission(.manageAssets),
        "POST /assets/import": .permission(.manageAssets),
        "POST /assets/import/apply": .permission(.manageAssets),
        "POST /api/v1/hosts/import": .permission(.manageAssets),
        "GET /assets/systems/export.csv": .permission(.viewAssets),
        "GET /assets/systems/import": .permission(.manageAssets),
        "POST /assets/systems/import": .permission(.manageAssets),
        "POST /assets/systems/import/apply": .permission(.manageAssets),
        "POST /api/v1/systems/import": .permission(.manageAssets),
        "POST /api/v1/scans": .permission(.manageVulnerabilities),
        "GET /vulnerabilities": .permission(.viewVulnerabilities),
        "GET /vulnerabilities/findings": .permission(.viewVulnerabilities),
        "GET /vulnerabilities/advisories": .permission(.viewVulnerabilities),
        "GET /vulnerabilities/advisories/:advisoryID": .permission(.viewVulnerabilities),
        "GET /vulnerabilities/advisories/new": .permission(.manageAdvisories),
        "POST /vulnerabilities/advisories": .permission(.manageAdvisories),
        "GET /vulnerabilities/advisories/import": .permission(.manageAdvisories),
        "POST /vulnerabilities/advisories/import": .permission(.manageAdvisories),
        "GET /vulnerabilities/advisories/:advisoryID/edit": .permission(.manageAdvisories),
        "POST /vulnerabilities/advisories/:advisoryID": .permission(.manageAdvisories),
        "POST /vulnerabilities/advisories/:advisoryID/match": .permission(.manageAdvisories),
        "POST /vulnerabilities/advisory-tasks/:taskID": .permission(.manageVulnerabilities),
        "GET /api/v1/advisories": .permission(.viewVulnerabilities),
        "GET /api/v1/advisories/:advisoryID": .permission(.viewVulnerabilities),
        "GET /api/v1/advisory-tasks": .permission(.viewVulnerabilities),
        "POST /api/v1/advisories": .permission(.manageAdvisories),
        "POST /api/v1/advisories/import": .permission(.manageAdvisories),
        "POST /api/v1/advisories/:advisoryID/match": .permission(.manageAdvisories),
        "POST /api/v1/advisory-tasks/:taskID": .permission(.manageVulnerabilities),
        "GET /vulnerabilities/import": .permission(.manageVulnerabilities),
        "GET /settings/known-exploited": .permission(.manageSettings),
        "POST /settings/known-exploited": .permission(.manageSettings),
        "POST /api/v1/known-exploited": .permission(.manageSettings),
        "POST /vulnerabilities/scans": .permission(.manageVulnerabilities),
        "GET /vulnerabilities/findings/:findingID": .permission(.viewVulnerabilities),
        "POST /vulnerabilities/findings/:findingID/status": .permission(.manageVulnerabilities),
        "POST /api/v1/findings/:findingID/status": .permission(.manageVulnerabilities),
        "POST /api/v1/findings/:findingID/incident": .permission(.manageVulnerabilities),
        "POST /vulnerabilities/findings/:findingID/incident": .permission(.manageVulnerabilities),
        "GET /api/v1/findings": .permission(.viewVulnerabilities),
        "GET /assets/hosts": .permission(.viewAssets),
        "GET /assets/hosts/:hostID": .permission(.viewAssets),
        "GET /assets/hosts/new": .permission(.manageAssets),
        "POST /assets/hosts": .permission(.manageAssets),
        "GET /assets/hosts/:hostID/edit": .permission(.manageAssets),
        "POST /assets/hosts/:hostID": .permission(.manageAssets),
        "POST /assets/hosts/:hostID/remove": .permission(.manageAssets),
        "GET /api/v1/hosts": .permission(.viewAssets),
        "POST /assets/enrolment": .permission(.manageAssets),
        "POST /assets/enrolment/:tokenID/rotate": .permission(.manageAssets),
        "POST /assets/enrolment/:tokenID/revoke": .permission(.manageAssets),
        "GET /incidents/playbooks/:scenario": .permission(.viewIncidents),
        "POST /incidents/playbooks/:scenario": .permission(.manageIncidents),
        "GET /api/v1/playbooks/:scenario": .permission(.viewIncidents),
        "GET /settings/mail": .rootAdmin,
        "POST /settings/mail": .rootAdmin,
        "POST /settings/mail/test": .rootAdmin,
        "GET /settings/mail/outbox": .rootAdmin,
        "POST /settings/mail/outbox/retry": .rootAdmin,
    ]

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map { component in
            switch component {
            case .constant(let value): value
            case .parameter(let name): ":" + name
            case .anything: "*"
            case .catchall: "**"
            }
        }.joined(separator: "/")
    }

    @Test("every route has an expectation")
    func everyRouteIsListed() async throws {
        try await withVigilApp { app in
            let keys = Set(app.routes.all.map(Self.key))
            let missing = keys.subtracting(Self.expectations.keys)
            #expect(missing.isEmpty, "routes without an access expectation: \(missing.sorted())")
            let stale = Set(Self.expectations.keys).subtracting(keys)
            #expect(stale.isEmpty, "expectations for routes that no longer exist: \(stale.sorted())")
        }
    }
}
