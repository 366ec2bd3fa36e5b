import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import VigilCore
@testable import VigilServer

/// Every route, called with real records of agency A by every role of agency A, every role of
/// agency B, the provincial coordinator and administrator above them, and an anonymous visitor; the
/// expected answer of each cell follows from `RouteAccessTests.expectations` and who owns the record:
/// a caller who may use the route but not see the record gets 404 and nothing changes (no audit
/// entry); a caller in agency B never sees agency A's names on a list. The matrix is printed.
@Suite("Access matrix: two agencies and the coordinator above them")
struct AccessMatrixTests {
    /// Who may see a record.
    enum Owner: Equatable {
        /// Shared by the province (settings, the authorities' warnings, playbooks).
        case everyone
        /// A record of agency A (or of its unit).
        case organisation(UUID)
        /// One user's own (an API token, a notification).
        case user(String)
        /// An incident of an organisation (IncidentVisibility): its reporter, roles that view
        /// incidents in scope, and a coordinator above once it is escalated.
        case incident(UUID, reporter: String, escalated: Bool)
        /// What only the organisation that issued it may change (an authorities' warning): others
        /// who see it are refused (403).
        case issuedBy(UUID)
    }

    struct Caller {
        let name: String
        let user: UserRecord?
        /// The organisation of the user and whether their roles see below it.
        let organisation: UUID?
        let seesSubtree: Bool
    }

    /// The records of agency A, named so that a leak to agency B can be searched for.
    static let marker = "MATRIX-A"

    struct World {
        var values: [String: String] = [:]
        var owners: [String: Owner] = [:]

        mutating func set(_ name: String, _ value: String, _ owner: Owner) {
            values[name] = value
            owners[name] = owner
        }

        /// The value and owner of a route's parameter; some names mean different records on different routes.
        func parameter(_ name: String, in key: String) -> (String, Owner) {
            var lookup = name
            if name == "tokenID" {
                lookup = key.contains("/enrolment/") ? "enrolmentTokenID" : key.contains("/integration-tokens/") ? "integrationTokenID" : "apiTokenID"
            }
            if name == "taskID" { lookup = key.contains("/advisory-tasks/") ? "advisoryTaskID" : "incidentTaskID" }
            // The API's DELETE and the page's removal each remove a monitor of their own.
            if name == "monitorID" && key.hasPrefix("DELETE") { lookup = "apiMonitorID" }
            if name == "contactID" && key.hasPrefix("DELETE") { lookup = "apiContactID" }
            if name == "webhookID" && key.hasPrefix("DELETE") { lookup = "apiWebhookID" }
            if name == "peerID" && key.hasPrefix("DELETE") { lookup = "apiPeerID" }
            if name == "messageID" && key.contains("/documents/") { lookup = "reportMessageID" }
            if name == "advisoryID" && (key.hasSuffix("/edit") || key.hasSuffix("/match") || key.hasPrefix("POST")) { lookup = "advisoryIssuerID" }
            return (values[lookup] ?? "x", owners[lookup] ?? .everyone)
        }
    }

