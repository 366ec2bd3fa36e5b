import Fluent
import Foundation
import VigilCore

/// The official reports: the template in force, an incident's facts in words, the DOCX, and
/// issuing (a report once issued is kept as it was sent and never changes).
struct ReportService: Sendable {
    let blobs: BlobStore
    let bodies: ReportingBodyStore
    let localizer: Localizer
    let format: DisplayFormat
    /// Official reports are written in Vietnamese, whatever the user's screen language.
    let language: UILanguage = .vi

    struct TemplateInForce: Sendable {
        let template: ReportTemplate
        /// 0 for Vigil's built-in template.
        let version: Int
    }

    func isoDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = format.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The newest version that has taken effect by `now`, else the built-in one.
    func template(_ kind: ReportKind, on db: any Database, now: Date = Date()) async throws -> TemplateInForce {
        let today = isoDay(now)
        let stored = try await ReportTemplateRecord.query(on: db).filter(\.$kind == kind.rawValue)
            .filter(\.$effectiveFrom <= today).sort(\.$version, .descending).first()
        guard let stored else { return TemplateInForce(template: DefaultReportTemplates.template(for: kind), version: 0) }
        return TemplateInForce(
            template: ReportTemplate(kind: kind, body: stored.body,
                                     source: LegalSource(reference: stored.legalReference, effectiveFrom: stored.effectiveFrom)),
            version: stored.version)
    }

    func versions(_ kind: ReportKind, on db: any Database) async throws -> [ReportTemplateRecord] {
        try await ReportTemplateRecord.query(on: db).filter(\.$kind == kind.rawValue).sort(\.$version, .descending).all()
    }

