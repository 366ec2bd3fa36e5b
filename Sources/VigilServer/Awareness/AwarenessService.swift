import Fluent
import Foundation
import VigilCore

/// Issuing notices, acknowledging them (from a page, the API or the e-mail's link) and reminding
/// the people who have not: each one call, one transaction with its audit entry, and the e-mails
/// queued in that transaction (`MailOutbox`), so that a message exists exactly when its change does.
struct AwarenessService: Sendable {
    let repository: AwarenessRepository
    let organisations: OrganisationRepository
    let users: UserRepository
    let focalPoints: FocalPointDirectory
    let notifications: NotificationService
    let outbox: MailOutbox
    let mailSettings: MailSettingsStore
    let text: AwarenessText

    /// What the caller may do with a notice; nil: they may not see it (404).
    struct Visibility: Sendable {
        /// It addresses the caller, who can acknowledge it.
        let addressed: Bool
        /// The caller may follow who acknowledged it and remind the others.
        let manages: Bool
    }

    /// A notice is read by the people it addresses and by anyone whose scope holds the issuing
    /// organisation (it is no secret inside the agency); it is managed by a focal point there.
    func visibility(of notice: AwarenessNoticeRecord, for user: CurrentUser) -> Visibility? {
        let issuerPath = notice.organisation.path
        let addressed = notice.audienceValue?.reaches(organisationPath: user.scope.organisationPath) ?? false
        let inScope = user.scope.contains(path: issuerPath)
        guard addressed || inScope else { return nil }
        return Visibility(addressed: addressed, manages: inScope && user.has(.manageAwareness))
    }

    /// The notice a focal point starts from: the default text and the organisation's focal point.
    func defaultDraft(for user: CurrentUser, on db: any Database) async throws -> NoticeDraft {
        let focalPoint = try await focalPoints.focalPoint(ofOrganisation: user.organisationID, preferring: user.userID, on: db)
        return text.defaultDraft(organisationName: user.organisationName, focalPoint: focalPoint)
    }

    /// The units a notice can be addressed to: the organisations below the caller's own.
    func units(for user: CurrentUser, on db: any Database) async throws -> [OrganisationRecord] {
        let own = user.scope.organisationPath
        return try await organisations.all(in: user.scope, on: db).filter { $0.path != own && $0.path.hasPrefix(own) }
    }

    /// The people a notice addresses today, their records by id, and their organisations' names.
    struct Staff: Sendable {
        let members: [StaffMember]
        let records: [UUID: UserRecord]
        let unitNames: [String: String]
    }

