import Fluent
import Foundation
import VigilCore

/// The periodic reports: generating a draft from the data of its period, generating it again,
/// issuing it (the figures frozen, the DOCX kept by its SHA-256), and reading them within the
/// caller's scope. Every write is one change with its audit entry.
struct PeriodicReportService: Sendable {
    let repository: PeriodicReportRepository
    let organisations: OrganisationRepository
    let figures: PeriodicFiguresSource
    let wording: PeriodicReportWording
    let blobs: BlobStore
    /// Official reports are written in Vietnamese, whatever the user's screen language.
    let language: UILanguage = .vi

    var calendar: Calendar { wording.calendar }

    static func id(_ uuid: UUID) -> String { uuid.uuidString.lowercased() }

    /// What the API and the form give to generate a report, unchecked.
    struct Order: Sendable {
        var organisationID: String?
        var kind: String?
        var year: String?
    }

    /// A checked order: every problem named at once, then the organisation looked up in the
    /// caller's scope (404 outside it, whatever the id).
    func check(_ order: Order, for user: CurrentUser, on db: any Database, now: Date) async throws -> (OrganisationRecord, PeriodicReportKind, Int) {
        var problems = FieldProblems()
        let organisationID = try problems.check { try InputValidation.uuid(order.organisationID, field: "organisationId") } ?? nil
        if order.organisationID?.nilIfEmpty == nil { problems.add(.invalid("organisationId", "validation.required")) }
        let kind = PeriodicReportKind(rawValue: order.kind?.trimmingCharacters(in: .whitespaces) ?? "")
        if kind == nil { problems.add(.invalid("kind", "periodic.error.kind")) }
        let years = PeriodicReportSchedule.validYears(today: CalendarDay(now, calendar: calendar))
        let year = order.year.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if year.map({ !years.contains($0) }) ?? true {
            problems.add(.invalid("year", "periodic.error.year", [String(years.lowerBound), String(years.upperBound)]))
        }
        try problems.throwIfAny()
        guard let organisationID, let kind, let year else { throw VigilError.internal }
        guard let organisation = try await organisations.find(organisationID, in: user.scope, on: db) else { throw VigilError.notFound }
        return (organisation, kind, year)
    }

