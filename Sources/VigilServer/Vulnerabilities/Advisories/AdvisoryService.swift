import Fluent
import Foundation
import SQLKit
import Vapor
import VigilCore

/// The authorities' warnings: recorded (one at a time or in bulk, in one transaction), seen by the
/// organisations they reach and by those above the recorder, matched (`AdvisoryMatching`), and
/// worked through each organisation's task; the `advisory-match` job re-matches the open ones and
/// sends overdue tasks to the leader, once each.
struct AdvisoryService: Sendable {
    let matching: AdvisoryMatching
    let organisations: OrganisationRepository
    let assets: AssetRepository
    let notifications: NotificationService
    let timeZone: TimeZone

    // MARK: Who sees what

    /// A warning is seen by the organisations it reaches (recorded at or above theirs) and by
    /// those whose scope holds the recorder.
    func visibleOrganisationIDs(for user: CurrentUser, on db: any Database) async throws -> [UUID] {
        let scope = try await organisations.all(in: user.scope, on: db).compactMap(\.id)
        let ancestors = user.scope.organisationPath.split(separator: "/").compactMap { UUID(uuidString: String($0)) }
        return Array(Set(scope + ancestors))
    }

    func find(_ id: UUID, for user: CurrentUser, on db: any Database) async throws -> AdvisoryRecord {
        let visible = try await visibleOrganisationIDs(for: user, on: db)
        guard let record = try await AdvisoryRecord.query(on: db).filter(\.$id == id).filter(\.$organisationID ~~ visible).first() else {
            throw VigilError.notFound
        }
        return record
    }

    /// May this user change the warning: record warnings, and hold the recorder in scope.
    func canEdit(_ record: AdvisoryRecord, by user: CurrentUser) -> Bool {
        user.has(.manageAdvisories) && user.scope.contains(path: record.organisationPath)
    }

    struct ListFilter: Sendable {
        var query = ""
        var cve = ""
    }

    func list(for user: CurrentUser, filter: ListFilter, after: UUID?, limit: Int, on db: any Database) async throws -> [AdvisoryRecord] {
        var query = AdvisoryRecord.query(on: db).filter(\.$organisationID ~~ (try await visibleOrganisationIDs(for: user, on: db)))
        if let after { query = query.filter(\.$id < after) }
        let cve = filter.cve.trimmingCharacters(in: .whitespaces).uppercased()
        if !cve.isEmpty { query = query.filter(\.$cves, .custom("LIKE"), "%\(cve.filter { $0.isLetter || $0.isNumber || $0 == "-" })%") }
        let words = filter.query.trimmingCharacters(in: .whitespaces).lowercased()
        if !words.isEmpty {
            // Lower-cased on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's is not.
            let pattern = "%" + words.filter { $0 != "%" && $0 != "_" } + "%"
            query = query.filter(.sql(SQLGroupExpression(SQLBinaryExpression(
                SQLBinaryExpression(SQLFunction("LOWER", args: SQLColumn("reference")), .like, SQLBind(pattern)), .or,
                SQLBinaryExpression(SQLBinaryExpression(SQLFunction("LOWER", args: SQLColumn("title")), .like, SQLBind(pattern)), .or,
                                    SQLBinaryExpression(SQLFunction("LOWER", args: SQLColumn("cves")), .like, SQLBind(pattern)))))))
        }
        return try await query.sort(\.$id, .descending).limit(limit).all()
    }

    /// The tasks of a warning the user may see: those of organisations in their scope.
    func tasks(of record: AdvisoryRecord, for user: CurrentUser, on db: any Database) async throws -> [AdvisoryTaskRecord] {
        try await tasks(of: [record], for: user, on: db)[try record.requireID()] ?? []
    }

