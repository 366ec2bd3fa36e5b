import Fluent
import Foundation
import VigilCore

/// One saved version of the reporting deadlines, with its legal source and effective date.
final class ReportingRuleRecord: Model, @unchecked Sendable {
    static let schema = "reporting_rules"

    @ID(key: .id) var id: UUID?
    @Field(key: "notification_days") var notificationDays: Int
    @Field(key: "immediate_hours") var immediateHours: Int
    @Field(key: "legal_reference") var legalReference: String
    /// ISO date, yyyy-MM-dd.
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String

    init() {}

    var rule: ReportingRule {
        ReportingRule(notificationDays: notificationDays, immediateWithinHours: immediateHours,
                      source: LegalSource(reference: legalReference, effectiveFrom: effectiveFrom))
    }
}

/// The reporting deadlines in force: Vigil's default (Circular 20/2017) and every version an
/// administrator saved since. An incident copies the rule in force on the day it was discovered,
/// so a later change of the law does not move its clock.
struct ReportingRuleStore: Sendable {
    let timeZone: TimeZone

    func book(on db: any Database) async throws -> ReportingRuleBook {
        ReportingRuleBook(try await ReportingRuleRecord.query(on: db).sort(\.$effectiveFrom).all().map(\.rule))
    }

    func day(_ date: Date) -> String { ISODay.string(date, in: timeZone) }

    func rule(at date: Date, on db: any Database) async throws -> ReportingRule {
        try await book(on: db).rule(onDay: day(date))
    }

    func history(on db: any Database) async throws -> [ReportingRuleRecord] {
        try await ReportingRuleRecord.query(on: db).sort(\.$effectiveFrom, .descending).sort(\.$createdAt, .descending).all()
    }

    func save(_ rule: ReportingRule, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        var problems = FieldProblems()
        for problem in rule.problems {
            switch problem {
            case .daysOutOfRange: problems.add(.invalid("notificationDays", "criteria.error.days"))
            case .hoursOutOfRange: problems.add(.invalid("immediateHours", "criteria.error.hours"))
            }
        }
        let reference = try problems.check { try InputValidation.name(rule.source.reference, field: "legalReference", maxLength: 300) }
        if ISODay.parse(rule.source.effectiveFrom) == nil { problems.add(.invalid("effectiveFrom", "validation.date")) }
        try problems.throwIfAny()
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let record = ReportingRuleRecord()
            record.id = UUID()
            record.notificationDays = rule.notificationDays
            record.immediateHours = rule.immediateWithinHours
            record.legalReference = reference ?? rule.source.reference
            record.effectiveFrom = rule.source.effectiveFrom
            record.createdAt = now
            record.createdBy = user.displayName
            try await record.create(on: db)
            var changes = AuditChanges()
            changes.created("notificationDays", String(rule.notificationDays))
            changes.created("immediateHours", String(rule.immediateWithinHours))
            changes.created("effectiveFrom", rule.source.effectiveFrom)
            audit.record(organisationID: nil, action: "reporting_rule.save", objectType: "reporting_rule",
                         objectID: try record.requireID().uuidString.lowercased(), changes: changes)
        }
    }
}
