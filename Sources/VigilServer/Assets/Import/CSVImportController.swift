import Fluent
import Vapor
import VigilCore

/// CSV import and export of one kind of record (hosts, systems): a preview of every line (create,
/// update, reject and why), then the import in one transaction. The page sends the file, shows the
/// preview and sends the same text back to confirm; `POST /api/v1/{kind}/import` (`text/csv`,
/// `?dryRun=true` for the preview) does both. `GET /assets/{kind}/export.csv` gives the records in
/// the same columns.
/// Where an import lives: its page, the page's confirmation, the export, the list it returns to
/// and the API's import.
struct CSVImportPaths: Sendable {
    let page: any TypedPath
    let apply: any TypedPath
    let export: any TypedPath
    let list: any TypedPath
    let api: any APIPath
}

struct CSVImportController<Importer: CSVImporter>: RouteCollection, Sendable {
    let importer: Importer
    let uploadLimit: Int
    let paths: CSVImportPaths

    var pageURL: String { paths.page.path }
    var listPath: String { paths.list.path }

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(permission: .viewAssets)).get(paths.export, use: export)
        let manage = routes.grouped(RequirePermission(permission: .manageAssets))
        manage.get(paths.page, use: form)
        manage.upload(paths.page, limit: uploadLimit, use: preview)
        manage.upload(paths.apply, limit: uploadLimit, use: apply)
    }

    func bootAPI(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(permission: .manageAssets))
            .upload(paths.api, limit: uploadLimit, use: api)
    }

    struct Page: Encodable, Sendable {
        struct Line: Encodable, Sendable {
            let number: Int
            let label: String
            let action: String
            let actionLabel: String
            let problems: [String]
        }
        let kind: String
        let titleKey: String
        let introKey: String
        let backKey: String
        let nameKey: String
        let columnsKey: String
        let action: String
        let listPath: String
        let columns: [String]
        let hasPreview: Bool
        let lines: [Line]
        let created: Int
        let updated: Int
        let rejected: Int
        let canApply: Bool
        let csv: String
        let error: String?
    }

    private func page(_ req: Request, plan: ImportPlan<Importer.Payload>?, csv: String, error: String?,
                      status: HTTPResponseStatus = .ok) async throws -> Response {
        let lines = (plan?.lines ?? []).map { line in
            Page.Line(number: line.number, label: line.label, action: line.action.rawValue, actionLabel: req.t("import.action.\(line.action.rawValue)"),
                      problems: line.problems.map { "\($0.field): " + req.t($0.key, $0.arguments) })
        }
        let kind = Importer.kind
        let body = Page(kind: kind, titleKey: "import.title.\(kind)", introKey: "import.intro.\(kind)", backKey: "import.back.\(kind)",
                        nameKey: "import.name.\(kind)", columnsKey: "import.columns.\(kind)", action: pageURL, listPath: listPath, columns: Importer.columns, hasPreview: plan != nil,
                        lines: lines, created: plan?.created ?? 0, updated: plan?.updated ?? 0, rejected: plan?.rejected ?? 0,
                        canApply: (plan?.created ?? 0) + (plan?.updated ?? 0) > 0, csv: csv, error: error)
        return try await req.renderPage("shared/csv-import", titleKey: "import.title.\(Importer.kind)", body, status: status)
    }

    @Sendable func form(req: Request) async throws -> Response {
        try await page(req, plan: nil, csv: "", error: nil)
    }

    struct UploadForm: Content {
        var file: File?
        var text: String?
    }

    private func text(of req: Request) throws -> String {
        let form = try req.content.decode(UploadForm.self)
        if let file = form.file, file.data.readableBytes > 0 {
            guard let text = file.data.getString(at: file.data.readerIndex, length: file.data.readableBytes, encoding: .utf8) else {
                throw VigilError.invalid("file", "import.error.encoding")
            }
            return text
        }
        return form.text ?? ""
    }

    private func plan(_ text: String, _ req: Request) async throws -> ImportPlan<Importer.Payload> {
        do {
            return try await importer.plan(try CSVImport.cells(of: text, required: Importer.keyColumn), for: try req.currentUser, on: req.db)
        } catch let failure as CSVImport.Failure {
            switch failure {
            case .missingColumn(let column): throw VigilError.invalid("file", "import.error.missing_column", [column])
            case .tooManyLines: throw VigilError.invalid("file", "import.error.too_many_lines", [String(CSVImport.maxLines)])
            case .unreadable: throw VigilError.invalid("file", "import.error.unreadable")
            }
        }
    }

    @Sendable func preview(req: Request) async throws -> Response {
        do {
            let text = try self.text(of: req)
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw VigilError.invalid("file", "import.error.empty") }
            return try await page(req, plan: try await plan(text, req), csv: text, error: nil)
        } catch let error as VigilError where error.field != nil {
            return try await page(req, plan: nil, csv: "", error: req.t(error.messageKey, error.arguments), status: error.status)
        }
    }

    struct ApplyForm: Content { var csv: String }

    @Sendable func apply(req: Request) async throws -> Response {
        let user = try req.currentUser
        let form = try req.content.decode(ApplyForm.self)
        do {
            // Planned again: what is stored may have changed since the preview.
            let plan = try await plan(form.csv, req)
            try await importer.apply(plan, by: user, address: req.clientAddress, on: req.db)
            return req.redirect(to: paths.list.link(notice: "\(Importer.kind)_imported"))
        } catch let error as VigilError where error.field != nil {
            return try await page(req, plan: nil, csv: "", error: req.t(error.messageKey, error.arguments), status: error.status)
        }
    }

    struct Summary: Content {
        struct Line: Content {
            struct Problem: Content { let field: String; let code: String; let message: String }
            let line: Int
            let name: String
            let action: String
            let problems: [Problem]

            struct Key: CodingKey {
                let stringValue: String
                init(stringValue: String) { self.stringValue = stringValue }
                var intValue: Int? { nil }
                init?(intValue: Int) { nil }
            }

            /// The line's name also under its key column (`hostname` for hosts), as clients of the
            /// host import have read it.
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(line, forKey: Key(stringValue: "line"))
                try container.encode(name, forKey: Key(stringValue: "name"))
                try container.encode(name, forKey: Key(stringValue: Importer.keyColumn))
                try container.encode(action, forKey: Key(stringValue: "action"))
                try container.encode(problems, forKey: Key(stringValue: "problems"))
            }
        }
        let applied: Bool
        let created: Int
        let updated: Int
        let rejected: Int
        let lines: [Line]
    }

    @Sendable func api(req: Request) async throws -> Summary {
        guard req.headers.contentType?.type == "text", req.headers.contentType?.subType == "csv" else {
            throw VigilError(status: .unsupportedMediaType, code: "csv_required", messageKey: "import.error.csv_required")
        }
        guard let body = req.body.data, let text = body.getString(at: body.readerIndex, length: body.readableBytes, encoding: .utf8) else {
            throw VigilError.invalid("body", "import.error.encoding")
        }
        let dryRun = ["true", "1", "yes"].contains((req.query[String.self, at: "dryRun"] ?? "").lowercased())
        let plan = try await plan(text, req)
        if !dryRun { try await importer.apply(plan, by: try req.currentUser, address: req.clientAddress, on: req.db) }
        return Summary(applied: !dryRun, created: plan.created, updated: plan.updated, rejected: plan.rejected, lines: plan.lines.map { line in
            .init(line: line.number, name: line.label, action: line.action.rawValue,
                  problems: line.problems.map { .init(field: $0.field, code: $0.key, message: req.t($0.key, $0.arguments)) })
        })
    }

    @Sendable func export(req: Request) async throws -> Response {
        try CSVExport.response(filename: "\(Importer.kind).csv", header: Importer.columns,
                               rows: try await importer.export(for: try req.currentUser, on: req.db))
    }
}
