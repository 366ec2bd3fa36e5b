import Fluent
import Foundation
import Vapor
import VigilCore

/// The warnings' JSON API (docs/ADVISORIES.md):
/// - `GET /api/v1/advisories` (`q`, `cve`; cursor) and `GET /api/v1/advisories/{id}` (with the
///   affected hosts and systems of each task the caller may see);
/// - `POST /api/v1/advisories` (one warning as JSON, `organisation` optional) and
///   `POST /api/v1/advisories/import` (JSON or CSV, all or nothing, `?org=`);
/// - `POST /api/v1/advisories/{id}/match` (match again now);
/// - `GET /api/v1/advisory-tasks` (`status`, `overdue`) and `POST /api/v1/advisory-tasks/{id}`
///   (`{"status", "note"?}`).
struct AdvisoryAPIController: RouteCollection, Sendable {
    let service: AdvisoryService
    let organisations: OrganisationRepository
    let uploadLimit: Int

    var presenter: AdvisoryPresenter { AdvisoryPresenter(service: service) }

    func boot(routes: any RoutesBuilder) throws {
        let view = routes.grouped(RequirePermission(permission: .viewVulnerabilities))
        view.get(VulnerabilitiesAPIPath.advisories, use: list)
        view.get(VulnerabilitiesAPIPath.advisory(.key), use: show)
        view.get(VulnerabilitiesAPIPath.advisoryTasks, use: tasks)
        let record = routes.grouped(RequirePermission(permission: .manageAdvisories))
        record.upload(VulnerabilitiesAPIPath.advisories, limit: uploadLimit, use: create)
        record.upload(VulnerabilitiesAPIPath.advisoryImport, limit: uploadLimit, use: importFile)
        record.post(VulnerabilitiesAPIPath.matchAdvisory(.key), use: match)
        routes.grouped(RequirePermission(permission: .manageVulnerabilities)).post(VulnerabilitiesAPIPath.advisoryTask(.key), use: changeTask)
    }

    @Sendable func list(req: Request) async throws -> APIPage<AdvisoryDTO> {
        let user = try req.currentUser
        let page = try req.pageRequest()
        let after = try page.after.map { raw -> UUID in
            guard let id = UUID(uuidString: raw) else { throw VigilError.badRequest("bad_cursor", "error.bad_cursor") }
            return id
        }
        let filter = AdvisoryService.ListFilter(query: req.query[String.self, at: "q"] ?? "", cve: req.query[String.self, at: "cve"] ?? "")
        let records = try await service.list(for: user, filter: filter, after: after, limit: page.limit + 1, on: req.db)
        let items = try await presenter.summaries(records, for: user, on: req.db)
        return APIPage(rows: items, limit: page.limit) { $0.id }
    }

    private func advisory(_ req: Request) async throws -> AdvisoryRecord {
        guard let id = req.parameters.get("advisoryID", as: UUID.self) else { throw VigilError.notFound }
        return try await service.find(id, for: try req.currentUser, on: req.db)
    }

    @Sendable func show(req: Request) async throws -> AdvisoryDTO {
        try await presenter.dto(try await advisory(req), for: try req.currentUser, on: req.db)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard req.headers.contentType == .json else {
            throw VigilError(status: .unsupportedMediaType, code: "unsupported_media_type", messageKey: "error.unsupported_media_type")
        }
        guard let body = req.body.data else { throw VigilError.malformedBody }
        let data = Data(body.readableBytesView)
        let drafts = try Self.readJSON(data, words: .init(req))
        guard drafts.count == 1, var draft = drafts.first else { throw VigilError.invalid("body", "advisory.error.one_expected") }
        draft.location = ""
        let organisationID = try Self.organisationField(in: data)
        let organisation = try await service.recordingOrganisation(organisationID, for: user, on: req.db)
        let record = try await service.create(draft, organisation: organisation, by: user, address: req.clientAddress, words: .init(req), on: req.db)
        return try await presenter.dto(record, for: user, on: req.db).encodeResponse(status: .created, for: req)
    }

