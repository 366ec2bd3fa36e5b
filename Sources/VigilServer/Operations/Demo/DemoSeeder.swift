import Fluent
import Foundation
import Vapor
import VigilCore

/// What `vigil demo` made: the accounts to sign in with and how many records of each kind.
public struct DemoSummary: Sendable {
    public struct Account: Sendable {
        public let email: String
        public let role: String
        public let organisation: String
        public let password: String
    }

    public var accounts: [Account] = []
    /// (kind, count) in the order they were made.
    public var counts: [(kind: String, count: Int)] = []
    public var seconds: Double = 0
}

/// `vigil demo`: fills an empty database with the province of `DemoProvince`, through the same
/// services the pages and the API call (so that every audit entry, search document, change history
/// and timeline is there), with dates spread over the past two years relative to now. Every choice
/// is drawn from `DemoRandom`, so a seed gives the same province again (only the ids and `now`
/// differ). Related changes are grouped in one write transaction where a service allows it (a
/// write inside a write joins it), which is what keeps it fast on SQLite.
///
/// One task uses it from start to end; `@unchecked Sendable` only lets the write closures name it.
final class DemoSeeder: @unchecked Sendable {
    /// A database already in use is left alone: `kinds` says what it holds.
    struct NotEmpty: Error { let kinds: [String] }

    struct Agency {
        let name: String
        let slug: String
        let record: OrganisationRecord
        var units: [OrganisationRecord] = []
        var spec: DemoProvince.Agency?
        /// Meets every obligation (`DemoProvince.exemplary`): the province's table has good rows too.
        var exemplary = false
        var focalPoint: CurrentUser!
        var leader: CurrentUser!
        var responder: CurrentUser?
        var reporters: [CurrentUser] = []
        var systems: [InformationSystemRecord] = []
        /// The servers of each system, as scans name them (hostname, address).
        var servers: [UUID: [(hostname: String, address: String)]] = [:]
        var suppliers: [SupplierRecord] = []
        var contacts: [ContactRole: ContactRecord] = [:]
        var id: UUID { record.id! }
        var members: [CurrentUser] { [focalPoint, leader].compactMap { $0 } + [responder].compactMap { $0 } + reporters }
    }

    let app: Application
    let services: VigilServices
    let now: Date
    var random: DemoRandom
    var calendar: Calendar
    var summary = DemoSummary()
    /// The coordinator first, then the agencies in `DemoProvince.agencies`' order.
    var province: [Agency] = []
    var coordinator: Agency { province[0] }
    var usedEmails = Set<String>()
    /// The address the audit trail shows for the demo's changes (made on this machine).
    let address = "local"

    init(app: Application, seed: UInt64, now: Date = Date()) {
        self.app = app
        self.services = app.vigilServices
        self.now = now
        self.random = DemoRandom(seed: seed)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = app.vigilConfig.timeZone
        self.calendar = calendar
    }

    var db: any Database { app.db }