    func staff(of audience: NoticeAudience, on db: any Database) async throws -> Staff {
        var organisationsByID: [UUID: OrganisationRecord] = [:]
        for path in audience.paths {
            for organisation in try await organisations.subtree(ofPath: path, on: db) { organisationsByID[organisation.id!] = organisation }
        }
        let people = try await users.active(inOrganisations: Array(organisationsByID.keys), on: db).filter { !$0.isSystem }
        let members = people.compactMap { user -> StaffMember? in
            guard let organisation = organisationsByID[user.$organisation.id] else { return nil }
            return StaffMember(id: user.id!.uuidString.lowercased(), name: user.displayName,
                               organisationID: user.$organisation.id.uuidString.lowercased(), organisationPath: organisation.path)
        }
        return Staff(members: audience.recipients(among: members),
                     records: Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0) }),
                     unitNames: Dictionary(uniqueKeysWithValues: organisationsByID.map { ($0.key.uuidString.lowercased(), $0.value.name) }))
    }

    /// Who acknowledged the notice, per unit.
    func tally(of notice: AwarenessNoticeRecord, on db: any Database) async throws -> (tally: AcknowledgementTally, reminded: [UUID: Date]) {
        guard let audience = notice.audienceValue else { throw VigilError.internal }
        let staff = try await staff(of: audience, on: db)
        let acknowledged = try await repository.acknowledgements(ofNotice: notice.id!, on: db)
        let tally = AcknowledgementTally(recipients: staff.members,
                                         acknowledgements: Dictionary(uniqueKeysWithValues: acknowledged.map { ($0.key.uuidString.lowercased(), $0.value) }),
                                         unitNames: staff.unitNames)
        return (tally, try await repository.lastReminders(ofNotice: notice.id!, on: db))
    }

    // MARK: Issuing

    /// A notice as asked for: nil fields take the default (texts, the focal point's name).
    struct IssueRequest: Sendable {
        var audience: String?
        var unitIDs: [String]
        var textVi: String?
        var textEn: String?
        var focalPointName: String?
        var focalPointPhone: String?
    }

    /// Issues a new version of the caller's organisation's notice to its staff or to chosen units,
    /// e-mails each recipient in their language (when mail is set up), and counts the issuer as
    /// having read it. Every problem is named by its field; nothing is stored when one is found.
    func issue(_ request: IssueRequest, by user: CurrentUser, address: String?, now: Date, on db: any Database) async throws -> AwarenessNoticeRecord {
        guard let organisation = try await organisations.find(user.organisationID, on: db) else { throw VigilError.notFound }
        let defaults = try await defaultDraft(for: user, on: db)
        var problems = FieldProblems()
        let draft = NoticeDraft(textVi: request.textVi ?? defaults.textVi, textEn: request.textEn ?? defaults.textEn,
                                focalPointName: request.focalPointName ?? defaults.focalPointName,
                                focalPointPhone: request.focalPointPhone ?? defaults.focalPointPhone)
        var checked: NoticeDraft?
        switch draft.validated() {
        case .success(let value): checked = value
        case .failure(let found): found.all.forEach { problems.add(Self.error($0)) }
        }
        let audience = try await audience(request, issuer: organisation, scope: user.scope, problems: &problems, on: db)
        try problems.throwIfAny()
        guard let checked, let audience else { throw VigilError.internal }
        return try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let version = try await repository.latestVersion(ofOrganisation: organisation.id!, on: db) + 1
            let notice = AwarenessNoticeRecord()
            notice.id = UUID.timeOrdered(at: now)
            notice.$organisation.id = organisation.id!
            notice.$issuedBy.id = user.userID
            (notice.issuedAt, notice.version, notice.issuedByName) = (now, version, user.displayName)
            (notice.audience, notice.audiencePaths) = (audience.kind.rawValue, audience.storedPaths)
            (notice.textVi, notice.textEn) = (checked.textVi, checked.textEn)
            (notice.focalPointName, notice.focalPointPhone) = (checked.focalPointName, checked.focalPointPhone)
            notice.digest = checked.digest(version: version, audience: audience)
            try await notice.create(on: db)
            notice.$organisation.value = organisation
            let staff = try await staff(of: audience, on: db)
            let recipients = staff.members.compactMap { UUID(uuidString: $0.id).flatMap { staff.records[$0] } }
            if recipients.contains(where: { $0.id == user.userID }) {
                try await AwarenessAcknowledgementRecord(noticeID: notice.id!, userID: user.userID, channel: .issued, at: now).create(on: db)
            }
            try await deliver(notice, organisationName: organisation.name, to: recipients.filter { $0.id != user.userID }, kind: .issued, on: db, now: now)
            var changes = AuditChanges()
            changes.created("version", String(version))
            changes.created("audience", audience.kind == .units ? audience.unitIDs.joined(separator: ",") : audience.kind.rawValue)
            changes.created("recipients", String(recipients.count))
            changes.created("digest", notice.digest)
            audit.record(organisationID: organisation.id, action: "awareness.issue", objectType: "awareness_notice",
                         objectID: notice.id!.uuidString.lowercased(), changes: changes)
            return notice
        }
    }

    private func audience(_ request: IssueRequest, issuer: OrganisationRecord, scope: AccessScope, problems: inout FieldProblems,
                          on db: any Database) async throws -> NoticeAudience? {
        switch request.audience.flatMap(NoticeAudience.Kind.init(rawValue:)) {
        case nil:
            problems.add(.invalid("audience", request.audience == nil ? "validation.required" : "error.awareness.audience"))
            return nil
        case .organisation:
            return .organisation(path: issuer.path)
        case .units:
            // Each unit is looked up: a list longer than any agency's units is refused before that.
            guard request.unitIDs.count <= Self.maxUnits else {
                problems.add(.invalid("unitIds", "error.awareness.too_many_units", [String(Self.maxUnits)]))
                return nil
            }
            var paths: [String] = []
            for raw in request.unitIDs {
                guard let id = UUID(uuidString: raw.trimmingCharacters(in: .whitespaces)),
                      let unit = try await organisations.find(id, in: scope, on: db)
                else {
                    problems.add(Self.error(.unitOutside(raw)))
                    return nil
                }
                paths.append(unit.path)
            }
            do { return try NoticeAudience.units(paths, within: issuer.path) } catch {
                problems.add(Self.error(error))
                return nil
            }
        }
    }

    static let maxUnits = 500

    static func error(_ problem: AwarenessProblem) -> VigilError {
        switch problem {
        case .required(let field): .invalid(field, "validation.required")
        case .tooLong(let field, let maximum): .invalid(field, "validation.too_long", [String(maximum)])
        case .controlCharacters(let field): .invalid(field, "validation.control_characters")
        case .phone(let field): .invalid(field, "error.awareness.phone")
        case .noUnits: .invalid(problem.field, "error.awareness.no_units")
        case .unitOutside: .invalid(problem.field, "error.awareness.unit_outside")
        }
    }

    /// Sends the notice to `recipients`: with mail set up, an e-mail each in their language with a
    /// fresh one-time link (its digest kept), and a delivery row; a reminder is recorded for
    /// everyone reminded, e-mailed or not.
    func deliver(_ notice: AwarenessNoticeRecord, organisationName: String, to recipients: [UserRecord], kind: AwarenessDeliveryRecord.Kind,
                 on db: any Database, now: Date) async throws {
        let linking = try await mailSettings.linking(on: db)
        var deliveries: [AwarenessDeliveryRecord] = []
        var mails: [OutgoingMail] = []
        for user in recipients {
            guard let linking, let address = try? MailAddress(user.email), !address.domain.hasSuffix(".invalid") else {
                if kind == .reminder { deliveries.append(.init(noticeID: notice.id!, userID: user.id!, kind: kind, tokenDigest: nil, expiresAt: nil, at: now)) }
                continue
            }
            let token = linking.siteAddress == nil ? nil : Secrets.randomToken()
            let link = token.flatMap { token in linking.siteAddress.map { $0 + AwarenessPath.confirm(.value(token)).path } }
            deliveries.append(.init(noticeID: notice.id!, userID: user.id!, kind: kind, tokenDigest: token.map(Secrets.sha256Hex),
                                    expiresAt: token == nil ? nil : AcknowledgementLink.expiry(sentAt: now), at: now))
            mails.append(text.mail(notice, organisationName: organisationName, to: address, language: UILanguage(rawValue: user.locale) ?? .default,
                                   link: link, reminder: kind == .reminder))
        }
        if !deliveries.isEmpty { try await deliveries.create(on: db) }
        try await outbox.enqueue(mails, on: db, now: now)
    }
}
