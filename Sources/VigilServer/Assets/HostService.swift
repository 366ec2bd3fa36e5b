import Fluent
import Foundation
import VigilCore

/// Hosts entered by people (the form, the CSV import) rather than reported by their agents.
struct HostService: Sendable {
    let organisations: OrganisationRepository

    /// Creates or updates a host from a draft. The draft's anti-malware state applies only to a
    /// host without an agent (an agent's own report is fresher than a person's); `replacesState`
    /// says whether a draft without a product means "no product" (the form) or "unchanged" (an
    /// import line with no product columns). The host's systems become `systemIDs`; each system whose
    /// host list this changes records it in its change history, in `actor`'s name.
    static func write(_ draft: HostDraft, organisationID: UUID, existing: HostRecord?, systemIDs: [UUID], source: StateSource,
                      replacesState: Bool, actor: String, now: Date, on db: any Database) async throws -> HostRecord {
        let host: HostRecord
        if let existing {
            host = existing
        } else {
            host = HostRecord()
            host.id = UUID.timeOrdered(at: now)
            host.softwareHash = ""
            host.software = ""
            host.softwareIndexed = ""
            host.avProducts = 0
            host.avEnabled = false
            host.avRealTime = false
            host.avDetail = "[]"
            host.avShape = ""
            host.source = source.rawValue
        }
        host.$organisation.id = organisationID
        host.hostname = draft.hostname
        if let machine = draft.machineID { host.machineID = machine }
        host.addresses = draft.addresses.joined(separator: ",")
        host.osName = draft.osName
        host.osVersion = draft.osVersion
        host.role = draft.role.rawValue
        host.owner = draft.owner
        host.criticality = draft.criticality.rawValue
        if let seen = draft.lastSeen { host.lastSeenAt = seen }
        var change: HostStateRecord?
        if host.source != StateSource.agent.rawValue, draft.antimalware != nil || replacesState {
            let products = draft.antimalware.map { [$0] } ?? []
            host.source = source.rawValue
            host.avReportAt = draft.lastSeen ?? now
            host.avProducts = products.count
            host.avEnabled = products.contains(where: \.enabled)
            let protecting = products.filter { $0.enabled && $0.realTimeProtection }
            host.avRealTime = !protecting.isEmpty
            host.avSignatureAt = protecting.compactMap(\.signatureDate).max()
            host.avDetail = String(decoding: try JSONEncoder.vigil.encode(products), as: UTF8.self)
            let shape = CheckInWriter.shape(of: products)
            if host.avShape != shape || existing == nil {
                host.avShape = shape
                let record = HostStateRecord()
                record.id = UUID.timeOrdered(at: now)
                record.hostID = try host.requireID()
                record.at = now
                record.source = source.rawValue
                record.detail = host.avDetail
                change = record
            }
        }
        let hostID = try host.requireID()
        var before: [UUID] = []
        if existing != nil { before = try await HostSystemRecord.query(on: db).filter(\.$hostID == hostID).all().map(\.systemID) }
        let stateChange = change
        try await SystemChangeLog.recordingHosts(of: Set(before).union(systemIDs), actor: actor, at: now, on: db) {
            try await host.save(on: db)
            if let stateChange { try await stateChange.create(on: db) }
            try await HostSystemRecord.query(on: db).filter(\.$hostID == hostID).delete()
            for systemID in Set(systemIDs) {
                let link = HostSystemRecord()
                link.id = UUID()
                link.hostID = hostID
                link.systemID = systemID
                try await link.create(on: db)
            }
        }
        return host
    }

    /// The organisation a form names, within the user's scope.
    private func owner(_ draft: HostDraft, for user: CurrentUser, on db: any Database) async throws -> OrganisationRecord {
        guard let owner = CSVImport.organisation(draft.organisation, among: try await organisations.all(in: user.scope, on: db), for: user) else {
            throw VigilError.invalid("organisation", "import.error.organisation", [draft.organisation ?? ""])
        }
        return owner
    }

    /// Saves the form: checked, matched against the organisation's other hosts (a machine id or,
    /// without one, a hostname names one host), audited.
    func save(_ draft: HostDraft, problems: [FieldProblem], systemIDs: [UUID], existing: HostRecord?, by user: CurrentUser,
              address: String?, on db: any Database, now: Date = Date()) async throws -> HostRecord {
        try SystemService.check(problems)
        let owner = try await owner(draft, for: user, on: db)
        let ownerID = try owner.requireID()
        let allowed = Set(try await InformationSystemRecord.query(on: db).filter(\.$organisation.$id == ownerID).all().compactMap(\.id))
        guard systemIDs.allSatisfy(allowed.contains) else { throw VigilError.invalid("systems", "host.error.system_elsewhere") }
        var duplicate = HostRecord.query(on: db).filter(\.$organisation.$id == ownerID)
        if let machine = draft.machineID {
            duplicate = duplicate.filter(\.$machineID == machine)
        } else {
            duplicate = duplicate.filter(\.$hostname == draft.hostname).filter(\.$machineID == nil)
        }
        if let found = try await duplicate.first(), found.id != existing?.id {
            throw VigilError.conflict(draft.machineID == nil ? "hostname" : "machine_id", "host.error.taken")
        }
        var changes = AuditChanges()
        func set(_ field: String, _ old: String?, _ new: String) { if old != new { changes.set(field, from: old, to: new) } }
        set("hostname", existing?.hostname, draft.hostname)
        set("organisation", existing.map { $0.$organisation.id.uuidString.lowercased() }, ownerID.uuidString.lowercased())
        set("role", existing?.role, draft.role.rawValue)
        set("criticality", existing?.criticality, draft.criticality.rawValue)
        set("addresses", existing?.addresses, draft.addresses.joined(separator: ","))
        set("owner", existing?.owner, draft.owner)
        set("antimalware", existing.map { $0.source == StateSource.agent.rawValue ? "agent" : $0.avShape },
            existing?.source == StateSource.agent.rawValue ? "agent" : CheckInWriter.shape(of: draft.antimalware.map { [$0] } ?? []))
        let audited = changes
        return try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let host = try await Self.write(draft, organisationID: ownerID, existing: existing, systemIDs: systemIDs, source: .manual,
                                            replacesState: true, actor: user.displayName, now: now, on: db)
            audit.record(organisationID: ownerID, action: existing == nil ? "host.create" : "host.update", objectType: "host",
                         objectID: try host.requireID().uuidString.lowercased(), changes: audited)
            return host
        }
    }

    /// Removes a host that no longer exists (decommissioned, replaced), with its links and state
    /// history; the audit trail keeps what it was.
    func remove(_ host: HostRecord, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        let hostID = try host.requireID()
        var changes = AuditChanges()
        changes.set("hostname", from: host.hostname, to: nil)
        changes.set("machine_id", from: host.machineID, to: nil)
        let audited = changes
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let systems = try await HostSystemRecord.query(on: db).filter(\.$hostID == hostID).all().map(\.systemID)
            try await SystemChangeLog.recordingHosts(of: Set(systems), actor: user.displayName, at: now, on: db) {
                try await HostSystemRecord.query(on: db).filter(\.$hostID == hostID).delete()
            }
            try await HostSoftwareRecord.query(on: db).filter(\.$hostID == hostID).delete()
            try await HostStateRecord.query(on: db).filter(\.$hostID == hostID).delete()
            try await host.delete(on: db)
            audit.record(organisationID: host.$organisation.id, action: "host.remove", objectType: "host",
                         objectID: hostID.uuidString.lowercased(), changes: audited)
        }
    }
}
