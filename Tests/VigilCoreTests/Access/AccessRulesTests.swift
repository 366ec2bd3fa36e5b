import Testing
@testable import VigilCore

@Suite("Roles, permissions and scope")
struct AccessRulesTests {
    @Test("role lists parse, deduplicate and sort; unknown names are errors", arguments: [
        ("reporter", [Role.reporter]),
        ("leader, reporter,leader", [.reporter, .leader]),
        ("focal_point,admin", [.focalPoint, .admin]),
        ("", []),
    ])
    func parse(text: String, expected: [Role]) throws {
        #expect(try Role.parseList(text) == expected)
    }

    @Test func unknownRole() {
        #expect(throws: RoleParseError(unknown: "root")) { try Role.parseList("reporter,root") }
        #expect(Role.serialize([.admin, .reporter, .admin]) == "reporter,admin")
    }

    @Test("permissions per role", arguments: [
        (Role.reporter, Permission.viewOrganisations, true), (.reporter, .viewUsers, false), (.reporter, .viewAudit, false),
        (.responder, .manageUsers, false), (.focalPoint, .viewUsers, true), (.focalPoint, .viewAudit, false),
        (.leader, .viewAudit, true), (.leader, .manageUsers, false), (.coordinator, .viewUsers, true),
        (.coordinator, .manageOrganisations, false), (.admin, .manageUsers, true), (.admin, .manageSettings, true),
        (.responder, .manageVulnerabilities, true), (.leader, .viewVulnerabilities, true), (.leader, .manageVulnerabilities, false),
        (.coordinator, .manageVulnerabilities, false), (.admin, .manageVulnerabilities, false), (.reporter, .viewVulnerabilities, false),
        (.focalPoint, .manageAwareness, true), (.leader, .manageAwareness, false), (.coordinator, .manageAwareness, false),
        (.admin, .manageAwareness, false),
    ])
    func permissions(role: Role, permission: Permission, granted: Bool) {
        #expect(role.permissions.contains(permission) == granted)
    }

    @Test("scope: own organisation always, the subtree only with a consolidating role")
    func scope() {
        let agency = "/root/agency/"
        let reporter = AccessScope(organisationID: "agency", organisationPath: agency, roles: [.reporter, .responder])
        #expect(reporter.contains(path: agency))
        #expect(!reporter.contains(path: "/root/agency/unit/"))
        #expect(!reporter.contains(path: "/root/"))
        let focal = AccessScope(organisationID: "agency", organisationPath: agency, roles: [.reporter, .focalPoint])
        #expect(focal.contains(path: "/root/agency/unit/"))
        #expect(!focal.contains(path: "/root/agency2/"))
        #expect(!focal.contains(path: "/root/"))
        // A sibling whose id starts with the same characters is not inside.
        #expect(!focal.contains(path: "/root/agencyX/"))
    }
}