    /// The same for a page of warnings, in one query, by warning.
    func tasks(of records: [AdvisoryRecord], for user: CurrentUser, on db: any Database) async throws -> [UUID: [AdvisoryTaskRecord]] {
        guard !records.isEmpty else { return [:] }
        let scope = try await organisations.all(in: user.scope, on: db).compactMap(\.id)
        let tasks = try await AdvisoryTaskRecord.query(on: db).filter(\.$advisoryID ~~ records.compactMap(\.id))
            .filter(\.$organisationID ~~ scope).all()
        return Dictionary(grouping: tasks, by: \.advisoryID)
    }

    /// The tasks' matches, by host, for reading only (the records are not marked as stored). Read
    /// through SQLKit's decoder: Fluent reflects on every model it loads, and a province-wide
    /// warning has tens of thousands of matches (docs/PERFORMANCE.md).
    func matches(of tasks: [AdvisoryTaskRecord], includeResolved: Bool = false, on db: any Database) async throws -> [AdvisoryMatchRecord] {
        guard !tasks.isEmpty else { return [] }
        let sql = db as! any SQLDatabase
        struct Row: Decodable {
            let id: UUID, advisory_id: UUID, task_id: UUID, host_id: UUID, source: String, match_key: String, subject: String, version: String
            let detail: String, finding_id: UUID?, verdict: String, first_matched_at: Date, resolved_at: Date?
        }
        var query = sql.select()
            .columns("id", "advisory_id", "task_id", "host_id", "source", "match_key", "subject", "version", "detail", "finding_id", "verdict",
                     "first_matched_at", "resolved_at")
            .from(AdvisoryMatchRecord.schema)
            .where("task_id", .in, tasks.compactMap(\.id))
        if !includeResolved { query = query.where("resolved_at", .is, SQLLiteral.null) }
        return try await query.orderBy("host_id").orderBy("id").all(decoding: Row.self).map { row in
            let match = AdvisoryMatchRecord()
            (match.id, match.advisoryID, match.taskID, match.hostID, match.source) = (row.id, row.advisory_id, row.task_id, row.host_id, row.source)
            (match.matchKey, match.subject, match.version, match.detail) = (row.match_key, row.subject, row.version, row.detail)
            (match.findingID, match.verdict, match.firstMatchedAt, match.resolvedAt) = (row.finding_id, row.verdict, row.first_matched_at, row.resolved_at)
            return match
        }
    }

    /// The task list of the user's organisations, the most urgent first.
    func taskList(for user: CurrentUser, status: AdvisoryTaskStatus?, openOnly: Bool, on db: any Database) async throws
        -> [(task: AdvisoryTaskRecord, advisory: AdvisoryRecord)] {
        let scope = try await organisations.all(in: user.scope, on: db).compactMap(\.id)
        var query = AdvisoryTaskRecord.query(on: db).filter(\.$organisationID ~~ scope)
        if let status { query = query.filter(\.$status == status.rawValue) } else if openOnly {
            query = query.filter(\.$status ~~ [AdvisoryTaskStatus.open.rawValue, AdvisoryTaskStatus.acknowledged.rawValue])
        }
        let tasks = try await query.limit(1000).all()
        let advisories = Dictionary(uniqueKeysWithValues: try await AdvisoryRecord.query(on: db).filter(\.$id ~~ Set(tasks.map(\.advisoryID))).all()
            .map { ($0.id!, $0) })
        return tasks.compactMap { task in advisories[task.advisoryID].map { (task, $0) } }
            .sorted { ($0.advisory.deadline, $0.advisory.reference) < ($1.advisory.deadline, $1.advisory.reference) }
    }

    func isOverdue(_ task: AdvisoryTaskRecord, _ advisory: AdvisoryRecord, now: Date = Date()) -> Bool {
        AdvisoryTaskStatus.isOverdue(AdvisoryTaskStatus(rawValue: task.status) ?? .open, deadline: advisory.deadline, now: now, timeZone: timeZone)
    }

    // MARK: Recording

    /// The organisation a warning is recorded for: the user's own unless they name another in scope.
    func recordingOrganisation(_ id: UUID?, for user: CurrentUser, on db: any Database) async throws -> OrganisationRecord {
        guard let organisation = try await organisations.find(id ?? user.organisationID, in: user.scope, on: db) else {
            throw VigilError.invalid("organisation", "validation.organisation_unknown")
        }
        return organisation
    }

