import Fluent
import Foundation
import VigilCore

/// Creates, changes and removes monitors (validated, audited); `MonitorRunner` checks them.
struct MonitorService: Sendable {
    let organisations: OrganisationRepository
    let assets: AssetRepository
    let client: OutboundClient

    /// What the API and the form send; nil leaves a setting as it is (on update) or at its default.
    struct Draft: Sendable {
        var name: String?
        var kind: String?
        var target: String?
        var intervalSeconds: Int?
        var timeoutSeconds: Int?
        var confirmAfter: Int?
        var systemID: String?
        var organisationID: String?
        var defacement: Bool?
        var keyword: String?
        var keywordAbsent: Bool?
        var expectedStatus: Int?
        var expectedAddresses: [String]?
        var paused: Bool?
        var certWarnDays: Int?
        var certAlertDays: Int?
        var rules: DefacementRules?
    }

    func find(_ id: UUID, in scope: AccessScope, on db: any Database) async throws -> MonitorRecord? {
        guard let monitor = try await MonitorRecord.query(on: db).filter(\.$id == id).with(\.$organisation).first(),
              scope.contains(path: monitor.organisation.path) else { return nil }
        return monitor
    }

    func create(_ draft: Draft, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws -> MonitorRecord {
        let monitor = MonitorRecord()
        monitor.id = UUID()
        monitor.status = MonitorStatus.pending.rawValue
        monitor.failures = 0
        monitor.lastDetail = ""
        monitor.checkCount = 0
        monitor.paused = false
        monitor.keywordAbsent = false
        monitor.defacement = false
        monitor.expectedAddresses = ""
        monitor.certWarnDays = 30
        monitor.certAlertDays = 7
        monitor.timeoutSeconds = 10
        monitor.confirmAfter = RetryPolicy().confirmAfter
        monitor.rules = "{}"
        try await apply(draft, to: monitor, creating: true, user: user, on: db)
        // The first check comes soon, spread so that monitors made together do not check together.
        monitor.nextCheckAt = now.addingTimeInterval(Double.random(in: 0...Double(min(monitor.intervalSeconds, 30))))
        var changes = AuditChanges()
        changes.created("name", monitor.name)
        changes.created("kind", monitor.kind)
        changes.created("target", monitor.target)
        let audited = changes
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await monitor.create(on: db)
            audit.record(organisationID: monitor.$organisation.id, action: "monitor.create", objectType: "monitor",
                         objectID: try monitor.requireID().uuidString.lowercased(), changes: audited)
        }
        return monitor
    }

