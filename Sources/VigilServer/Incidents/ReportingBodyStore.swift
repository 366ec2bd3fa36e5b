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
        let today = ReportingRuleStore(timeZone: timeZone).day(now)
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
        if ReportService.parseDay(body.source.effectiveFrom) == nil { problems.add(.invalid("effectiveFrom", "validation.date")) }
        try problems.throwIfAny()
        try await db.write { db in
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
            guard let user else { return }
            var changes = AuditChanges()
            changes.created("name", record.name)
            changes.created("kind", record.kind)
            try await AuditLog.append(on: db, actor: .user(user, address: address), organisationID: nil, action: "reporting_body.add",
                                      objectType: "reporting_body", objectID: try record.requireID().uuidString.lowercased(), changes: changes, now: now)
        }
    }

    func retire(_ id: UUID, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        try await Retirement.retire(ReportingBodyRecord.self, id, action: "reporting_body.retire", objectType: "reporting_body", by: user, address: address, on: db, now: now)
    }
}

/// Creates the list of bodies and fills it with the starting list and its sources.
struct AddReportingBodies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReportingBodyRecord.schema)
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("contact", .string, .required)
            .field("legal_reference", .string, .required)
            .field("effective_from", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .field("retired_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        let now = Date()
        for (index, body) in ReportingBody.defaults.enumerated() {
            try await sql.insert(into: ReportingBodyRecord.schema)
                .columns("id", "name", "kind", "contact", "legal_reference", "effective_from", "created_at", "created_by")
                .values(SQLBind(UUID()), SQLBind(body.name), SQLBind(body.kind.rawValue), SQLBind(body.contact), SQLBind(body.source.reference),
                        SQLBind(body.source.effectiveFrom), SQLBind(now.addingTimeInterval(Double(index))), SQLBind("Vigil"))
                .run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReportingBodyRecord.schema).delete()
    }
}
