import Fluent
import Foundation
import SQLKit
import VigilCore

/// A body incidents are reported to, as an administrator keeps it. Retired, never deleted: issued
/// reports and recorded notifications name it.
final class ReportingBodyRecord: Model, @unchecked Sendable {
    static let schema = "reporting_bodies"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @Field(key: "contact") var contact: String
    @Field(key: "legal_reference") var legalReference: String
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String
    @OptionalField(key: "retired_at") var retiredAt: Date?

    init() {}

    var body: ReportingBody {
        ReportingBody(name: name, kind: ReportingBody.Kind(rawValue: kind) ?? .other, contact: contact,
                      source: LegalSource(reference: legalReference, effectiveFrom: effectiveFrom))
    }
}

struct ReportingBodyStore: Sendable {
    let timeZone: TimeZone

    func all(on db: any Database) async throws -> [ReportingBodyRecord] {
        try await ReportingBodyRecord.query(on: db).sort(\.$createdAt).all()
    }

    /// The bodies in force today, in the order of their kinds.
    func inForce(on db: any Database, now: Date = Date()) async throws -> [ReportingBody] {
        let today = ISODay.string(now, in: timeZone)
        let order = ReportingBody.Kind.allCases
        return try await ReportingBodyRecord.query(on: db).filter(\.$retiredAt == nil).filter(\.$effectiveFrom <= today).all()
            .map(\.body).sorted { order.firstIndex(of: $0.kind)! < order.firstIndex(of: $1.kind)! }
    }

    /// The recipients block of a report: one line per body in force.
    func recipients(on db: any Database) async throws -> String {
        try await inForce(on: db).map(\.recipientLine).joined(separator: "\n")
    }

    func add(_ body: ReportingBody, by user: CurrentUser?, address: String?, on db: any Database, now: Date = Date()) async throws {
        var problems = FieldProblems()
        let name = try problems.check { try InputValidation.name(body.name, field: "name", maxLength: 200) }
        let contact = try problems.check { try InputValidation.optionalName(body.contact, field: "contact", maxLength: 300) }
        let reference = try problems.check { try InputValidation.name(body.source.reference, field: "legalReference", maxLength: 300) }
        if ISODay.parse(body.source.effectiveFrom) == nil { problems.add(.invalid("effectiveFrom", "validation.date")) }
        try problems.throwIfAny()
        let actor: AuditActor = user.map { .user($0, address: address) } ?? .system
        try await db.change(by: actor, at: now) { db, audit in
            let record = ReportingBodyRecord()
            record.id = UUID()
            record.name = name ?? body.name
            record.kind = body.kind.rawValue
            record.contact = (contact ?? nil) ?? ""
            record.legalReference = reference ?? body.source.reference
            record.effectiveFrom = body.source.effectiveFrom
            record.createdAt = now
            record.createdBy = user?.displayName ?? "Vigil"
            try await record.create(on: db)
            // The defaults Vigil seeds on first use were never audited.
            guard user != nil else { return audit.noEntry() }
            var changes = AuditChanges()
            changes.created("name", record.name)
            changes.created("kind", record.kind)
            audit.record(organisationID: nil, action: "reporting_body.add", objectType: "reporting_body",
                         objectID: try record.requireID().uuidString.lowercased(), changes: changes)
        }
    }

    func retire(_ id: UUID, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        try await Retirement.retire(ReportingBodyRecord.self, id, action: "reporting_body.retire", objectType: "reporting_body", by: user, address: address, on: db, now: now)
    }
}
