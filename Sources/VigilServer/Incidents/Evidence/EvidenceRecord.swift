import Fluent
import Foundation

/// A file kept as evidence of an incident; its bytes live in the blob store under `sha256`.
final class EvidenceRecord: Model, @unchecked Sendable {
    static let schema = "incident_evidence"

    @ID(key: .id) var id: UUID?
    @Field(key: "sha256") var sha256: String
    @Field(key: "filename") var filename: String
    /// As the uploader's browser declared it: shown, never trusted (downloads are always octet-stream).
    @Field(key: "declared_type") var declaredType: String
    @Field(key: "size_bytes") var sizeBytes: Int64
    @OptionalField(key: "description") var details: String?
    @Field(key: "added_at") var addedAt: Date
    @OptionalField(key: "added_by_id") var addedByID: UUID?
    @Field(key: "added_by") var addedBy: String
    @Parent(key: "incident_id") var incident: IncidentRecord

    init() {}

    init(incidentID: UUID, sha256: String, filename: String, declaredType: String, sizeBytes: Int, details: String?,
         addedAt: Date, addedByID: UUID, addedBy: String) {
        self.id = UUID()
        self.$incident.id = incidentID
        self.sha256 = sha256
        self.filename = filename
        self.declaredType = declaredType
        self.sizeBytes = Int64(sizeBytes)
        self.details = details
        self.addedAt = addedAt
        self.addedByID = addedByID
        self.addedBy = addedBy
    }
}

/// The chain of custody: every time a piece of evidence was added, handed out, or found altered.
final class EvidenceCustodyRecord: Model, @unchecked Sendable {
    static let schema = "evidence_custody"

    enum Action: String, Codable, Sendable {
        case added
        case downloaded
        case integrityFailed = "integrity_failed"
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "evidence_id") var evidenceID: UUID
    @Field(key: "incident_id") var incidentID: UUID
    @Field(key: "action") var action: String
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor") var actor: String
    @OptionalField(key: "address") var address: String?

    init() {}

    init(evidenceID: UUID, incidentID: UUID, action: Action, at: Date, actorID: UUID?, actor: String, address: String?) {
        self.id = UUID()
        self.evidenceID = evidenceID
        self.incidentID = incidentID
        self.action = action.rawValue
        self.at = at
        self.actorID = actorID
        self.actor = actor
        self.address = address
    }
}
