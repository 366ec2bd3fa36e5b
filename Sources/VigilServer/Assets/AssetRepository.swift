import Fluent
import SQLKit
import Foundation

/// The assets pages' reads that join hosts, systems and suppliers (the tables of this folder):
/// the host page's systems and history, the system page's hosts and suppliers, the supplier
/// page's contracts and dependencies. Controllers ask here instead of querying.
struct AssetRepository: Sendable {
    // MARK: Hosts

    /// The host's recent anti-malware state changes, newest first.
    func stateHistory(ofHost id: UUID, limit: Int, on db: any Database) async throws -> [HostStateRecord] {
        try await HostStateRecord.query(on: db).filter(\.$hostID == id).sort(\.$at, .descending).limit(limit).all()
    }

    /// The newest change of any host's protection (their ids are time-ordered), nil before any.
    func latestStateChange(on db: any Database) async throws -> UUID? {
        try await HostStateRecord.query(on: db).sort(\.$id, .descending).field(\.$id).first()?.id
    }

    /// Changes of hosts' protection recorded after `id`, oldest first, at most `limit`, with each
    /// host's organisation: what check-ins changed, which the audit trail does not record.
    func stateChanges(after id: UUID?, limit: Int, on db: any Database) async throws -> [(id: UUID, organisation: UUID)] {
        struct Row: Decodable { let id: UUID; let organisation_id: UUID }
        var query = (db as! any SQLDatabase).select().column(SQLColumn("id", table: "s")).column(SQLColumn("organisation_id", table: "h"))
            .from(SQLAlias(SQLIdentifier(HostStateRecord.schema), as: SQLIdentifier("s")))
            .join(SQLAlias(SQLIdentifier(HostRecord.schema), as: SQLIdentifier("h")), on: SQLColumn("host_id", table: "s"), .equal, SQLColumn("id", table: "h"))
        if let id { query = query.where(SQLColumn("id", table: "s"), .greaterThan, SQLBind(id)) }
        return try await query.orderBy(SQLColumn("id", table: "s")).limit(limit).all(decoding: Row.self).map { ($0.id, $0.organisation_id) }
    }

    /// The systems a host belongs to, by name.
    func systems(ofHost id: UUID, on db: any Database) async throws -> [InformationSystemRecord] {
        let links = try await HostSystemRecord.query(on: db).filter(\.$hostID == id).all()
        return try await InformationSystemRecord.query(on: db).filter(\.$id ~~ links.map(\.systemID)).sort(\.$name).all()
    }

    func systemIDs(ofHost id: UUID, on db: any Database) async throws -> [UUID] {
        try await HostSystemRecord.query(on: db).filter(\.$hostID == id).all().map(\.systemID)
    }

    /// The hosts with these ids, by hostname.
    func hosts(_ ids: [UUID], on db: any Database) async throws -> [HostRecord] {
        try await HostRecord.query(on: db).filter(\.$id ~~ ids).sort(\.$hostname).all()
    }

    /// An organisation's hosts by hostname, at most `limit` (the choices of a form).
    func hosts(ofOrganisation id: UUID, limit: Int, on db: any Database) async throws -> [HostRecord] {
        try await HostRecord.query(on: db).filter(\.$organisation.$id == id).sort(\.$hostname).limit(limit).all()
    }

    // MARK: Systems

    /// The systems of these organisations, by name.
    func systems(ofOrganisations ids: [UUID], on db: any Database) async throws -> [InformationSystemRecord] {
        try await InformationSystemRecord.query(on: db).filter(\.$organisation.$id ~~ ids).sort(\.$name).all()
    }

    /// The systems with these ids, by name.
    func systems(_ ids: [UUID], on db: any Database) async throws -> [InformationSystemRecord] {
        try await InformationSystemRecord.query(on: db).filter(\.$id ~~ ids).sort(\.$name).all()
    }

    func system(_ id: UUID, on db: any Database) async throws -> InformationSystemRecord? {
        try await InformationSystemRecord.find(id, on: db)
    }

    /// The hosts of a system, by hostname.
    func hosts(ofSystem id: UUID, on db: any Database) async throws -> [HostRecord] {
        let links = try await HostSystemRecord.query(on: db).filter(\.$systemID == id).all()
        return try await hosts(links.map(\.hostID), on: db)
    }