    /// The optional `organisation` member of a single warning's JSON.
    static func organisationField(in data: Data) throws -> UUID? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let value = object["organisation"] else { return nil }
        guard let text = value as? String, let id = UUID(uuidString: text) else { throw VigilError.invalid("organisation", "validation.id") }
        return id
    }

    static func readJSON(_ data: Data, words: AdvisoryService.LocationWords) throws -> [AdvisoryDraft] {
        do {
            return try AdvisoryFile.drafts(json: data)
        } catch {
            throw readError(error, words: words)
        }
    }

    static func readError(_ error: AdvisoryFile.ReadError, words: AdvisoryService.LocationWords) -> VigilError {
        VigilError.invalid("file", "advisory.read.\(error.reason.rawValue)", [words.locate(error.location), error.detail])
    }

    /// A file's drafts: JSON when it starts with `{` or `[`, CSV otherwise.
    static func drafts(of data: Data, words: AdvisoryService.LocationWords) throws -> [AdvisoryDraft] {
        guard let text = String(data: data, encoding: .utf8) else { throw VigilError.invalid("file", "import.error.encoding") }
        let start = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.first
        if start == "{" || start == "[" { return try readJSON(data, words: words) }
        let rows: [[String: String]]
        do {
            rows = try CSVImport.cells(of: text, required: "reference")
        } catch let failure as CSVImport.Failure {
            switch failure {
            case .missingColumn(let column): throw VigilError.invalid("file", "import.error.missing_column", [column])
            case .tooManyLines: throw VigilError.invalid("file", "import.error.too_many_lines", [String(CSVImport.maxLines)])
            case .unreadable: throw VigilError.invalid("file", "import.error.unreadable")
            }
        }
        do {
            return try AdvisoryFile.drafts(csvRows: rows)
        } catch {
            throw readError(error, words: words)
        }
    }

    @Sendable func importFile(req: Request) async throws -> AdvisoryService.ImportSummary {
        let user = try req.currentUser
        guard let body = req.body.data, body.readableBytes > 0 else { throw VigilError.invalid("file", "import.error.empty") }
        let data: Data
        if req.headers.contentType?.type == "multipart" {
            struct Upload: Content { var file: File? }
            guard let file = try req.content.decode(Upload.self).file else { throw VigilError.invalid("file", "import.error.empty") }
            data = Data(file.data.readableBytesView)
        } else {
            data = Data(body.readableBytesView)
        }
        let organisation = try await service.recordingOrganisation(try InputValidation.uuid(req.query[String.self, at: "org"], field: "org"),
                                                                   for: user, on: req.db)
        return try await service.importDrafts(try Self.drafts(of: data, words: .init(req)), organisation: organisation, by: user,
                                              address: req.clientAddress, words: .init(req), on: req.db)
    }

    struct MatchAnswer: Content {
        let affectedHosts: Int
        let matches: Int
        let tasksCreated: Int
    }

    @Sendable func match(req: Request) async throws -> MatchAnswer {
        let record = try await advisory(req)
        guard service.canEdit(record, by: try req.currentUser) else { throw VigilError.forbidden }
        let outcome = try await service.matching.run(record, on: req.db)
        return MatchAnswer(affectedHosts: outcome.affectedHosts, matches: outcome.matches, tasksCreated: outcome.tasksCreated)
    }

    struct TaskItem: Content {
        let advisoryId: String
        let reference: String
        let title: String
        let deadline: String
        let task: AdvisoryDTO.Task
    }

    @Sendable func tasks(req: Request) async throws -> APIPage<TaskItem> {
        let user = try req.currentUser
        var status: AdvisoryTaskStatus?
        if let raw = req.query[String.self, at: "status"], !raw.isEmpty {
            guard let parsed = AdvisoryTaskStatus(rawValue: raw) else { throw VigilError.invalid("status", "validation.unknown_code", [raw]) }
            status = parsed
        }
        let overdueOnly = req.query[String.self, at: "overdue"] == "true"
        let names = Dictionary(uniqueKeysWithValues: try await organisations.all(in: user.scope, on: req.db).map { ($0.id!, $0.name) })
        let items = try await service.taskList(for: user, status: status, openOnly: false, on: req.db)
            .filter { !overdueOnly || service.isOverdue($0.task, $0.advisory) }
            .map { pair in
                TaskItem(advisoryId: pair.advisory.id!.uuidString.lowercased(), reference: pair.advisory.reference,
                         title: pair.advisory.title, deadline: pair.advisory.deadline,
                         task: presenter.taskDTO(pair.task, pair.advisory, .init(id: pair.task.organisationID.uuidString.lowercased(),
                                                                                  name: names[pair.task.organisationID] ?? ""), hosts: nil, systems: nil))
            }
        return APIPage(rows: items, limit: items.count) { $0.task.id }
    }

    struct TaskForm: Content {
        var status: String
        var note: String?
    }

    @Sendable func changeTask(req: Request) async throws -> AdvisoryDTO.Task {
        let user = try req.currentUser
        guard let id = req.parameters.get("taskID", as: UUID.self) else { throw VigilError.notFound }
        let (task, advisory) = try await service.task(id, for: user, on: req.db)
        let form = try req.decodeJSON(TaskForm.self)
        guard let status = AdvisoryTaskStatus(rawValue: form.status) else { throw VigilError.invalid("status", "validation.unknown_code", [form.status]) }
        try await service.change(task, of: advisory, to: status, note: form.note ?? "", by: user, address: req.clientAddress, on: req.db)
        let name = try await organisations.find(task.organisationID, on: req.db)?.name ?? ""
        return presenter.taskDTO(task, advisory, .init(id: task.organisationID.uuidString.lowercased(), name: name), hosts: nil, systems: nil)
    }
}