    /// Saves a new version; earlier versions and the reports issued from them stay as they were.
    func saveTemplate(_ kind: ReportKind, body: String, legalReference: String, effectiveFrom: String, by user: CurrentUser,
                      address: String?, on db: any Database, now: Date = Date()) async throws -> ReportTemplateRecord {
        let form = try TemplateForm(body: body, legalReference: legalReference, effectiveFrom: effectiveFrom,
                                    maxBodyLength: ReportTemplate.maxBodyLength, validate: ReportTemplate.validate)
        return try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let last = try await ReportTemplateRecord.query(on: db).filter(\.$kind == kind.rawValue).max(\.$version) ?? 0
            let record = ReportTemplateRecord(kind: kind.rawValue, version: last + 1, body: form.body, legalReference: form.legalReference,
                                              effectiveFrom: form.effectiveFrom, createdAt: now, createdBy: user.displayName)
            try await record.create(on: db)
            var changes = AuditChanges()
            changes.created("kind", kind.rawValue)
            changes.created("version", String(last + 1))
            changes.created("effectiveFrom", form.effectiveFrom)
            audit.record(organisationID: nil, action: "report_template.save", objectType: "report_template",
                         objectID: try record.requireID().uuidString.lowercased(), changes: changes)
            return record
        }
    }

    /// The recipients given, else the bodies in force, else the generic list.
    func recipientsInForce(_ given: String?, on db: any Database) async throws -> String {
        if let given, !given.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return given }
        let listed = try await bodies.recipients(on: db)
        return listed.isEmpty ? localizer.text("report.default_recipients", language) : listed
    }

    /// The report filled in for the incident.
    func document(_ kind: ReportKind, for incident: IncidentRecord, recipients: String?, issuedBy: String, on db: any Database,
                  now: Date = Date()) async throws -> (ReportDocument, TemplateInForce) {
        let inForce = try await template(kind, on: db, now: now)
        // A preview names the bodies in force; issuing names the real recipients.
        let addressees = try await recipientsInForce(recipients, on: db)
        let facts = try await facts(for: incident, recipients: addressees, issuedBy: issuedBy, on: db, now: now)
        return (inForce.template.render(facts), inForce)
    }

    func facts(for incident: IncidentRecord, recipients: String?, issuedBy: String, on db: any Database, now: Date) async throws -> ReportFacts {
        func t(_ key: String, _ arguments: [String] = []) -> String { localizer.text(key, language, arguments) }
        func when(_ date: Date?) -> String { date.map { format.dateTime($0, language) } ?? "" }
        let id = try incident.requireID()
        try await incident.$organisation.load(on: db)
        try await incident.$reporter.load(on: db)
        try await incident.$assignee.load(on: db)
        let clock = incident.notificationClock(now: now)
        let explanation = IncidentService.decode(incident.assessment).map { ExplanationText.say($0, localizer, language) }
        let yesNo = { (flag: Bool) in flag ? t("common.yes") : t("common.no") }
        let classified = incident.scenario != nil
        let values: [String: String] = [
            "reference": incident.reference,
            "title": incident.title,
            "description": incident.details,
            "organisation": incident.organisation.name,
            "organisation_code": incident.organisation.code,
            "reporter": incident.reporter.displayName,
            "reporter_contact": incident.reporterContact ?? "",
            "system": incident.systemName ?? "",
            "security_level": incident.securityLevel.map(String.init) ?? "",
            "discovered_at": when(incident.discoveredAt),
            "occurred_at": when(incident.occurredAt),
            "reported_at": when(incident.createdAt),
            "cause_group": incident.causeGroup.map { t("cause.\($0)") } ?? "",
            "scenario": incident.scenario.map { t("scenario.\($0)") } ?? "",
            "severity": incident.severity.map { t("severity.level.\($0)") } ?? "",
            "severity_explanation": explanation.joined(separator: " "),
            "serious": classified ? yesNo(incident.serious) : "",
            "beyond_capacity": classified ? yesNo(incident.beyondCapacity) : "",
            "status": t("status.\(incident.status.rawValue)"),
            "assignee": incident.assignee?.displayName ?? "",
            "notification_deadline": format.dateTime(clock.due, language),
            "notified_at": when(incident.notifiedAt),
            "closed_at": when(incident.closedAt),
            "lessons_learned": incident.lessonsLearned ?? "",
            "recipients": recipients ?? "",
            "issued_at": format.date(now, language),
            "issued_by": issuedBy,
            "today": format.date(now, language),
        ]
        let events = try await IncidentEventRecord.query(on: db).filter(\.$incident.$id == id).sort(\.$at).all()
            .filter { $0.kind != "comment" }
        let timeline = DocumentTable(
            headers: [t("report.column.time"), t("report.column.actor"), t("report.column.event")],
            rows: events.map { event in
                let text = TimelineText.say(event, localizer, language)
                return [when(event.at), event.actorLabel, TimelineText.note(event).map { "\(text): \($0)" } ?? text]
            })
        let indicators = try await IncidentIndicatorRecord.query(on: db).filter(\.$incident.$id == id).sort(\.$addedAt).all()
        let indicatorTable = DocumentTable(
            headers: [t("report.column.type"), t("report.column.value")],
            rows: indicators.map { [t("indicator.type.\($0.type)"), $0.value] })
        let tasks = try await IncidentTaskRecord.query(on: db).filter(\.$incident.$id == id).sort(\.$position).all()
        let taskTable = DocumentTable(
            headers: [t("report.column.phase"), t("report.column.task"), t("report.column.status")],
            rows: tasks.map { [t("phase.\($0.phase)"), $0.titleVi, t("task.\($0.status)") + ($0.note.map { ": \($0)" } ?? "")] })
        let evidence = try await EvidenceRecord.query(on: db).filter(\.$incident.$id == id).sort(\.$addedAt).all()
        let evidenceTable = DocumentTable(
            headers: [t("report.column.file"), t("report.column.sha256"), t("report.column.added")],
            rows: evidence.map { [$0.filename, $0.sha256, "\(when($0.addedAt)) — \($0.addedBy)"] })
        return ReportFacts(values: values,
                           tables: ["timeline": timeline, "indicators": indicatorTable, "tasks": taskTable, "evidence": evidenceTable],
                           missing: t("report.missing"))
    }

    /// Issues the report: the DOCX as generated now is stored by its digest with who sent it, to
    /// whom and when. The record is never changed afterwards.
    func issue(_ kind: ReportKind, for incident: IncidentRecord, recipients rawRecipients: String, channel rawChannel: String?,
               by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws -> IssuedReportRecord {
        var problems = FieldProblems()
        let recipients = try problems.check { try InputValidation.text(rawRecipients, field: "recipients", maxLength: 1000) }
        let channel = try problems.check { try InputValidation.optionalName(rawChannel, field: "channel", maxLength: 200) }
        try problems.throwIfAny()
        guard let recipients else { throw VigilError.internal }
        let (document, inForce) = try await document(kind, for: incident, recipients: recipients, issuedBy: user.displayName, on: db, now: now)
        let docx = try DocxWriter().write(title: document.title, blocks: document.blocks)
        let digest = try await blobs.put(docx)
        let incidentID = try incident.requireID()
        return try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let record = IssuedReportRecord(
                incidentID: incidentID, kind: kind.rawValue, title: document.title, sha256: digest, sizeBytes: docx.count,
                recipients: recipients, channel: channel ?? nil, templateVersion: inForce.version, issuedAt: now,
                issuedByID: user.userID, issuedBy: user.displayName)
            try await record.create(on: db)
            try await IncidentEventRecord(incidentID: incidentID, at: now, actorID: user.userID, actorLabel: user.displayName,
                                          kind: "report_issued", note: "\(document.title) → \(recipients)").create(on: db)
            var changes = AuditChanges()
            changes.created("kind", kind.rawValue)
            changes.created("sha256", digest)
            changes.created("recipients", recipients)
            audit.record(organisationID: incident.$organisation.id, action: "incident.report.issue", objectType: "incident",
                         objectID: incidentID.uuidString.lowercased(), changes: changes)
            return record
        }
    }

    func issued(for incident: IncidentRecord, on db: any Database) async throws -> [IssuedReportRecord] {
        try await IssuedReportRecord.query(on: db).filter(\.$incident.$id == incident.requireID()).sort(\.$issuedAt, .descending).all()
    }
}
