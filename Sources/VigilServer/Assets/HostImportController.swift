import Fluent
import Vapor
import VigilCore

/// CSV import of hosts: a preview of every line (create, update, reject and why), then the import
/// in one transaction. The page sends the file, shows the preview and sends the same text back to
/// confirm; `POST /api/v1/hosts/import` (`text/csv`, `?dryRun=true` for the preview) does both.
/// Also the CSV export of the host list, in the same columns.
struct HostImportController: RouteCollection, Sendable {
    let importer: HostImport
    let uploadLimit: Int

    func boot(routes: any RoutesBuilder) throws {
        let assets = routes.grouped("assets")
        assets.grouped(RequirePermission(permission: .viewAssets)).get("hosts", "export.csv", use: export)
        let manage = assets.grouped("import").grouped(RequirePermission(permission: .manageAssets))
        manage.get(use: form)
        manage.on(.POST, body: .collect(maxSize: ByteCount(value: uploadLimit)), use: preview)
        manage.on(.POST, "apply", body: .collect(maxSize: ByteCount(value: uploadLimit)), use: apply)
    }

    func bootAPI(routes: any RoutesBuilder) throws {
        routes.grouped("hosts").grouped(RequirePermission(permission: .manageAssets))
            .on(.POST, "import", body: .collect(maxSize: ByteCount(value: uploadLimit)), use: api)
    }

    struct Page: Encodable, Sendable {
        struct Line: Encodable, Sendable {
            let number: Int
            let hostname: String
            let action: String
            let actionLabel: String
            let problems: [String]
        }
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

    private func page(_ req: Request, plan: HostImport.Plan?, csv: String, error: String?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let lines = (plan?.lines ?? []).map { line in
            Page.Line(number: line.number, hostname: line.hostname, action: line.action.rawValue, actionLabel: req.t("import.action.\(line.action.rawValue)"),
                      problems: line.problems.map { "\($0.field): " + req.t($0.key, $0.arguments) })
        }
        let body = Page(columns: HostDraft.columns, hasPreview: plan != nil, lines: lines, created: plan?.created ?? 0,
                        updated: plan?.updated ?? 0, rejected: plan?.rejected ?? 0,
                        canApply: (plan?.created ?? 0) + (plan?.updated ?? 0) > 0, csv: csv, error: error)
        return try await req.renderPage("host-import", titleKey: "import.title", body, status: status)
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

    private func plan(_ text: String, _ req: Request) async throws -> HostImport.Plan {
        do {
            return try await importer.plan(try HostImport.cells(of: text), for: try req.currentUser, on: req.db)
        } catch let failure as HostImport.Failure {
            switch failure {
            case .missingColumn(let column): throw VigilError.invalid("file", "import.error.missing_column", [column])
            case .tooManyLines: throw VigilError.invalid("file", "import.error.too_many_lines", [String(HostImport.maxLines)])
            case .unreadable: throw VigilError.invalid("file", "import.error.unreadable")
            }
        }
    }

    @Sendable func preview(req: Request) async throws -> Response {
        let text: String
        do {
            text = try self.text(of: req)
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
            return req.redirect(to: "/assets/hosts?notice=hosts_imported")
        } catch let error as VigilError where error.field != nil {
            return try await page(req, plan: nil, csv: "", error: req.t(error.messageKey, error.arguments), status: error.status)
        }
    }

    struct Summary: Content {
        struct Line: Content {
            struct Problem: Content { let field: String; let code: String; let message: String }
            let line: Int
            let hostname: String
            let action: String
            let problems: [Problem]
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
            .init(line: line.number, hostname: line.hostname, action: line.action.rawValue,
                  problems: line.problems.map { .init(field: $0.field, code: $0.key, message: req.t($0.key, $0.arguments)) })
        })
    }

    @Sendable func export(req: Request) async throws -> Response {
        let user = try req.currentUser
        let organisations = try await OrganisationRepository().all(in: user.scope, on: req.db)
        let names = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id!, $0.code) })
        let hosts = try await HostRecord.query(on: req.db).filter(\.$organisation.$id ~~ Array(names.keys)).sort(\.$hostname).all()
        let links = try await HostSystemRecord.query(on: req.db).filter(\.$hostID ~~ hosts.compactMap(\.id)).all()
        let systemNames = Dictionary(uniqueKeysWithValues: try await InformationSystemRecord.query(on: req.db)
            .filter(\.$id ~~ Array(Set(links.map(\.systemID)))).all().map { ($0.id!, $0.name) })
        let systemsOf = Dictionary(grouping: links, by: \.hostID).mapValues { $0.compactMap { systemNames[$0.systemID] }.sorted().joined(separator: "; ") }
        let iso = ISO8601DateFormatter()
        let rows: [[String]] = hosts.map { host in
            let product = ((try? JSONDecoder.vigil.decode([AntiMalwareState].self, from: Data(host.avDetail.utf8))) ?? []).first
            func flag(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? "" }
            return [host.hostname, host.machineID ?? "", names[host.$organisation.id] ?? "", host.role, host.osName, host.osVersion,
                    host.addresses.replacingOccurrences(of: ",", with: ";"), host.owner, host.criticality, systemsOf[host.id!] ?? "",
                    product?.product ?? "", product?.version ?? "", flag(product?.enabled), flag(product?.realTimeProtection),
                    flag(product?.centrallyManaged), product?.signatureDate.map(iso.string) ?? "", product?.lastScan.map(iso.string) ?? "",
                    host.lastSeenAt.map(iso.string) ?? ""]
        }
        return try CSVExport.response(filename: "hosts.csv", header: HostDraft.columns, rows: rows)
    }
}