    /// The words problems are told in: a file's locations (`line 4` is `dòng 4` in Vietnamese) and
    /// the fields' names (`products[1].versions` is "sản phẩm 2, phiên bản").
    struct LocationWords: Sendable {
        let line: String
        let file: String
        let fields: [String: String]

        init(line: String = "line", file: String = "file", fields: [String: String] = [:]) {
            self.line = line
            self.file = file
            self.fields = fields
        }

        static let fieldNames = ["reference", "issuer", "issuedOn", "title", "cves", "products", "action", "deadline", "product", "vendor",
                                 "versions", "aliases"]

        init(_ req: Request) {
            self.init(line: req.t("advisory.location.line"), file: req.t("advisory.location.file"),
                      fields: Dictionary(uniqueKeysWithValues: Self.fieldNames.map { ($0, req.t("advisory.name.\($0)")) }))
        }

        func locate(_ raw: String) -> String {
            if raw.isEmpty { return file }
            return raw.hasPrefix("line ") ? line + raw.dropFirst(4) : raw
        }

        /// `products[1].versions` → "product 2, versions" in the reader's words; the path itself
        /// when no words were given (the API's field names).
        func name(_ field: String) -> String {
            guard !fields.isEmpty else { return field }
            if field.hasPrefix("products["), let close = field.firstIndex(of: "]"),
               let index = Int(field[field.index(field.startIndex, offsetBy: 9)..<close]) {
                let rest = field[field.index(after: close)...].drop { $0 == "." }
                let product = "\(fields["product"] ?? "product") \(index + 1)"
                return rest.isEmpty ? product : product + ", " + (fields[String(rest)] ?? String(rest))
            }
            return fields[field] ?? field
        }
    }

    static func error(for problem: AdvisoryDraft.Problem, location: String = "", words: LocationWords = .init()) -> VigilError {
        let named = words.name(problem.field)
        let arguments = [location.isEmpty ? named : "\(words.locate(location)): \(named)", problem.detail]
        // The field is the whole path (`products[1].versions`) for API clients; the form shows
        // every product problem beside its one products box (`AdvisoryPageController.formError`).
        return VigilError.invalid(location.isEmpty ? problem.field : "file", "advisory.error.\(problem.reason.rawValue)", arguments)
    }

    static func validate(_ draft: AdvisoryDraft, words: LocationWords) throws -> Advisory {
        switch draft.validated() {
        case .valid(let advisory): return advisory
        case .invalid(let problems):
            var collected = FieldProblems()
            for problem in problems { collected.add(error(for: problem, location: draft.location, words: words)) }
            try collected.throwIfAny()
            throw VigilError.malformedBody
        }
    }

    func create(_ draft: AdvisoryDraft, organisation: OrganisationRecord, by user: CurrentUser, address: String?,
                words: LocationWords = .init(), on db: any Database, now: Date = Date()) async throws -> AdvisoryRecord {
        let advisory = try Self.validate(draft, words: words)
        let record = try await db.change(by: .user(user, address: address), at: now) { db, audit in
            if try await AdvisoryRecord.query(on: db).filter(\.$organisationID == organisation.requireID())
                .filter(\.$reference == advisory.reference).first() != nil {
                throw VigilError.conflict("reference", "advisory.error.duplicate")
            }
            let record = try await insert(advisory, organisation: organisation, by: user, on: db, now: now)
            try Self.audit("advisory.create", record, advisory: advisory, in: audit)
            return record
        }
        _ = try await matching.run(record, on: db, now: now)
        return record
    }