    /// Generates the report: the draft of that organisation, kind and year generated again when
    /// there is one (answers false), else a new draft (true).
    func generate(_ order: Order, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws -> (PeriodicReportRecord, created: Bool) {
        let (organisation, kind, year) = try await check(order, for: user, on: db, now: now)
        let organisationID = try organisation.requireID()
        if let draft = try await repository.reports(of: organisationID, kind: kind, year: year, on: db)
            .last(where: { $0.status == PeriodicReportStatus.draft.rawValue }) {
            return (try await regenerate(draft, by: user, address: address, on: db, now: now), false)
        }
        let deadline = PeriodicReportSchedule.deadline(kind, year: year)
        let content = try await figures.content(for: organisation, deadline: deadline, on: db, now: now)
        let record = PeriodicReportRecord()
        record.id = UUID()
        (record.organisationID, record.kind, record.year, record.status) = (organisationID, kind.rawValue, year, PeriodicReportStatus.draft.rawValue)
        (record.periodStart, record.periodEnd, record.dueOn) = (deadline.periodStart.description, deadline.periodEnd.description, deadline.dueOn.description)
        (record.generatedAt, record.generatedBy, record.content) = (now, user.displayName, try Self.encode(content))
        do {
            try await db.change(by: .user(user, address: address), at: now) { db, audit in
                try await repository.create(record, on: db)
                audit.record(organisationID: organisationID, action: "periodic_report.generate", objectType: "periodic_report",
                             objectID: Self.id(record.id!), changes: Self.changes(record))
            }
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            // Another generation made the draft meanwhile (`periodic_reports_one_draft`): generate that one again.
            guard let draft = try await repository.reports(of: organisationID, kind: kind, year: year, on: db)
                .last(where: { $0.status == PeriodicReportStatus.draft.rawValue }) else { throw error }
            return (try await regenerate(draft, by: user, address: address, on: db, now: now), false)
        }
        return (record, true)
    }

    /// Generates a draft again from the data as it now is. An issued report never changes (409).
    func regenerate(_ record: PeriodicReportRecord, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws -> PeriodicReportRecord {
        guard record.status == PeriodicReportStatus.draft.rawValue else { throw VigilError.conflict(nil, "error.periodic_report_issued") }
        guard let organisation = try await organisations.find(record.organisationID, on: db) else { throw VigilError.notFound }
        let content = try await figures.content(for: organisation, deadline: try deadline(of: record), on: db, now: now)
        record.content = try Self.encode(content)
        (record.generatedAt, record.generatedBy) = (now, user.displayName)
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            guard try await repository.lockDraft(record.id!, on: db) else { throw VigilError.conflict(nil, "error.periodic_report_issued") }
            try await repository.update(record, on: db)
            audit.record(organisationID: record.organisationID, action: "periodic_report.generate", objectType: "periodic_report",
                         objectID: Self.id(record.id!), changes: Self.changes(record))
        }
        return record
    }

    /// Issues a draft: its figures as generated, in the template in force now, written as the DOCX
    /// kept by its SHA-256; an earlier issued report of the same organisation, kind and year is
    /// superseded. Issued once only (409 after).
    func issue(_ record: PeriodicReportRecord, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws -> PeriodicReportRecord {
        guard record.status == PeriodicReportStatus.draft.rawValue else { throw VigilError.conflict(nil, "error.periodic_report_issued") }
        let document = try await document(record, issuedBy: user.displayName, issuedAt: now, on: db, now: now)
        let docx = try wording.docx(title: document.title, blocks: document.blocks)
        let digest = try await blobs.put(docx)
        let kind = try Self.kind(of: record)
        let earlier = try await repository.reports(of: record.organisationID, kind: kind, year: record.year, on: db)
            .last { $0.status == PeriodicReportStatus.issued.rawValue }
        record.status = PeriodicReportStatus.issued.rawValue
        record.issuedAt = now
        record.issuedBy = user.displayName
        record.issuedByID = user.userID
        record.sha256 = digest
        record.sizeBytes = Int64(docx.count)
        record.templateVersion = document.templateVersion
        record.supersedesID = earlier?.id
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            guard try await repository.lockDraft(record.id!, on: db) else { throw VigilError.conflict(nil, "error.periodic_report_issued") }
            try await repository.update(record, on: db)
            var changes = AuditChanges()
            changes.created("sha256", digest)
            changes.created("templateVersion", String(document.templateVersion))
            if let earlier = earlier?.id { changes.created("supersedes", Self.id(earlier)) }
            audit.record(organisationID: record.organisationID, action: "periodic_report.issue", objectType: "periodic_report",
                         objectID: Self.id(record.id!), changes: changes)
        }
        return record
    }

    // MARK: Reading

    /// A report, if the caller may see its organisation (404 otherwise, whatever the id).
    func find(_ id: UUID, for user: CurrentUser, on db: any Database) async throws -> (PeriodicReportRecord, OrganisationRecord) {
        guard let record = try await repository.find(id, on: db),
              let organisation = try await organisations.find(record.organisationID, in: user.scope, on: db) else { throw VigilError.notFound }
        return (record, organisation)
    }

    /// The reports of the organisations the caller sees, newest first, from `offset`, one more
    /// than `limit` when more follow.
    func list(for user: CurrentUser, filter: PeriodicReportRepository.Filter, offset: Int, limit: Int, on db: any Database) async throws -> [PeriodicReportRecord] {
        let visible = try await organisations.all(in: user.scope, on: db).compactMap(\.id)
        return try await repository.list(organisations: visible, filter: filter, offset: offset, limit: limit, on: db)
    }

    /// How many reports `list` pages through for this caller.
    func count(for user: CurrentUser, filter: PeriodicReportRepository.Filter, on db: any Database) async throws -> Int {
        try await repository.count(organisations: try await organisations.all(in: user.scope, on: db).compactMap(\.id), filter: filter, on: db)
    }

    /// Each report's state as shown: an issued report a later one supersedes is `superseded`.
    func statuses(_ records: [PeriodicReportRecord], on db: any Database) async throws -> [UUID: PeriodicReportStatus] {
        let superseded = try await repository.supersededIDs(records.compactMap(\.id), on: db)
        return Dictionary(uniqueKeysWithValues: records.map { record in
            (record.id!, superseded.contains(record.id!) ? .superseded : PeriodicReportStatus(rawValue: record.status) ?? .draft)
        })
    }

    func deadline(of record: PeriodicReportRecord) throws -> PeriodicDeadline {
        PeriodicReportSchedule.deadline(try Self.kind(of: record), year: record.year)
    }

    static func kind(of record: PeriodicReportRecord) throws -> PeriodicReportKind {
        guard let kind = PeriodicReportKind(rawValue: record.kind) else { throw VigilError.internal }
        return kind
    }

    func content(of record: PeriodicReportRecord) throws -> PeriodicReportContent {
        try Self.decoder.decode(PeriodicReportContent.self, from: Data(record.content.utf8))
    }

    struct Document: Sendable {
        let title: String
        let blocks: [DocumentBlock]
        let templateVersion: Int
        let legalSource: String
    }

    /// The report filled in: an issued one in the template version it was issued with (its DOCX is
    /// the stored file; this is its print page), a draft in the template in force.
    func document(_ record: PeriodicReportRecord, issuedBy: String? = nil, issuedAt: Date? = nil, language: UILanguage? = nil,
                  on db: any Database, now: Date = Date()) async throws -> Document {
        let kind = try Self.kind(of: record)
        guard let organisation = try await organisations.find(record.organisationID, on: db) else { throw VigilError.notFound }
        let inForce = try await template(kind, version: record.templateVersion, on: db, now: now)
        let subject = PeriodicReportWording.Subject(
            organisation: organisation.name, organisationCode: organisation.code, kind: kind, year: record.year, deadline: try deadline(of: record),
            content: try content(of: record), issuedBy: issuedBy ?? record.issuedBy ?? record.generatedBy, issuedAt: issuedAt ?? record.issuedAt ?? now)
        let rendered = inForce.template.render(wording.facts(subject, language: language ?? self.language))
        return Document(title: rendered.title, blocks: rendered.blocks, templateVersion: inForce.version, legalSource: inForce.template.source.reference)
    }

    /// The DOCX: an issued report's stored file (checked against its digest: 409 when altered), a
    /// draft's written now.
    func docx(_ record: PeriodicReportRecord, on db: any Database) async throws -> (data: Data, digest: String) {
        if let digest = record.sha256 {
            do {
                return (try await blobs.get(digest), digest)
            } catch is BlobStore.Failure {
                throw VigilError(status: .conflict, code: "report_integrity_failed", messageKey: "report.error.integrity")
            }
        }
        let document = try await document(record, on: db)
        let data = try wording.docx(title: document.title, blocks: document.blocks)
        return (data, BlobStore.digest(of: data))
    }

    // MARK: Coding

    static func encode(_ content: PeriodicReportContent) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(content), as: UTF8.self)
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    static func changes(_ record: PeriodicReportRecord) -> AuditChanges {
        var changes = AuditChanges()
        changes.created("kind", record.kind)
        changes.created("year", String(record.year))
        changes.created("period", "\(record.periodStart)/\(record.periodEnd)")
        return changes
    }
}
