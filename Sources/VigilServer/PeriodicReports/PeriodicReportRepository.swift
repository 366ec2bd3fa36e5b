import Fluent
import Foundation
import SQLKit
import VigilCore

/// The only code on `periodic_reports`, `periodic_report_templates` and `periodic_report_reminders`.
struct PeriodicReportRepository: Sendable {
    struct Filter: Sendable {
        var organisationID: UUID?
        var kind: PeriodicReportKind?
        var year: Int?
    }

    func find(_ id: UUID, on db: any Database) async throws -> PeriodicReportRecord? {
        try await PeriodicReportRecord.find(id, on: db)
    }

    /// The reports of these organisations, newest first, `limit` of them from `offset`.
    func list(organisations ids: [UUID], filter: Filter, offset: Int, limit: Int, on db: any Database) async throws -> [PeriodicReportRecord] {
        guard !ids.isEmpty else { return [] }
        return try await query(organisations: ids, filter: filter, on: db).sort(\.$year, .descending).sort(\.$generatedAt, .descending)
            .sort(\.$id).offset(offset).limit(limit).all()
    }

    /// How many reports `list` pages through.
    func count(organisations ids: [UUID], filter: Filter, on db: any Database) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await query(organisations: ids, filter: filter, on: db).count()
    }

    private func query(organisations ids: [UUID], filter: Filter, on db: any Database) -> QueryBuilder<PeriodicReportRecord> {
        var query = PeriodicReportRecord.query(on: db).filter(\.$organisationID ~~ ids)
        if let organisation = filter.organisationID { query = query.filter(\.$organisationID == organisation) }
        if let kind = filter.kind { query = query.filter(\.$kind == kind.rawValue) }
        if let year = filter.year { query = query.filter(\.$year == year) }
        return query
    }

    /// The reports of one organisation, kind and year, oldest first.
    func reports(of organisationID: UUID, kind: PeriodicReportKind, year: Int, on db: any Database) async throws -> [PeriodicReportRecord] {
        try await PeriodicReportRecord.query(on: db).filter(\.$organisationID == organisationID).filter(\.$kind == kind.rawValue)
            .filter(\.$year == year).sort(\.$generatedAt).all()
    }

    /// The organisations, among these, with an issued report of the kind and year.
    func issuedOrganisations(kind: PeriodicReportKind, year: Int, on db: any Database) async throws -> Set<UUID> {
        Set(try await PeriodicReportRecord.query(on: db).filter(\.$kind == kind.rawValue).filter(\.$year == year)
            .filter(\.$status == PeriodicReportStatus.issued.rawValue).all().map(\.organisationID))
    }

    func create(_ report: PeriodicReportRecord, on db: any Database) async throws { try await report.create(on: db) }
    func update(_ report: PeriodicReportRecord, on db: any Database) async throws { try await report.update(on: db) }

    // MARK: Templates

    /// The newest version that has taken effect by `today`, if any is stored.
    func template(_ kind: PeriodicReportKind, inForceOn today: String, on db: any Database) async throws -> PeriodicReportTemplateRecord? {
        try await PeriodicReportTemplateRecord.query(on: db).filter(\.$kind == kind.rawValue).filter(\.$effectiveFrom <= today)
            .sort(\.$version, .descending).first()
    }

    func templateVersions(_ kind: PeriodicReportKind, on db: any Database) async throws -> [PeriodicReportTemplateRecord] {
        try await PeriodicReportTemplateRecord.query(on: db).filter(\.$kind == kind.rawValue).sort(\.$version, .descending).all()
    }

    func lastTemplateVersion(_ kind: PeriodicReportKind, on db: any Database) async throws -> Int {
        try await PeriodicReportTemplateRecord.query(on: db).filter(\.$kind == kind.rawValue).max(\.$version) ?? 0
    }

    func create(_ template: PeriodicReportTemplateRecord, on db: any Database) async throws { try await template.create(on: db) }

    // MARK: Reminders

    func remindersSent(kind: PeriodicReportKind, year: Int, daysBefore: Int, on db: any Database) async throws -> Set<UUID> {
        Set(try await PeriodicReportReminderRecord.query(on: db).filter(\.$kind == kind.rawValue).filter(\.$year == year)
            .filter(\.$daysBefore == daysBefore).all().map(\.organisationID))
    }

    func recordReminder(organisationID: UUID, kind: PeriodicReportKind, year: Int, daysBefore: Int, at now: Date, on db: any Database) async throws {
        let record = PeriodicReportReminderRecord()
        record.id = UUID()
        (record.organisationID, record.kind, record.year, record.daysBefore, record.sentAt) = (organisationID, kind.rawValue, year, daysBefore, now)
        try await record.create(on: db)
    }
}

/// A periodic report's state: a draft may be generated again; an issued one never changes, and a
/// later issued report of the same organisation, kind and year supersedes it (shown, not stored).
enum PeriodicReportStatus: String, Sendable {
    case draft
    case issued
    case superseded
}

extension PeriodicReportRepository {
    /// Which of these reports a later issued one supersedes.
    func supersededIDs(_ ids: [UUID], on db: any Database) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        return Set(try await PeriodicReportRecord.query(on: db).filter(\.$supersedesID ~~ ids.map { Optional($0) }).all().compactMap(\.supersedesID))
    }
}

extension PeriodicReportRepository {
    /// Inside a change: whether the report is still a draft, its row locked until the transaction
    /// ends (a no-op `UPDATE … RETURNING`; SQLite's writers already queue), so that two people
    /// issuing or regenerating the same draft at once cannot both change it.
    func lockDraft(_ id: UUID, on db: any Database) async throws -> Bool {
        let sql = db as! any SQLDatabase
        let query: SQLQueryString = """
            UPDATE periodic_reports SET status = status WHERE id = \(bind: id) AND status = \(bind: PeriodicReportStatus.draft.rawValue) RETURNING id
            """
        return try await sql.raw(query).first() != nil
    }
}