    func update(_ record: AdvisoryRecord, with draft: AdvisoryDraft, by user: CurrentUser, address: String?,
                words: LocationWords = .init(), on db: any Database, now: Date = Date()) async throws {
        let advisory = try Self.validate(draft, words: words)
        guard canEdit(record, by: user) else { throw VigilError.forbidden }
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            if advisory.reference != record.reference,
               try await AdvisoryRecord.query(on: db).filter(\.$organisationID == record.organisationID).filter(\.$reference == advisory.reference)
                .first() != nil {
                throw VigilError.conflict("reference", "advisory.error.duplicate")
            }
            record.apply(advisory)
            record.updatedAt = now
            try await record.update(on: db)
            try Self.audit("advisory.update", record, advisory: advisory, in: audit)
        }
        _ = try await matching.run(record, on: db, now: now)
    }

    struct ImportSummary: Content {
        let created: Int
        let updated: Int
        let advisories: [String]
    }

    /// Many warnings at once, all or nothing: every draft is checked first and every problem named
    /// with its line or path; a warning whose reference the organisation already has is updated.
    func importDrafts(_ drafts: [AdvisoryDraft], organisation: OrganisationRecord, by user: CurrentUser, address: String?,
                      words: LocationWords = .init(), on db: any Database, now: Date = Date()) async throws -> ImportSummary {
        guard !drafts.isEmpty else { throw VigilError.invalid("file", "advisory.error.empty") }
        var problems = FieldProblems()
        var advisories: [Advisory] = []
        var references = Set<String>()
        for draft in drafts {
            switch draft.validated() {
            case .valid(let advisory):
                if !references.insert(advisory.reference.lowercased()).inserted {
                    problems.add(VigilError.invalid("file", "advisory.error.repeated", [words.locate(draft.location), advisory.reference]))
                }
                advisories.append(advisory)
            case .invalid(let found):
                for problem in found.prefix(20) { problems.add(Self.error(for: problem, location: draft.location, words: words)) }
            }
            if problems.errors.count >= 50 { break }
        }
        try problems.throwIfAny()
        let checked = advisories
        let organisationID = try organisation.requireID()
        let (records, created) = try await db.change(by: .user(user, address: address), at: now) { db, audit in
            var records: [AdvisoryRecord] = []
            var created = 0
            for advisory in checked {
                if let existing = try await AdvisoryRecord.query(on: db).filter(\.$organisationID == organisationID)
                    .filter(\.$reference == advisory.reference).first() {
                    existing.apply(advisory)
                    existing.updatedAt = now
                    try await existing.update(on: db)
                    records.append(existing)
                } else {
                    records.append(try await insert(advisory, organisation: organisation, by: user, on: db, now: now))
                    created += 1
                }
            }
            var changes = AuditChanges()
            changes.created("created", String(created))
            changes.created("updated", String(records.count - created))
            changes.created("references", checked.map(\.reference).joined(separator: ", ").prefix(2000).description)
            audit.record(organisationID: organisationID, action: "advisory.import", objectType: "advisory",
                         objectID: nil, changes: changes)
            return (records, created)
        }
        for record in records { _ = try await matching.run(record, on: db, now: now) }
        return ImportSummary(created: created, updated: records.count - created, advisories: records.map { $0.id!.uuidString.lowercased() })
    }

    private func insert(_ advisory: Advisory, organisation: OrganisationRecord, by user: CurrentUser, on db: any Database,
                        now: Date) async throws -> AdvisoryRecord {
        let record = AdvisoryRecord()
        record.id = UUID.timeOrdered(at: now)
        record.apply(advisory)
        record.createdAt = now
        record.createdBy = user.displayName
        record.updatedAt = now
        record.organisationID = try organisation.requireID()
        record.organisationPath = organisation.path
        try await record.create(on: db)
        return record
    }

    private static func audit(_ action: String, _ record: AdvisoryRecord, advisory: Advisory, in audit: AuditEntries) throws {
        var changes = AuditChanges()
        changes.created("reference", advisory.reference)
        changes.created("issuer", advisory.issuer)
        changes.created("deadline", advisory.deadline)
        changes.created("cves", advisory.cves.joined(separator: " "))
        changes.created("products", AdvisoryDraft.lines(of: advisory.products))
        audit.record(organisationID: record.organisationID, action: action, objectType: "advisory",
                     objectID: try record.requireID().uuidString.lowercased(), changes: changes)
    }

    // MARK: Tasks

    func task(_ id: UUID, for user: CurrentUser, on db: any Database) async throws -> (AdvisoryTaskRecord, AdvisoryRecord) {
        let scope = try await organisations.all(in: user.scope, on: db).compactMap(\.id)
        guard let task = try await AdvisoryTaskRecord.query(on: db).filter(\.$id == id).filter(\.$organisationID ~~ scope).first(),
              let advisory = try await AdvisoryRecord.find(task.advisoryID, on: db) else { throw VigilError.notFound }
        return (task, advisory)
    }

    func change(_ task: AdvisoryTaskRecord, of advisory: AdvisoryRecord, to status: AdvisoryTaskStatus, note rawNote: String,
                by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        let note = rawNote.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= 2000 else { throw VigilError.invalid("note", "advisory.error.note_too_long") }
        let from = AdvisoryTaskStatus(rawValue: task.status) ?? .open
        do {
            try AdvisoryTaskStatus.check(from: from, to: status, note: note, stillAffected: task.affectedHosts)
        } catch {
            switch error {
            case .same: throw VigilError.invalid("status", "advisory.error.same_status")
            case .noteRequired:
                throw VigilError.invalid("note", status == .notAffected ? "advisory.error.note_not_affected" : "advisory.error.note_still_affected",
                                         [String(task.affectedHosts)])
            }
        }
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            task.status = status.rawValue
            if status == .acknowledged, task.acknowledgedAt == nil { task.acknowledgedAt = now }
            task.closedAt = status.isClosed ? now : nil
            if !note.isEmpty { task.note = note }
            try await task.update(on: db)
            let event = AdvisoryTaskEventRecord()
            event.id = UUID.timeOrdered(at: now)
            event.taskID = try task.requireID()
            event.at = now
            event.actor = user.displayName
            event.fromStatus = from.rawValue
            event.toStatus = status.rawValue
            event.note = note
            try await event.create(on: db)
            var changes = AuditChanges()
            changes.set("status", from: from.rawValue, to: status.rawValue)
            if !note.isEmpty { changes.created("note", note) }
            changes.created("advisory", advisory.reference)
            audit.record(organisationID: task.organisationID, action: "advisory.task", objectType: "advisory_task",
                         objectID: try task.requireID().uuidString.lowercased(), changes: changes)
        }
    }

    func events(of task: AdvisoryTaskRecord, on db: any Database) async throws -> [AdvisoryTaskEventRecord] {
        try await AdvisoryTaskEventRecord.query(on: db).filter(\.$taskID == task.requireID()).sort(\.$at, .descending).all()
    }

    // MARK: The job

    /// Re-matches every warning with a task still open (inventories and findings change), then
    /// sends each overdue task to its organisation's leader, once.
    func housekeeping(on db: any Database, now: Date = Date()) async throws {
        let open = [AdvisoryTaskStatus.open.rawValue, AdvisoryTaskStatus.acknowledged.rawValue]
        let openTasks = try await AdvisoryTaskRecord.query(on: db).filter(\.$status ~~ open).all()
        let advisories = try await AdvisoryRecord.query(on: db).filter(\.$id ~~ Set(openTasks.map(\.advisoryID))).all()
        for advisory in advisories { _ = try await matching.run(advisory, on: db, now: now) }
        let byID = Dictionary(uniqueKeysWithValues: advisories.map { ($0.id!, $0) })
        for task in openTasks where !task.escalated {
            guard let advisory = byID[task.advisoryID], isOverdue(task, advisory, now: now),
                  let organisation = try await organisations.find(task.organisationID, on: db) else { continue }
            try await notifications.notifyRole(.leader, nearest: organisation, messageKey: "notification.advisory.overdue",
                                               arguments: [advisory.reference, organisation.name, advisory.deadline],
                                               link: VulnerabilitiesPath.advisory(.value(advisory.id!)).path, on: db, now: now)
            task.escalated = true
            try await task.update(on: db)
        }
    }
}