    func update(_ monitor: MonitorRecord, _ draft: Draft, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        let before = (monitor.name, monitor.target, monitor.intervalSeconds, monitor.paused, monitor.defacement)
        try await apply(draft, to: monitor, creating: false, user: user, on: db)
        var changes = AuditChanges()
        changes.set("name", from: before.0, to: monitor.name)
        changes.set("target", from: before.1, to: monitor.target)
        changes.set("intervalSeconds", from: String(before.2), to: String(monitor.intervalSeconds))
        changes.set("paused", from: String(before.3), to: String(monitor.paused))
        changes.set("defacement", from: String(before.4), to: String(monitor.defacement))
        let audited = changes
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await monitor.save(on: db)
            audit.record(organisationID: monitor.$organisation.id, action: "monitor.update", objectType: "monitor",
                         objectID: try monitor.requireID().uuidString.lowercased(), changes: audited)
        }
    }

    func delete(_ monitor: MonitorRecord, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        var changes = AuditChanges()
        changes.set("name", from: monitor.name, to: nil)
        let audited = changes
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let id = try monitor.requireID()
            try await MonitorCheckRecord.query(on: db).filter(\.$monitorID == id).delete()
            try await MonitorHourRecord.query(on: db).filter(\.$monitorID == id).delete()
            try await MonitorBaselineRecord.query(on: db).filter(\.$monitorID == id).delete()
            try await monitor.delete(on: db)
            audit.record(organisationID: monitor.$organisation.id, action: "monitor.delete", objectType: "monitor",
                         objectID: id.uuidString.lowercased(), changes: audited)
        }
    }

    /// Checks and applies the draft, naming every field that is wrong.
    private func apply(_ draft: Draft, to monitor: MonitorRecord, creating: Bool, user: CurrentUser, on db: any Database) async throws {
        var problems = FieldProblems()
        if creating || draft.name != nil {
            if let name = try problems.check({ try InputValidation.name(draft.name ?? "", field: "name", maxLength: 200) }) { monitor.name = name }
        }
        let kind: MonitorKind? = creating ? draft.kind.flatMap(MonitorKind.init(rawValue:)) : MonitorKind(rawValue: monitor.kind)
        if creating {
            if let kind {
                monitor.kind = kind.rawValue
            } else {
                problems.add(draft.kind == nil ? .invalid("kind", "validation.required") : .invalid("kind", "validation.unknown_code", [String((draft.kind ?? "").prefix(40))]))
            }
        } else if let raw = draft.kind, raw != monitor.kind {
            problems.add(.invalid("kind", "monitor.error.kind_fixed"))
        }
        if let organisation = draft.organisationID, creating {
            let id = try problems.check { try InputValidation.uuid(organisation, field: "organisationId") } ?? nil
            if let id, try await organisations.find(id, in: user.scope, on: db) != nil {
                monitor.$organisation.id = id
            } else {
                problems.add(.invalid("organisationId", "validation.organisation_unknown"))
            }
        } else if creating {
            monitor.$organisation.id = user.organisationID
        }
        if let interval = draft.intervalSeconds ?? (creating ? 60 : nil) {
            if (10...86_400).contains(interval) { monitor.intervalSeconds = interval } else { problems.add(.invalid("intervalSeconds", "monitor.error.interval")) }
        }
        if let timeout = draft.timeoutSeconds {
            if (1...60).contains(timeout) { monitor.timeoutSeconds = timeout } else { problems.add(.invalid("timeoutSeconds", "monitor.error.timeout")) }
        }
        if let confirm = draft.confirmAfter {
            if (1...3).contains(confirm) { monitor.confirmAfter = confirm } else { problems.add(.invalid("confirmAfter", "monitor.error.confirm_after")) }
        }
        if let status = draft.expectedStatus {
            if (100...599).contains(status) { monitor.expectedStatus = status } else { problems.add(.invalid("expectedStatus", "monitor.error.status")) }
        }
        if let keyword = draft.keyword {
            if keyword.count <= 200 { monitor.keyword = keyword.isEmpty ? nil : keyword } else { problems.add(.invalid("keyword", "validation.too_long", ["200"])) }
        }
        if let absent = draft.keywordAbsent { monitor.keywordAbsent = absent }
        if let paused = draft.paused { monitor.paused = paused }
        if let warn = draft.certWarnDays { if (1...365).contains(warn) { monitor.certWarnDays = warn } else { problems.add(.invalid("certificateWarnDays", "monitor.error.days")) } }
        if let alert = draft.certAlertDays { if (1...365).contains(alert) { monitor.certAlertDays = alert } else { problems.add(.invalid("certificateAlertDays", "monitor.error.days")) } }
        if let addresses = draft.expectedAddresses {
            let bad = addresses.filter { OutboundPolicy.bytes($0) == nil }
            if bad.isEmpty { monitor.expectedAddresses = addresses.joined(separator: " ") } else { problems.add(.invalid("expectedAddresses", "monitor.error.address", [String(bad[0].prefix(60))])) }
        }
        if let rules = draft.rules {
            if rules.ignoredText.contains(where: { (try? NSRegularExpression(pattern: $0)) == nil }) {
                problems.add(.invalid("rules", "monitor.error.pattern"))
            } else {
                monitor.rules = String(decoding: try JSONEncoder().encode(rules), as: UTF8.self)
            }
        }
        if let defacement = draft.defacement {
            if defacement && kind != .http { problems.add(.invalid("defacement", "monitor.error.defacement_http")) }
            monitor.defacement = defacement
        }
        if let system = draft.systemID {
            if system.isEmpty {
                monitor.systemID = nil
            } else if let id = try problems.check({ try InputValidation.uuid(system, field: "systemId") }) ?? nil,
                      try await assets.system(id, on: db)?.$organisation.id == monitor.$organisation.id {
                monitor.systemID = id
            } else {
                problems.add(.invalid("systemId", "monitor.error.system"))
            }
        }
        if creating || draft.target != nil, let kind {
            do {
                let target = try MonitorTarget(kind: kind, text: draft.target ?? "")
                try await client.refuseInward(target.host, port: max(1, target.port))
                monitor.target = draft.target!.trimmingCharacters(in: .whitespacesAndNewlines)
            } catch MonitorTarget.Problem.invalid(let key) {
                problems.add(.invalid("target", (draft.target ?? "").isEmpty ? "validation.required" : "monitor.error.\(key)"))
            } catch OutboundClient.Failure.refusedAddress(let address) {
                problems.add(.invalid("target", "monitor.error.address_refused", [address]))
            }
        }
        try problems.throwIfAny()
    }
}
