import Fluent
import Foundation
import VigilCore

/// The only code that reads the awareness tables (`AwarenessService` writes them).
struct AwarenessRepository: Sendable {
    /// A notice with its organisation, whoever asks (the caller decides who may see it:
    /// `AwarenessService.visibility`).
    func notice(_ id: UUID, on db: any Database) async throws -> AwarenessNoticeRecord? {
        try await AwarenessNoticeRecord.query(on: db).filter(\.$id == id).with(\.$organisation).first()
    }

    /// The notices issued by the organisations in scope, newest first.
    func issued(in scope: AccessScope, limit: Int, on db: any Database) async throws -> [AwarenessNoticeRecord] {
        try await AwarenessNoticeRecord.query(on: db)
            .join(OrganisationRecord.self, on: \AwarenessNoticeRecord.$organisation.$id == \OrganisationRecord.$id)
            .joinedOrganisation(within: scope).with(\.$organisation)
            .sort(\.$issuedAt, .descending).limit(limit).all()
    }

    func latestVersion(ofOrganisation id: UUID, on db: any Database) async throws -> Int {
        try await AwarenessNoticeRecord.query(on: db).filter(\.$organisation.$id == id).max(\.$version) ?? 0
    }

    /// The notices in force for a person of the organisation at `organisationPath`: from each
    /// organisation above them (and their own), the newest that reaches them. One query on the
    /// few organisations of the path (and one more for their organisations when `withOrganisations`).
    func current(forOrganisationPath organisationPath: String, withOrganisations: Bool = false, on db: any Database) async throws -> [AwarenessNoticeRecord] {
        let ancestors = organisationPath.split(separator: "/").compactMap { UUID(uuidString: String($0)) }
        guard !ancestors.isEmpty else { return [] }
        var query = AwarenessNoticeRecord.query(on: db).filter(\.$organisation.$id ~~ ancestors)
        if withOrganisations { query = query.with(\.$organisation) }
        let notices = try await query.sort(\.$version, .descending).limit(200).all()
        var seen: Set<UUID> = []
        return notices.filter { notice in
            guard !seen.contains(notice.$organisation.id), notice.audienceValue?.reaches(organisationPath: organisationPath) == true else { return false }
            seen.insert(notice.$organisation.id)
            return true
        }.sorted { $0.issuedAt < $1.issuedAt }
    }

    /// When the user acknowledged each of these notices.
    func acknowledgements(ofUser userID: UUID, notices: [UUID], on db: any Database) async throws -> [UUID: Date] {
        guard !notices.isEmpty else { return [:] }
        let rows = try await AwarenessAcknowledgementRecord.query(on: db).filter(\.$user.$id == userID).filter(\.$notice.$id ~~ notices).all()
        return Dictionary(rows.map { ($0.$notice.id, $0.acknowledgedAt) }, uniquingKeysWith: { first, _ in first })
    }

    /// The notices in force for the user that they have not acknowledged, oldest first: what the
    /// page after sign-in shows.
    func pending(userID: UUID, organisationPath: String, withOrganisations: Bool = false, on db: any Database) async throws -> [AwarenessNoticeRecord] {
        let current = try await current(forOrganisationPath: organisationPath, withOrganisations: withOrganisations, on: db)
        guard !current.isEmpty else { return [] }
        let acknowledged = try await acknowledgements(ofUser: userID, notices: current.compactMap(\.id), on: db)
        return current.filter { acknowledged[$0.id!] == nil }
    }

    /// Who acknowledged the notice and when, by user id.
    func acknowledgements(ofNotice id: UUID, on db: any Database) async throws -> [UUID: Date] {
        let rows = try await AwarenessAcknowledgementRecord.query(on: db).filter(\.$notice.$id == id).all()
        return Dictionary(rows.map { ($0.$user.id, $0.acknowledgedAt) }, uniquingKeysWith: { first, _ in first })
    }

    /// When each person was last reminded of the notice, by user id.
    func lastReminders(ofNotice id: UUID, on db: any Database) async throws -> [UUID: Date] {
        let rows = try await AwarenessDeliveryRecord.query(on: db).filter(\.$notice.$id == id)
            .filter(\.$kind == AwarenessDeliveryRecord.Kind.reminder.rawValue).all()
        return Dictionary(rows.map { ($0.$user.id, $0.sentAt) }, uniquingKeysWith: { max($0, $1) })
    }

    /// The delivery whose e-mail link has this token, by its digest.
    func delivery(token: String, on db: any Database) async throws -> AwarenessDeliveryRecord? {
        guard !token.isEmpty, token.count <= 100 else { return nil }
        return try await AwarenessDeliveryRecord.query(on: db).filter(\.$tokenDigest == Secrets.sha256Hex(token)).first()
    }
}

extension AwarenessNoticeRecord {
    /// The audience as the rules read it; nil only for a row changed by hand.
    var audienceValue: NoticeAudience? { NoticeAudience(kind: audience, storedPaths: audiencePaths) }

    /// The notice's text in a reader's language.
    func text(_ language: UILanguage) -> String { language == .en ? textEn : textVi }
}