    func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }

    /// A moment as the import columns and the forms write it (ISO 8601, UTC).
    func stamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: date)
    }

    /// Runs every step, in the order the records depend on each other.
    func run() async throws -> DemoSummary {
        let started = Date()
        let held = try await Self.heldData(on: db)
        guard held.isEmpty else { throw NotEmpty(kinds: held) }
        try await makeOrganisations()
        try await makeUsers()
        try await makeAssets()
        try await makeScans()
        try await makeAdvisories()
        try await makeContacts()
        try await makePlans()
        try await makeDrills()
        try await makeIncidents()
        try await makeNotices()
        try await makeHistory()
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    func count(_ kind: String, _ number: Int) { summary.counts.append((kind, number)) }

    /// A year of the compliance history the trend charts read: the snapshot job as it would have
    /// run once a week, each time over the records dated before that day (scans, incidents, drills
    /// and plans carry their own dates), then today. Hosts and systems are as they are now.
    func makeHistory() async throws {
        let job = ComplianceSnapshotJob(service: services.compliance, repository: ComplianceSnapshotRepository())
        for weeks in stride(from: 52, through: 1, by: -1) {
            try await job.run(on: db, now: now.addingTimeInterval(-Double(weeks) * 7 * 86_400))
        }
        try await job.run(on: db, now: now)
        count("weekly compliance snapshots", 53)
    }

    // MARK: Is the database empty?

    /// What the database holds beyond what the migrations seed (rule data, templates, playbooks)
    /// and the first start makes (the root organisation and its administrator): empty when nothing.
    static func heldData(on db: any Database) async throws -> [String] {
        var held: [String] = []
        let organisations = try await OrganisationRecord.query(on: db).count()
        if organisations > 1 { held.append("\(organisations) organisations") }
        let users = try await UserRecord.query(on: db).filter(\.$isSystem == false).all()
        if users.count > 1 || users.contains(where: { $0.email != Bootstrap.adminEmail }) { held.append("\(users.count) users") }
        let tables: [(String, Int)] = [
            ("information systems", try await InformationSystemRecord.query(on: db).count()),
            ("hosts", try await HostRecord.query(on: db).count()),
            ("suppliers", try await SupplierRecord.query(on: db).count()),
            ("scans", try await ScanRecord.query(on: db).count()),
            ("warnings", try await AdvisoryRecord.query(on: db).count()),
            ("incidents", try await IncidentRecord.query(on: db).count()),
            ("contacts", try await ContactRecord.query(on: db).count()),
            ("monitors", try await MonitorRecord.query(on: db).count()),
        ]
        held += tables.filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }
        return held
    }

    // MARK: Organisations

    private func makeOrganisations() async throws {
        let spec = DemoProvince.coordinator
        let root: OrganisationRecord
        if let existing = try await OrganisationRecord.query(on: db).filter(\.$parent.$id == nil).first() {
            // The first start's placeholder root becomes the province's coordinator.
            try await services.organisations.update(existing, name: spec.name, code: spec.code, actor: .commandLine, on: db)
            root = existing
        } else {
            root = try await services.organisations.create(.init(name: spec.name, code: spec.code, kind: .province, parentID: nil),
                                                           scope: nil, actor: .commandLine, on: db)
        }
        province = [Agency(name: spec.name, slug: spec.slug, record: root)]
        var made = 1
        for spec in DemoProvince.agencies {
            let record = try await services.organisations.create(.init(name: spec.name, code: spec.code, kind: .agency, parentID: root.id),
                                                                 scope: nil, actor: .commandLine, on: db)
            var agency = Agency(name: spec.name, slug: spec.slug, record: record, spec: spec)
            agency.exemplary = DemoProvince.exemplary.contains(spec.code)
            for unit in spec.units {
                agency.units.append(try await services.organisations.create(.init(name: unit.name, code: unit.code, kind: .unit, parentID: record.id),
                                                                            scope: nil, actor: .commandLine, on: db))
            }
            made += 1 + spec.units.count
            province.append(agency)
        }
        count("organisations", made)
    }

    // MARK: Users

    private struct PlannedUser {
        let agency: Int
        let organisation: OrganisationRecord
        let role: Role
        let name: String
        let email: String
        let password: String
    }

    /// Every agency gets a focal point, a leader and a reporter (in a unit when it has one); four get
    /// a responder besides; the coordinator has an administrator, a coordinator, a leader and a
    /// focal point. Passwords are drawn from the seed and printed: nobody must change them first.
    private func makeUsers() async throws {
        var planned: [PlannedUser] = []
        func plan(_ index: Int, _ role: Role, in organisation: OrganisationRecord? = nil) {
            let family = random.pick(DemoProvince.familyNames), middle = random.pick(DemoProvince.middleNames)
            let given = random.pick(DemoProvince.givenNames)
            var local = "\(DemoProvince.ascii(given)).\(DemoProvince.ascii(family))"
            let domain = "\(province[index].slug).\(DemoProvince.domain)"
            var number = 2
            while usedEmails.contains("\(local)@\(domain)") {
                local = "\(DemoProvince.ascii(given)).\(DemoProvince.ascii(family))\(number)"
                number += 1
            }
            usedEmails.insert("\(local)@\(domain)")
            let first = random.pick(DemoProvince.passwordWords)
            let second = random.pick(DemoProvince.passwordWords.filter { $0 != first })
            let password = "\(first)-\(second)-\(random.int(10...99))"
            planned.append(PlannedUser(agency: index, organisation: organisation ?? province[index].record, role: role,
                                       name: "\(family) \(middle) \(given)", email: "\(local)@\(domain)", password: password))
        }
        for role in [Role.admin, .coordinator, .leader, .focalPoint] { plan(0, role) }
        let withResponders: Set<String> = ["SYT", "STC", "VPUBND", "UBNDSH"]
        for index in province.indices.dropFirst() {
            plan(index, .focalPoint)
            plan(index, .leader)
            if withResponders.contains(province[index].record.code) { plan(index, .responder) }
            plan(index, .reporter, in: province[index].units.first)
        }
        // Hashing the passwords is most of the time here: as many at once as there are cores.
        let users = services.users
        let db = self.db
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var created: [Int: UserRecord] = [:]
        try await withThrowingTaskGroup(of: (Int, UserRecord).self) { group in
            for (position, user) in planned.enumerated() {
                if position >= width, let finished = try await group.next() { created[finished.0] = finished.1 }
                group.addTask {
                    let made = try await users.create(.init(email: user.email, displayName: user.name, organisationID: try user.organisation.requireID(),
                                                            roles: [user.role], password: user.password),
                                                      scope: nil, actor: .commandLine, on: db)
                    return (position, made.user)
                }
            }
            for try await (done, record) in group { created[done] = record }
        }
        for (position, user) in planned.enumerated() {
            let current = try CurrentUser(user: created[position]!, organisation: user.organisation, channel: .apiToken(id: UUID()),
                                          requireTOTPForAll: false)
            switch user.role {
            case .focalPoint: province[user.agency].focalPoint = current
            case .leader: province[user.agency].leader = current
            case .responder: province[user.agency].responder = current
            case .reporter, .coordinator, .admin: province[user.agency].reporters.append(current)
            }
            summary.accounts.append(.init(email: user.email, role: user.role.rawValue, organisation: user.organisation.name, password: user.password))
        }
        count("users", planned.count)
    }

    /// The coordinator's user of that role (the administrator and the coordinator are kept among
    /// the root's `reporters`, by role).
    func rootUser(_ role: Role) -> CurrentUser {
        coordinator.reporters.first { $0.roles.contains(role) }!
    }
}
