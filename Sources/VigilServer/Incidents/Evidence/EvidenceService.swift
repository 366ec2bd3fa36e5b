import Fluent
import Foundation
import VigilCore

/// Adding evidence to an incident and handing it out, each step written to the custody log.
struct EvidenceService: Sendable {
    let blobs: BlobStore
    let policy: EvidencePolicy

    struct Upload: Sendable {
        var filename: String
        var declaredType: String
        var data: Data
    }

    /// Refuses the first file that breaks the policy, naming it; stores nothing then.
    func check(_ uploads: [Upload], field: String = "file") throws {
        if uploads.count > policy.maxFiles {
            var error = VigilError.invalid(field, EvidencePolicy.Problem.tooManyFiles(max: policy.maxFiles).messageKey,
                                           [String(uploads.count), String(policy.maxFiles)])
            error.code = EvidencePolicy.Problem.tooManyFiles(max: policy.maxFiles).code
            throw error
        }
        for upload in uploads {
            let name = EvidencePolicy.safeFilename(upload.filename)
            let problem = EvidencePolicy.climbsOut(upload.filename) ? .pathInName
                : policy.check(filename: name, size: upload.data.count, head: upload.data.prefix(4))
            if let problem {
                var error = VigilError.invalid(field, problem.messageKey, [name, Self.megabytes(policy.maxBytes)])
                error.code = problem.code
                if case .tooLarge = problem { error.status = .payloadTooLarge }
                throw error
            }
        }
    }

    static func megabytes(_ bytes: Int) -> String { String(bytes / (1024 * 1024)) }

    /// A checked file whose bytes are already in the blob store.
    struct Stored: Sendable {
        let filename: String
        let declaredType: String
        let size: Int
        let digest: String
    }

    /// Checks every file, then stores their bytes (content-addressed, so a retry or a failed
    /// transaction later leaves nothing wrong, only an unreferenced blob).
    func store(_ uploads: [Upload]) async throws -> [Stored] {
        try check(uploads)
        var stored: [Stored] = []
        for upload in uploads {
            stored.append(Stored(filename: EvidencePolicy.safeFilename(upload.filename), declaredType: String(upload.declaredType.prefix(100)),
                                 size: upload.data.count, digest: try await blobs.put(upload.data)))
        }
        return stored
    }

    func add(_ uploads: [Upload], description: String?, to incident: IncidentRecord, by user: CurrentUser, address: String?,
             on db: any Database, now: Date = Date()) async throws -> [EvidenceRecord] {
        let note = try InputValidation.optionalName(description, field: "description", maxLength: 500)
        let stored = try await store(uploads)
        return try await db.change(by: .user(user, address: address), at: now) { db, audit in
            try await record(stored, description: note, to: incident, by: user, address: address, audit: audit, on: db, now: now)
        }
    }

    /// Records stored files, their custody and the timeline; call it inside the caller's change.
    func record(_ stored: [Stored], description note: String?, to incident: IncidentRecord, by user: CurrentUser, address: String?,
                audit: AuditEntries, on db: any Database, now: Date = Date()) async throws -> [EvidenceRecord] {
        let incidentID = try incident.requireID()
        var records: [EvidenceRecord] = []
        for file in stored {
            let record = EvidenceRecord(
                incidentID: incidentID, sha256: file.digest, filename: file.filename, declaredType: file.declaredType,
                sizeBytes: file.size, details: note, addedAt: now, addedByID: user.userID, addedBy: user.displayName)
            try await record.create(on: db)
            try await EvidenceCustodyRecord(evidenceID: try record.requireID(), incidentID: incidentID, action: .added, at: now,
                                            actorID: user.userID, actor: user.displayName, address: address).create(on: db)
            try await IncidentEventRecord(incidentID: incidentID, at: now, actorID: user.userID, actorLabel: user.displayName,
                                          kind: "evidence", note: "\(file.filename) (SHA-256 \(file.digest))").create(on: db)
            var changes = AuditChanges()
            changes.created("filename", file.filename)
            changes.created("sha256", file.digest)
            audit.record(organisationID: incident.$organisation.id, action: "incident.evidence.add", objectType: "incident",
                         objectID: incidentID.uuidString.lowercased(), changes: changes)
            records.append(record)
        }
        return records
    }

    func list(for incident: IncidentRecord, on db: any Database) async throws -> [EvidenceRecord] {
        try await EvidenceRecord.query(on: db).filter(\.$incident.$id == incident.requireID()).sort(\.$addedAt).all()
    }

    func custody(for incident: IncidentRecord, on db: any Database) async throws -> [EvidenceCustodyRecord] {
        try await EvidenceCustodyRecord.query(on: db).filter(\.$incidentID == incident.requireID()).sort(\.$at).all()
    }

    func find(_ id: UUID, in incident: IncidentRecord, on db: any Database) async throws -> EvidenceRecord {
        guard let record = try await EvidenceRecord.query(on: db).filter(\.$id == id)
            .filter(\.$incident.$id == incident.requireID()).first() else { throw VigilError.notFound }
        return record
    }

    /// The file's bytes after re-checking its digest. A missing or altered file is logged in the
    /// custody chain and refused (409), so nobody is handed something other than what was received.
    func download(_ evidence: EvidenceRecord, of incident: IncidentRecord, by user: CurrentUser, address: String?, on db: any Database,
                  now: Date = Date()) async throws -> Data {
        let evidenceID = try evidence.requireID()
        let incidentID = evidence.$incident.id
        do {
            let data = try await blobs.get(evidence.sha256)
            try await db.write { db in
                try await EvidenceCustodyRecord(evidenceID: evidenceID, incidentID: incidentID, action: .downloaded, at: now,
                                                actorID: user.userID, actor: user.displayName, address: address).create(on: db)
            }
            return data
        } catch let failure as BlobStore.Failure {
            try await db.change(by: .user(user, address: address), at: now) { db, audit in
                try await EvidenceCustodyRecord(evidenceID: evidenceID, incidentID: incidentID, action: .integrityFailed, at: now,
                                                actorID: user.userID, actor: user.displayName, address: address).create(on: db)
                var changes = AuditChanges()
                changes.created("sha256", evidence.sha256)
                changes.created("failure", failure == .missing ? "missing" : "altered")
                audit.record(organisationID: incident.$organisation.id, action: "incident.evidence.integrity_failed", objectType: "incident",
                             objectID: incidentID.uuidString.lowercased(), changes: changes)
            }
            throw VigilError(status: .conflict, code: "evidence_integrity_failed", messageKey: "evidence.error.integrity",
                             arguments: [evidence.filename])
        }
    }
}
