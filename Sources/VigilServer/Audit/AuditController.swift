import Fluent
import Vapor
import VigilCore

/// Browsing the audit trail (administrators and leaders), in the browser and the JSON API.
struct AuditController: RouteCollection, Sendable {
    let repository: AuditRepository
    let organisations: OrganisationRepository

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(permission: .viewAudit)).get(AuditPath.page, use: page)
    }

    func bootAPI(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(permission: .viewAudit)).get(AuditAPIPath.list, use: list)
    }

    struct EntryDTO: Content {
        let sequence: Int64
        let at: Date
        let actor: String
        let actorId: String?
        let organisationId: String?
        let action: String
        let objectType: String
        let objectId: String?
        let changes: String
        let address: String?
        let hash: String
    }

    private func filter(_ req: Request) throws -> AuditRepository.Filter {
        func millis(_ name: String, endOfDay: Bool) throws -> Int64? {
            guard let text = req.query[String.self, at: name], !text.isEmpty else { return nil }
            let formatter = ISO8601DateFormatter()
            if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970 * 1000) }
            formatter.formatOptions = [.withFullDate]
            formatter.timeZone = req.application.displayFormat.timeZone
            guard let day = formatter.date(from: text) else { throw VigilError.invalid(name, "validation.date") }
            return Int64((day.timeIntervalSince1970 + (endOfDay ? 86_400 : 0)) * 1000)
        }
        return AuditRepository.Filter(
            actor: req.query[String.self, at: "actor"], action: req.query[String.self, at: "action"],
            objectType: req.query[String.self, at: "object_type"], objectID: req.query[String.self, at: "object_id"],
            fromMillis: try millis("from", endOfDay: false), toMillis: try millis("to", endOfDay: true))
    }

    private func entries(_ req: Request, limit: Int, before: Int64?) async throws -> [AuditEntryRecord] {
        let current = try req.currentUser
        let orgIDs = try await organisations.all(in: current.scope, on: req.db).compactMap { $0.id?.uuidString.lowercased() }
        return try await repository.list(in: current.scope, organisationIDs: orgIDs, filter: try filter(req), before: before, limit: limit, on: req.db)
    }

    @Sendable func list(req: Request) async throws -> APIPage<EntryDTO> {
        let page = try req.pageRequest()
        let before = try page.after.map { key in
            guard let value = Int64(key) else { throw VigilError.badRequest("bad_cursor", "error.bad_cursor") }
            return value
        }
        let rows = try await entries(req, limit: page.limit + 1, before: before).map {
            EntryDTO(sequence: $0.id ?? 0, at: $0.at, actor: $0.actorLabel, actorId: $0.actorID, organisationId: $0.organisationID,
                     action: $0.action, objectType: $0.objectType, objectId: $0.objectID, changes: $0.changes, address: $0.address, hash: $0.hash)
        }
        return APIPage(rows: rows, limit: page.limit) { String($0.sequence) }
    }

    /// A label from the tables when there is one (`audit.action.user.create`), else the code itself,
    /// so that a new action shows up readably before anyone translates it.
    private func label(_ req: Request, _ prefix: String, _ code: String) -> String {
        let key = prefix + code
        return req.application.localizer.has(key) ? req.t(key) : code
    }

    /// The stored change set, `{"field": {"from": .., "to": ..}}`, as lines a person reads.
    private func changeLines(_ req: Request, _ json: String, names: [String: String]) -> [Page.Change] {
        guard let data = json.data(using: .utf8),
              let fields = try? JSONDecoder().decode([String: [String: String?]].self, from: data)
        else { return json == "{}" ? [] : [Page.Change(field: "", from: nil, to: json)] }
        return fields.keys.sorted().map { field in
            let values = fields[field] ?? [:]
            let from = values["from"].flatMap { $0 }.map { display(req, field: field, value: $0, names: names) }
            let to = values["to"].flatMap { $0 }.map { display(req, field: field, value: $0, names: names) } ?? "—"
            return Page.Change(field: label(req, "audit.field.", field), from: values.keys.contains("from") ? (from ?? "—") : nil, to: to)
        }
    }

    /// Stored values are codes and ids; show roles, kinds, methods, yes/no in words and
    /// organisations by name.
    private func display(_ req: Request, field: String, value: String, names: [String: String]) -> String {
        if let name = names[value.lowercased()] { return name }
        return switch (field, value) {
        case ("roles", _): value.split(separator: ",").map { label(req, "role.", String($0)) }.joined(separator: ", ")
        case ("kind", _): label(req, "org.kind.", value)
        case (_, "true"): req.t("common.yes")
        case (_, "false"): req.t("common.no")
        case ("password", _): label(req, "audit.value.password.", value)
        case ("method", _): label(req, "audit.value.method.", value)
        default: value
        }
    }

    static let objectTypes = ["organisation", "user", "api_token", "settings"]

    @Sendable func page(req: Request) async throws -> Response {
        let limit = 100
        let before = req.query[String.self, at: "before"].flatMap(Int64.init)
        var form = FormState()
        var records: [AuditEntryRecord] = []
        do {
            records = try await entries(req, limit: limit + 1, before: before)
        } catch let error as VigilError where error.field != nil {
            form = .failed(error, values: [:], request: req)
        }
        // Organisations by name, not id, wherever an entry names one in scope.
        let names = Dictionary(try await organisations.all(in: try req.currentUser.scope, on: req.db).compactMap { org in
            org.id.map { ($0.uuidString.lowercased(), org.name) }
        }, uniquingKeysWith: { first, _ in first })
        let rows = records.prefix(limit).map {
            Page.Row(sequence: $0.id ?? 0, at: req.formDateTime($0.at), actor: label(req, "audit.actor.", $0.actorLabel),
                     action: label(req, "audit.action.", $0.action), objectType: label(req, "audit.object_type.", $0.objectType),
                     objectID: $0.objectID.map { names[$0.lowercased()] ?? $0 },
                     changes: changeLines(req, $0.changes, names: names), address: $0.address.map { label(req, "audit.address.", $0) } ?? "")
        }
        var filter: [String: String] = [:]
        for key in ["actor", "action", "object_type", "object_id", "from", "to"] {
            if let value = req.query[String.self, at: key] { filter[key] = value }
        }
        let older = records.count > limit ? rows.last.map { String($0.sequence) } : nil
        let actions = try await repository.actions(on: req.db).map {
            Page.Option(value: $0, label: label(req, "audit.action.", $0), selected: filter["action"] == $0)
        }
        let objectTypes = Self.objectTypes.map {
            Page.Option(value: $0, label: label(req, "audit.object_type.", $0), selected: filter["object_type"] == $0)
        }
        return try await req.renderPage("audit/audit", titleKey: "audit.title",
                                        Page(rows: Array(rows), filter: filter, actions: actions, objectTypes: objectTypes,
                                             olderCursor: older, form: form, noRows: rows.isEmpty),
                                        status: form.errors.isEmpty ? .ok : .unprocessableEntity)
    }
}
