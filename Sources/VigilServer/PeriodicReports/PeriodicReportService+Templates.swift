import Fluent
import Foundation
import VigilCore

extension PeriodicReportService {
    struct TemplateInForce: Sendable {
        let template: PeriodicReportTemplate
        /// 0 for Vigil's built-in template.
        let version: Int
    }

    /// The template a report is written in: the version given (an issued report's), else the
    /// newest that has taken effect by `now`, else the built-in one.
    func template(_ kind: PeriodicReportKind, version: Int? = nil, on db: any Database, now: Date = Date()) async throws -> TemplateInForce {
        let stored: PeriodicReportTemplateRecord?
        if let version {
            stored = version == 0 ? nil : try await repository.templateVersions(kind, on: db).first { $0.version == version }
        } else {
            stored = try await repository.template(kind, inForceOn: ISODay.string(now, in: wording.format.timeZone), on: db)
        }
        guard let stored else { return TemplateInForce(template: DefaultPeriodicReportTemplates.template(for: kind), version: 0) }
        return TemplateInForce(
            template: PeriodicReportTemplate(kind: kind, body: stored.body,
                                             source: LegalSource(reference: stored.legalReference, effectiveFrom: stored.effectiveFrom)),
            version: stored.version)
    }

    /// Saves a new version; earlier versions and the reports issued from them stay as they were.
    func saveTemplate(_ kind: PeriodicReportKind, body: String, legalReference: String, effectiveFrom: String, by user: CurrentUser,
                      address: String?, on db: any Database, now: Date = Date()) async throws -> PeriodicReportTemplateRecord {
        let form = try TemplateForm(body: body, legalReference: legalReference, effectiveFrom: effectiveFrom,
                                    maxBodyLength: PeriodicReportTemplate.maxBodyLength, validate: PeriodicReportTemplate.validate)
        return try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let record = PeriodicReportTemplateRecord()
            record.id = UUID()
            record.kind = kind.rawValue
            record.version = try await repository.lastTemplateVersion(kind, on: db) + 1
            (record.body, record.legalReference, record.effectiveFrom, record.createdAt, record.createdBy) = (form.body, form.legalReference, form.effectiveFrom, now, user.displayName)
            try await repository.create(record, on: db)
            var changes = AuditChanges()
            changes.created("kind", kind.rawValue)
            changes.created("version", String(record.version))
            changes.created("effectiveFrom", form.effectiveFrom)
            audit.record(organisationID: nil, action: "periodic_report_template.save", objectType: "periodic_report_template",
                         objectID: Self.id(record.id!), changes: changes)
            return record
        }
    }
}
