import Fluent
import Foundation
import SQLKit
import VigilCore

/// One saved version of the severity criteria (the whole set as JSON), with its source and date.
final class SeverityCriteriaRecord: Model, @unchecked Sendable {
    static let schema = "severity_criteria"

    @ID(key: .id) var id: UUID?
    @Field(key: "body") var body: String
    @Field(key: "legal_reference") var legalReference: String
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String

    init() {}

    var criteria: SeverityCriteria? {
        guard var criteria = try? JSONDecoder().decode(SeverityCriteria.self, from: Data(body.utf8)) else { return nil }
        criteria.source = LegalSource(reference: legalReference, effectiveFrom: effectiveFrom)
        return criteria
    }
}

/// The severity criteria in force: Vigil's default and the versions an administrator saved.
struct SeverityCriteriaStore: Sendable {
    let timeZone: TimeZone

    func book(on db: any Database) async throws -> SeverityCriteriaBook {
        SeverityCriteriaBook(try await SeverityCriteriaRecord.query(on: db).sort(\.$effectiveFrom).all().compactMap(\.criteria))
    }

    func criteria(at date: Date, on db: any Database) async throws -> SeverityCriteria {
        try await book(on: db).criteria(onDay: ISODay.string(date, in: timeZone))
    }

    func history(on db: any Database) async throws -> [SeverityCriteriaRecord] {
        try await SeverityCriteriaRecord.query(on: db).sort(\.$effectiveFrom, .descending).sort(\.$createdAt, .descending).all()
    }

    func save(_ criteria: SeverityCriteria, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        var problems = FieldProblems()
        for problem in criteria.problems {
            switch problem {
            case .notPositive: problems.add(.invalid("usersMedium", "criteria.error.positive"))
            case .scopeOrder: problems.add(.invalid("usersLarge", "criteria.error.scope_order"))
            case .outageOrder: problems.add(.invalid("outageHoursLong", "criteria.error.outage_order"))
            case .levelOrder: problems.add(.invalid("highFrom", "criteria.error.level_order"))
            }
        }
        let reference = try problems.check { try InputValidation.name(criteria.source.reference, field: "legalReference", maxLength: 300) }
        if ISODay.parse(criteria.source.effectiveFrom) == nil { problems.add(.invalid("effectiveFrom", "validation.date")) }
        try problems.throwIfAny()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = String(decoding: try encoder.encode(criteria), as: UTF8.self)
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let record = SeverityCriteriaRecord()
            record.id = UUID()
            record.body = body
            record.legalReference = reference ?? criteria.source.reference
            record.effectiveFrom = criteria.source.effectiveFrom
            record.createdAt = now
            record.createdBy = user.displayName
            try await record.create(on: db)
            var changes = AuditChanges()
            changes.created("criteria", body)
            audit.record(organisationID: nil, action: "severity_criteria.save", objectType: "severity_criteria",
                         objectID: try record.requireID().uuidString.lowercased(), changes: changes)
        }
    }
}