    /// The ids of the hosts of each of these systems.
    func hostIDs(ofSystems ids: [UUID], on db: any Database) async throws -> [UUID: [UUID]] {
        guard !ids.isEmpty else { return [:] }
        let links = try await HostSystemRecord.query(on: db).filter(\.$systemID ~~ ids).all()
        return Dictionary(grouping: links, by: \.systemID).mapValues { $0.map(\.hostID) }
    }

    /// The ids of the suppliers each of these systems depends on.
    func supplierIDs(ofSystems ids: [UUID], on db: any Database) async throws -> [UUID: [UUID]] {
        guard !ids.isEmpty else { return [:] }
        let links = try await SupplierDependencyRecord.query(on: db).filter(\.$systemID ~~ ids.map(Optional.some)).all()
        return Dictionary(grouping: links.filter { $0.systemID != nil }, by: { $0.systemID! }).mapValues { $0.map(\.supplierID) }
    }

    /// The suppliers a system depends on, by name.
    func suppliers(ofSystem id: UUID, on db: any Database) async throws -> [SupplierRecord] {
        let dependencies = try await SupplierDependencyRecord.query(on: db).filter(\.$systemID == id).all()
        return try await SupplierRecord.query(on: db).filter(\.$id ~~ dependencies.map(\.supplierID)).sort(\.$name).all()
    }

    // MARK: Suppliers

    /// A supplier's contracts, the one ending first first.
    func contracts(ofSupplier id: UUID, on db: any Database) async throws -> [SupplierContractRecord] {
        try await SupplierContractRecord.query(on: db).filter(\.$supplierID == id).sort(\.$endsOn).all()
    }

    func dependencies(ofSupplier id: UUID, on db: any Database) async throws -> [SupplierDependencyRecord] {
        try await SupplierDependencyRecord.query(on: db).filter(\.$supplierID == id).all()
    }

    // MARK: Enrolment tokens

    /// The token with its organisation loaded, whoever may see it (the caller checks the scope).
    func enrolmentToken(_ id: UUID, on db: any Database) async throws -> EnrolmentTokenRecord? {
        try await EnrolmentTokenRecord.query(on: db).filter(\.$id == id).with(\.$organisation).first()
    }
}

extension AssetRepository {
    func host(_ id: UUID, on db: any Database) async throws -> HostRecord? {
        try await HostRecord.find(id, on: db)
    }

    /// The first system the host belongs to, if any (the system an incident about the host names).
    func firstSystem(ofHost id: UUID, on db: any Database) async throws -> InformationSystemRecord? {
        guard let link = try await HostSystemRecord.query(on: db).filter(\.$hostID == id).first() else { return nil }
        return try await InformationSystemRecord.find(link.systemID, on: db)
    }
}

extension AssetRepository {
    /// What the compliance indicators read of a system, and nothing else of it.
    struct SystemFacts: Decodable, Sendable {
        let id: UUID
        let organisationID: UUID
        let securityLevel: Int
        let scanIntervalMonths: Int
        let createdAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, organisationID = "organisation_id", securityLevel = "security_level"
            case scanIntervalMonths = "scan_interval_months", createdAt = "created_at"
        }
    }

    /// The systems of these organisations as `SystemFacts`: at a province's thousand systems,
    /// decoding whole records cost more than the counts themselves (measured with perf).
    func systemFacts(ofOrganisations ids: [UUID], on db: any Database) async throws -> [SystemFacts] {
        guard !ids.isEmpty else { return [] }
        return try await (db as! any SQLDatabase).select()
            .columns("id", "organisation_id", "security_level", "scan_interval_months", "created_at")
            .from(InformationSystemRecord.schema).where("organisation_id", .in, ids).all(decoding: SystemFacts.self)
    }

    /// The systems of these organisations, each with its organisation loaded.
    func systemsWithOrganisation(ofOrganisations ids: [UUID], on db: any Database) async throws -> [InformationSystemRecord] {
        try await InformationSystemRecord.query(on: db).filter(\.$organisation.$id ~~ ids).with(\.$organisation).all()
    }
}

extension AssetRepository {
    /// Information systems and hosts of these organisations (the first steps).
    func counts(inOrganisations ids: [UUID], on db: any Database) async throws -> (systems: Int, hosts: Int) {
        guard !ids.isEmpty else { return (0, 0) }
        let systems = try await InformationSystemRecord.query(on: db).filter(\.$organisation.$id ~~ ids).count()
        let hosts = try await HostRecord.query(on: db).filter(\.$organisation.$id ~~ ids).count()
        return (systems, hosts)
    }
}
