import Fluent
import Foundation

/// An official report as it was issued: its DOCX bytes (in the blob store, by digest), who sent it,
/// to whom and when. Never updated or deleted.
final class IssuedReportRecord: Model, @unchecked Sendable {
    static let schema = "issued_reports"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "size_bytes") var sizeBytes: Int64
    @Field(key: "recipients") var recipients: String
    @OptionalField(key: "channel") var channel: String?
    @Field(key: "template_version") var templateVersion: Int
    @Field(key: "issued_at") var issuedAt: Date
    @OptionalField(key: "issued_by_id") var issuedByID: UUID?
    @Field(key: "issued_by") var issuedBy: String
    @Parent(key: "incident_id") var incident: IncidentRecord

    init() {}

    init(incidentID: UUID, kind: String, title: String, sha256: String, sizeBytes: Int, recipients: String, channel: String?,
         templateVersion: Int, issuedAt: Date, issuedByID: UUID, issuedBy: String) {
        self.id = UUID()
        self.$incident.id = incidentID
        self.kind = kind
        self.title = title
        self.sha256 = sha256
        self.sizeBytes = Int64(sizeBytes)
        self.recipients = recipients
        self.channel = channel
        self.templateVersion = templateVersion
        self.issuedAt = issuedAt
        self.issuedByID = issuedByID
        self.issuedBy = issuedBy
    }
}

/// One version of a report template, with the legal source it follows and the day it takes effect.
/// Version 0 is Vigil's built-in default and is never stored.
final class ReportTemplateRecord: Model, @unchecked Sendable {
    static let schema = "report_templates"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "version") var version: Int
    @Field(key: "body") var body: String
    @Field(key: "legal_reference") var legalReference: String
    /// ISO date, yyyy-MM-dd.
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String

    init() {}

    init(kind: String, version: Int, body: String, legalReference: String, effectiveFrom: String, createdAt: Date, createdBy: String) {
        self.id = UUID()
        self.kind = kind
        self.version = version
        self.body = body
        self.legalReference = legalReference
        self.effectiveFrom = effectiveFrom
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}
