import Fluent
import Foundation

/// A periodic report of an organisation for a kind and year. A draft holds the figures of its last
/// generation and can be generated again; issuing freezes them and keeps the DOCX, by its SHA-256,
/// in the blob store. An issued report is never changed: a later one of the same kind and year
/// supersedes it (`supersedes_id`).
final class PeriodicReportRecord: Model, @unchecked Sendable {
    static let schema = "periodic_reports"

    // Managed
    @ID(key: .id) var id: UUID?
    @Field(key: "generated_at") var generatedAt: Date
    @Field(key: "generated_by") var generatedBy: String

    // Data
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "year") var year: Int
    /// yyyy-MM-dd, both included.
    @Field(key: "period_start") var periodStart: String
    @Field(key: "period_end") var periodEnd: String
    @Field(key: "due_on") var dueOn: String
    /// `draft` or `issued`.
    @Field(key: "status") var status: String
    /// `PeriodicReportContent` as JSON.
    @Field(key: "content") var content: String

    // Issuing
    @OptionalField(key: "issued_at") var issuedAt: Date?
    @OptionalField(key: "issued_by") var issuedBy: String?
    @OptionalField(key: "issued_by_id") var issuedByID: UUID?
    @OptionalField(key: "sha256") var sha256: String?
    @OptionalField(key: "size_bytes") var sizeBytes: Int64?
    @OptionalField(key: "template_version") var templateVersion: Int?
    @OptionalField(key: "supersedes_id") var supersedesID: UUID?

    init() {}
}

/// One version of a periodic report's template, with the legal source it follows and the day it
/// takes effect. Version 0 is Vigil's built-in default and is never stored.
final class PeriodicReportTemplateRecord: Model, @unchecked Sendable {
    static let schema = "periodic_report_templates"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "version") var version: Int
    @Field(key: "body") var body: String
    @Field(key: "legal_reference") var legalReference: String
    /// yyyy-MM-dd.
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String

    init() {}
}

/// A reminder sent for a report not yet issued: one row per organisation, kind, year and reminder
/// (14 or 3 days before), so that each goes once whatever the job's schedule.
final class PeriodicReportReminderRecord: Model, @unchecked Sendable {
    static let schema = "periodic_report_reminders"

    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "year") var year: Int
    @Field(key: "days_before") var daysBefore: Int
    @Field(key: "sent_at") var sentAt: Date

    init() {}
}