    /// Agency A's records: an incident (classified, so it has tasks) with evidence and an issued
    /// report, a scan with hosts and findings, a system, a supplier with a contract and a dependency,
    /// an enrolment token, an advisory task, a responder's API token and notification.
    static func makeWorld(_ app: Application, _ fixtures: Fixtures) async throws -> World {
        var world = World()
        let agencyA = try fixtures.agencyA.requireID()
        let unitA1 = try fixtures.unitA1.requireID()
        let reporter = try await app.token(for: fixtures.user("reporter"))
        let focal = try await app.token(for: fixtures.user("focal_point"))
        let responder = try await app.token(for: fixtures.user("responder"))
        struct Created: Decodable { let id: String }

        let discovered = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
        let incident = try await app.api(.POST, "/api/v1/incidents", token: reporter, json: """
            {"title":"\(marker) sự cố","description":"Các tệp có đuôi .locked","discoveredAt":"\(discovered)"}
            """).content.decode(Created.self).id
        world.set("incidentID", incident, .incident(agencyA, reporter: "reporter", escalated: true))
        #expect(try await app.api(.POST, "/api/v1/incidents/\(incident)/classify", token: focal, json: """
            {"causeGroup":"cyber_attack","scenario":"ransomware","securityLevel":2,"integrity":"high"}
            """).status == .ok)
        // Escalated, so that the coordinator above sees it (and agency B's still does not).
        #expect(try await app.api(.POST, "/api/v1/incidents/\(incident)/escalate", token: focal, json: #"{"to":"coordinator","note":"Cần hỗ trợ"}"#).status == .ok)
        let task = try #require(try await IncidentTaskRecord.query(on: app.db).first())
        world.set("incidentTaskID", try task.requireID().uuidString, .organisation(agencyA))
        var form = Multipart()
        form.file("file", "access.log", Data("GET /index.php 185.220.101.4\n".utf8))
        #expect(try await app.upload("/api/v1/incidents/\(incident)/evidence", token: responder, form).status == .created)
        let evidence = try #require(try await EvidenceRecord.query(on: app.db).first())
        world.set("evidenceID", try evidence.requireID().uuidString, .organisation(agencyA))
        let issued = try await app.api(.POST, "/api/v1/incidents/\(incident)/reports/initial/issue", token: responder,
                                       json: #"{"recipients": "VNCERT/CC"}"#).content.decode(Created.self)
        world.set("reportID", issued.id, .organisation(agencyA))
        world.set("file", "initial.docx", .everyone)
        world.set("kind", "initial", .everyone)
        world.set("scenario", "ransomware", .everyone)

        let path = try ScanImportTests.report([("10.9.9.9", "1.3.6.1.4.1.25623.1.0.2001", "443/tcp")])
        _ = try await ScanImportTests().importFile(app, path, organisation: fixtures.agencyA)
        let host = try #require(try await HostRecord.query(on: app.db).first())
        host.hostname = "\(marker.lowercased())-web"
        try await host.save(on: app.db)
        world.set("hostID", try host.requireID().uuidString, .organisation(agencyA))
        let finding = try #require(try await FindingRecord.query(on: app.db).first())
        world.set("findingID", try finding.requireID().uuidString, .organisation(agencyA))
        let system = try await app.api(.POST, "/api/v1/systems", token: focal, json: #"{"name": "\#(marker) hệ thống", "securityLevel": 2}"#)
            .content.decode(Created.self).id
        world.set("systemID", system, .organisation(agencyA))
        let plan = try await app.api(.POST, "/api/v1/systems/\(system)/plans", token: focal, json: "{}").content.decode(Created.self).id
        world.set("planID", plan, .organisation(agencyA))
        world.set("section", PlanSectionKind.recovery.rawValue, .everyone)
        let drill = try await app.api(.POST, "/api/v1/drills", token: focal, json: """
            {"title": "\(marker) diễn tập", "scenario": "defacement", "systemIds": ["\(system)"], "plannedAt": "2026-11-20T08:00:00+07:00"}
            """).content.decode(Created.self).id
        world.set("drillID", drill, .organisation(agencyA))
        #expect(try await app.api(.POST, "/api/v1/drills/\(drill)/events", token: focal,
                                  json: #"{"kind": "finding", "text": "Chưa có bản sao lưu ngoại tuyến"}"#).status == .created)
        world.set("drillTaskID", try #require(try await DrillTaskRecord.query(on: app.db).first()).requireID().uuidString, .organisation(agencyA))

        let session = try await app.signIn(fixtures.user("focal_point"))
        _ = try await app.post("/assets/suppliers", session: session, form: ["name": "\(marker) nhà cung cấp", "services": "Vận hành", "risk": "high"])
        let supplier = try #require(try await SupplierRecord.query(on: app.db).first())
        let supplierPath = "/assets/suppliers/\(try supplier.requireID().uuidString)"
        _ = try await app.post("\(supplierPath)/contracts", session: session, form: ["reference": "HĐ-1", "startsOn": "2026-01-01", "endsOn": "2027-01-01"])
        _ = try await app.post("\(supplierPath)/dependencies", session: session, form: ["dependency": "system:\(system)"])
        world.set("supplierID", try supplier.requireID().uuidString, .organisation(agencyA))
        world.set("contractID", try #require(try await SupplierContractRecord.query(on: app.db).first()).requireID().uuidString, .organisation(agencyA))
        world.set("dependencyID", try #require(try await SupplierDependencyRecord.query(on: app.db).first()).requireID().uuidString, .organisation(agencyA))

        // Monitors of a target the (empty) outbound allow list refuses: their checks connect nowhere.
        for name in ["apiMonitorID", "monitorID"] {
            let monitor = MonitorRecord()
            monitor.id = UUID()
            monitor.$organisation.id = try fixtures.agencyA.requireID()
            (monitor.name, monitor.kind, monitor.target) = ("\(marker) giám sát", "tcp", "127.0.0.1:9")
            (monitor.intervalSeconds, monitor.timeoutSeconds, monitor.confirmAfter, monitor.paused) = (60, 2, 2, true)
            (monitor.keywordAbsent, monitor.defacement, monitor.expectedAddresses, monitor.certWarnDays, monitor.certAlertDays) = (false, false, "", 30, 7)
            (monitor.rules, monitor.status, monitor.failures, monitor.lastDetail, monitor.checkCount, monitor.nextCheckAt) = ("{}", "pending", 0, "", 0, Date())
            try await monitor.create(on: app.db)
            world.set(name, try monitor.requireID().uuidString, .organisation(agencyA))
        }

        // Contacts: the focal point (the page's removal takes it) and another for the API's DELETE; a notice sent.
        for (name, role) in [("contactID", "focal_point"), ("apiContactID", "leader")] {
            let contact = try await app.api(.POST, "/api/v1/contacts", token: focal, json: """
                {"name": "\(marker) liên hệ", "role": "\(role)", "organisationId": "\(agencyA.uuidString)", "phone": "0912345678"}
                """).content.decode(Created.self).id
            world.set(name, contact, .organisation(agencyA))
        }
        #expect(try await app.post("/contacts/notices", session: session, form: ["organisation": agencyA.uuidString, "recipients": "Sở KH&CN"]).status == .seeOther)
        world.set("focalNoticeID", try #require(try await FocalPointNoticeRecord.query(on: app.db).first()).requireID().uuidString, .organisation(agencyA))

        _ = try await app.enrolmentToken(for: fixtures.agencyA)
        world.set("enrolmentTokenID", try #require(try await EnrolmentTokenRecord.query(on: app.db).first()).requireID().uuidString, .organisation(agencyA))

        let coordinator = try await app.token(for: fixtures.user("root_coordinator"))
        let advisory = try await app.api(.POST, "/api/v1/advisories", token: coordinator, json: AdvisoryTests.warning).content.decode(Created.self).id
        world.set("advisoryID", advisory, .everyone)
        world.set("advisoryIssuerID", advisory, .issuedBy(try fixtures.root.requireID()))
        #expect(try await app.api(.POST, "/api/v1/advisories/\(advisory)/match", token: coordinator, json: "{}").status.code < 300)
        if let advisoryTask = try await AdvisoryTaskRecord.query(on: app.db).filter(\.$organisationID == agencyA).first() {
            world.set("advisoryTaskID", try advisoryTask.requireID().uuidString, .organisation(agencyA))
        }

        let owner = fixtures.user("responder")
        let apiToken = try await app.vigilServices.tokens.issue(userID: try owner.requireID(), name: "matrix", expiresInDays: nil, on: app.db, now: Date())
        world.set("apiTokenID", try apiToken.record.requireID().uuidString, .user("responder"))
        let integration = try await app.vigilServices.tokens.issueIntegration(
            organisationID: agencyA, name: "\(marker) SIEM", expiresInDays: nil, scopes: try TokenScopes.parse(["incidents:read"]),
            createdBy: "matrix", on: app.db, now: Date())
        world.set("integrationTokenID", try integration.record.requireID().uuidString, .organisation(agencyA))
        try await app.vigilServices.notifications.notify(userID: try owner.requireID(), messageKey: "notification.account_locked",
                                                         arguments: ["5", "127.0.0.1", "15"], link: "/account", on: app.db, now: Date())
        let notification = try #require(try await NotificationRecord.query(on: app.db).filter(\.$user.$id == owner.requireID()).first())
        world.set("notificationID", try notification.requireID().uuidString, .user("responder"))

        world.set("orgID", unitA1.uuidString, .organisation(unitA1))
        world.set("userID", try fixtures.user("unit_reporter").requireID().uuidString, .organisation(unitA1))
        if let body = try await ReportingBodyRecord.query(on: app.db).first() { world.set("bodyID", try body.requireID().uuidString, .everyone) }
        let admin = try await app.signIn(fixtures.user("root_admin"))
        _ = try await app.post("/settings/taxonomy", session: admin,
                               form: ["scenario": "spoofing", "code": "sms_phishing", "labelVi": "Lừa đảo qua tin nhắn", "labelEn": "SMS phishing"])
        world.set("subID", try #require(try await SubScenarioRecord.query(on: app.db).first()).requireID().uuidString, .everyone)
        // A staff notice of agency A to its unit only, so that no caller here must acknowledge it
        // first (the page after sign-in would answer their pages before the permission check).
        let notice = try await app.api(.POST, "/api/v1/awareness/notices", token: focal, json: """
            {"audience":"units","unitIds":["\(unitA1.uuidString)"],"textVi":"\(marker) thông báo","focalPointPhone":"0904 144 677"}
            """).content.decode(Created.self).id
        world.set("noticeID", notice, .organisation(agencyA))
        // A periodic report of agency A (a draft: the issue route, called in turn, issues it, and the calls after are refused with 409).
        let periodic = try await app.api(.POST, "/api/v1/periodic-reports", token: focal, json: """
            {"organisationId": "\(agencyA.uuidString)", "kind": "six_month", "year": 2026}
            """).content.decode(Created.self).id
        world.set("periodicReportID", periodic, .organisation(agencyA))
        world.set("periodicKind", "annual", .everyone)
        // Webhooks of agency A (the page's removal takes one, the API's DELETE the other), to a
        // target the (empty) outbound allow list refuses: nothing is ever sent.
        for name in ["webhookID", "apiWebhookID"] {
            let webhook = try await WebhookTests.webhook(app, organisation: agencyA, url: "http://127.0.0.1:9/\(marker)", events: [.incidentReported])
            world.set(name, try webhook.requireID().uuidString, .organisation(agencyA))
            if name == "webhookID" {
                // A call of that webhook, given up, for "send again".
                let delivery = WebhookDeliveryRecord()
                delivery.id = UUID()
                delivery.createdAt = Date()
                delivery.statusText = WebhookDeliveryRecord.Status.failed.rawValue
                delivery.attempts = 5
                delivery.nextAttemptAt = Date()
                delivery.queuedAt = Date().addingTimeInterval(-2 * 86_400)
                delivery.sequence = 1
                delivery.eventID = UUID()
                delivery.event = WebhookEvent.incidentReported.rawValue
                delivery.body = "{}"
                delivery.webhookID = try webhook.requireID()
                try await delivery.create(on: app.db)
                world.set("deliveryID", try delivery.requireID().uuidString, .organisation(agencyA))
            }
        }
        // An installation paired below agency A, whose incident and report it received.
        for (name, value) in try await FederationTests.world(app, organisation: agencyA) { world.set(name, value, .organisation(agencyA)) }
        return world
    }

    /// Whether the caller may see a record of `owner`, whatever the route.
    static func sees(_ caller: Caller, _ owner: Owner, fixtures: Fixtures) -> Bool {
        switch owner {
        case .everyone, .issuedBy: return true
        case .user(let key): return caller.name == key
        case .incident(let id, let reporter, let escalated):
            if caller.name == reporter { return true }
            let viewing = caller.user?.roles.filter { $0.permissions.contains(.viewIncidents) } ?? []
            if viewing.isEmpty { return false }
            if viewing.allSatisfy({ $0 == .coordinator }) {
                return caller.organisation == id || (escalated && sees(caller, .organisation(id), fixtures: fixtures))
            }
            return sees(caller, .organisation(id), fixtures: fixtures)
        case .organisation(let id):
            guard let organisation = caller.organisation else { return false }
            if organisation == id { return true }
            guard caller.seesSubtree else { return false }
            // The tree is root → agency A → unit A1, and root → agency B.
            let ancestors: [UUID: [UUID]] = [fixtures.unitA1.id!: [fixtures.agencyA.id!, fixtures.root.id!], fixtures.agencyA.id!: [fixtures.root.id!]]
            return ancestors[id, default: []].contains(organisation)
        }
    }
}

extension AccessMatrixTests {
    @Test("every route × every role of agencies A and B and the coordinator, on agency A's records")
    func matrix() async throws {
        try await withVigilApp { app in
            let fixtures = try await Fixtures.make(app)
            var users = fixtures.users
            for role in Role.allCases where users["b_\(role.rawValue)"] == nil {
                let key = "b_\(role.rawValue)"
                users[key] = try await app.vigilServices.users.create(
                    .init(email: "\(key.replacingOccurrences(of: "_", with: "-"))@example.gov.vn", displayName: key,
                          organisationID: try fixtures.agencyB.requireID(), roles: [role], password: Fixtures.password),
                    scope: nil, actor: .system, on: app.db).user
            }
            let world = try await Self.makeWorld(app, fixtures)
            func caller(_ key: String) -> Caller {
                let user = users[key]!
                return Caller(name: key, user: user, organisation: user.$organisation.id, seesSubtree: user.roles.contains { $0.seesSubtree })
            }
            // Foreign callers first, so that agency A's own calls (which may remove a record) come last.
            var callers = [Caller(name: "anonymous", user: nil, organisation: nil, seesSubtree: false)]
            callers += Role.allCases.map { caller("b_\($0.rawValue)") }
            callers += [caller("root_coordinator"), caller("root_admin")]
            callers += Role.allCases.map { caller($0.rawValue) }

            var rows: [(key: String, cells: [String])] = []
            var cellsChecked = 0
            var markerShownToA = false
            // Routes that remove something (a host takes its findings with it) run last.
            func removes(_ route: Route) -> Bool {
                route.method == .DELETE || ["remove", "revoke", "retire", "rotate"].contains { RouteAccessTests.key(route).hasSuffix("/" + $0) }
            }
            let ordered = app.routes.all.sorted { (removes($0) ? 1 : 0, RouteAccessTests.key($0)) < (removes($1) ? 1 : 0, RouteAccessTests.key($1)) }
            for route in ordered {
                let key = RouteAccessTests.key(route)
                guard let access = RouteAccessTests.expectations[key] else { continue }
                var owners: [Owner] = []
                let path = "/" + route.path.map { component -> String in
                    guard case .parameter(let name) = component else { return component.description }
                    let (value, owner) = world.parameter(name, in: key)
                    owners.append(owner)
                    return value
                }.joined(separator: "/")
                let isAPI = path.hasPrefix("/api/")
                let removes = removes(route)
                var removed = false
                var cells: [String] = []
                for caller in callers {
                    let auditBefore = try await AuditEntryRecord.query(on: app.db).count()
                    let response = try await send(app, method: route.method, path: path, isAPI: isAPI, user: caller.user)
                    let status = response.status
                    let permitted: Bool
                    switch access {
                    case .open: permitted = true
                    case .signedIn: permitted = caller.user != nil
                    case .permission(let permission): permitted = caller.user.map { $0.roles.contains { $0.permissions.contains(permission) } } ?? false
                    case .rootAdmin: permitted = caller.name == "root_admin"
                    case .enrolmentToken: permitted = false
                    }
                    let context = "\(key) as \(caller.name): \(status.code)"
                    var ok: Bool
                    var denied = true
                    if case .enrolmentToken = access {
                        ok = status == .unauthorized
                    } else if !permitted {
                        ok = caller.user == nil ? (isAPI ? status == .unauthorized : status == .seeOther) : status == .forbidden
                    } else if !owners.allSatisfy({ Self.sees(caller, $0, fixtures: fixtures) }) {
                        ok = status == .notFound
                    } else if owners.contains(where: { if case .issuedBy(let issuer) = $0 { return caller.organisation != issuer }; return false }) {
                        ok = status == .forbidden
                    } else {
                        denied = false
                        ok = ![.unauthorized, .forbidden].contains(status) && status.code < 500 && (status != .notFound || removed)
                        if removes && status.code < 400 { removed = true }
                    }
                    #expect(ok, "\(context)")
                    if denied {
                        #expect(try await AuditEntryRecord.query(on: app.db).count() == auditBefore, "\(context) changed something")
                    } else if caller.name.hasPrefix("b_"), route.method == .GET {
                        #expect(!response.body.string.contains(Self.marker) && !response.body.string.contains(Self.marker.lowercased()),
                                "\(context) shows agency A's records")
                    }
                    if !caller.name.hasPrefix("b_"), response.body.string.contains(Self.marker) { markerShownToA = true }
                    cells.append((ok ? "" : "✗") + String(status.code))
                    cellsChecked += 1
                }
                rows.append((key, cells))
            }
            Self.printMatrix(rows, callers: callers.map(\.name), cells: cellsChecked)
            #expect(markerShownToA, "agency A's own pages show its records, so the search for them in agency B's is not vacuous")
            #expect(rows.count == RouteAccessTests.expectations.count, "every route was called")
        }
    }

    static func printMatrix(_ rows: [(key: String, cells: [String])], callers: [String], cells: Int) {
        let width = max(12, rows.map(\.key.count).max() ?? 0)
        func pad(_ text: String, _ count: Int) -> String { text.count >= count ? text : text + String(repeating: " ", count: count - text.count) }
        let header = callers.map { name in
            name == "anonymous" ? "anon" : name.replacingOccurrences(of: "root_", with: "R.").replacingOccurrences(of: "b_", with: "B.")
                .replacingOccurrences(of: "focal_point", with: "focal").replacingOccurrences(of: "coordinator", with: "coord")
                .replacingOccurrences(of: "responder", with: "resp").replacingOccurrences(of: "reporter", with: "rep")
        }
        var lines = ["Access matrix: \(rows.count) routes × \(callers.count) callers = \(cells) cells (✗ marks a cell that failed)",
                     pad("route", width) + " | " + header.map { pad($0, 8) }.joined(separator: " ")]
        for row in rows { lines.append(pad(row.key, width) + " | " + row.cells.map { pad($0, 8) }.joined(separator: " ")) }
        print(lines.joined(separator: "\n"))
    }

    /// One request as `user`, with a fresh session or token, and an empty form or object as body.
    func send(_ app: Application, method: HTTPMethod, path: String, isAPI: Bool, user: UserRecord?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        var body: ByteBuffer?
        if isAPI {
            if let user { headers.bearerAuthorization = BearerAuthorization(token: try await app.token(for: user)) }
            if method != .GET { headers.contentType = .json; body = ByteBuffer(string: "{}") }
        } else {
            var csrf = "anonymous-csrf-token"
            if let user {
                let session = try await app.signIn(user)
                headers = session.headers
                csrf = session.csrf
            } else {
                headers.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(csrf)")
            }
            if method != .GET {
                headers.contentType = .urlEncodedForm
                body = ByteBuffer(string: "_csrf=\(csrf)")
            }
        }
        return try await app.testing().sendRequest(method, path, headers: headers, body: body)
    }
}
