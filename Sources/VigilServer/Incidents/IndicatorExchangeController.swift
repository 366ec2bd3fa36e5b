import Vapor
import VigilCore

/// An incident's indicators exchanged with other tools: exported as a STIX 2.1 bundle or a MISP
/// event, imported from a STIX 2.1 bundle (`StixBundleReader`: a bundle with any bad object is
/// refused whole, every bad object named with its reason). The page's downloads are the same
/// documents as files (`…/indicators/stix`, `…/indicators/misp`); the page's import is
/// `IncidentPageController.importSTIX`.
struct IndicatorExchangeController: RouteCollection, Sendable {
    let repository: IncidentRepository
    let service: IncidentService
    let organisations: OrganisationRepository
    /// The uploads' setting (`VIGIL_UPLOAD_MAX_MB`), not the API's 1 MB: a bundle repeats each
    /// value in its pattern and its observable.
    let importLimit: Int
    let isAPI: Bool

    func boot(routes: any RoutesBuilder) throws {
        if isAPI {
            routes.get(IncidentsAPIPath.stix(.key), use: exportSTIX)
            routes.get(IncidentsAPIPath.misp(.key), use: exportMISP)
            routes.grouped(RequirePermission(permission: .handleIncidents))
                .upload(IncidentsAPIPath.stix(.key), limit: importLimit, use: importSTIX)
        } else {
            routes.get(IncidentsPath.stix(.key), use: exportSTIX)
            routes.get(IncidentsPath.misp(.key), use: exportMISP)
        }
    }

    @Sendable func exportSTIX(req: Request) async throws -> Response {
        let incident = try await exchangeIncident(req)
        let bundle = StixBundleWriter.bundle(incident)
        return download(try bundle.json(), contentType: "application/stix+json;version=2.1", filename: "\(incident.reference)-stix.json")
    }

    @Sendable func exportMISP(req: Request) async throws -> Response {
        let incident = try await exchangeIncident(req)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return download(try encoder.encode(MispEventWriter.event(incident)), contentType: "application/json",
                        filename: "\(incident.reference)-misp.json")
    }

    /// The document; on the page, as a file to save under `filename`.
    func download(_ data: Data, contentType: String, filename: String) -> Response {
        let response = Self.json(data, contentType: contentType)
        if !isAPI { response.headers.contentDisposition = .init(.attachment, filename: filename) }
        return response
    }

    struct ImportResponse: Content {
        /// Indicators new to the incident.
        let added: Int
        /// Indicators the incident already had.
        let merged: Int
        /// STIX objects without an indicator value (the incident, identities, relationships…).
        let skipped: Int
        let items: [IndicatorDTO]
    }

    @Sendable func importSTIX(req: Request) async throws -> Response {
        let user = try req.currentUser
        let incident = try await repository.load(req)
        guard let contentType = req.headers.contentType,
              contentType == .json || (contentType.type == "application" && contentType.subType == "stix+json")
        else {
            throw VigilError(status: .unsupportedMediaType, code: "unsupported_media_type", messageKey: "error.unsupported_media_type")
        }
        let data = Data(buffer: req.body.data ?? ByteBuffer())
        let result: StixBundleReader.Result
        do {
            result = try StixBundleReader.read(data)
        } catch {
            var problems = FieldProblems()
            for problem in error.problems { problems.add(Self.error(problem)) }
            try problems.throwIfAny()
            throw VigilError.malformedBody
        }
        let added = try await service.addIndicators(incident, result.indicators, by: user, address: req.clientAddress, on: req.db,
                                                    action: "incident.import_stix")
        let body = ImportResponse(added: added.count, merged: result.indicators.count - added.count, skipped: result.skipped,
                                  items: added.map { IndicatorDTO(type: $0.type.rawValue, value: $0.value) })
        return try await body.encodeResponse(status: added.isEmpty ? .ok : .created, for: req)
    }

    /// The incident named by the route, with its indicators and organisation, as core values.
    func exchangeIncident(_ req: Request) async throws -> ExchangeIncident {
        let incident = try await repository.load(req)
        let id = try incident.requireID()
        let rows = try await repository.indicators(of: id, on: req.db)
        let organisationID = incident.$organisation.id
        let name = try await organisations.names([organisationID], on: req.db)[organisationID] ?? ""
        let items = rows.compactMap { row in
            IndicatorType(rawValue: row.type).map { ExchangeIncident.Item(id: row.id!, indicator: Indicator(type: $0, value: row.value), addedAt: row.addedAt) }
        }
        let created = incident.createdAt ?? incident.discoveredAt
        return ExchangeIncident(
            id: id, reference: incident.reference, title: incident.title, description: incident.details, organisationID: organisationID,
            organisationName: name, created: created, modified: incident.updatedAt ?? created, discoveredAt: incident.discoveredAt,
            occurredAt: incident.occurredAt, severity: incident.severity.flatMap(Severity.init(rawValue:)), closed: incident.status == .closed,
            items: items)
    }

    static func json(_ data: Data, contentType: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType)
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    /// A reading problem as a translated field error: `objects[3]` (or `bundle`), the object's id in the message.
    static func error(_ problem: StixBundleReader.Problem) -> VigilError {
        let field = problem.index.map { "objects[\($0)]" } ?? "bundle"
        let id = problem.id ?? "?"
        let (key, arguments): (String, [String]) = switch problem.reason {
        case .notJSON: ("stix.not_json", [])
        case .notBundle: ("stix.not_bundle", [])
        case .badBundleID: ("stix.bad_bundle_id", [])
        case .noObjects: ("stix.no_objects", [])
        case .tooManyObjects(let limit): ("stix.too_many_objects", [String(limit)])
        case .noIndicators: ("stix.no_indicators", [])
        case .notObject: ("stix.not_object", [])
        case .missingProperty(let name): ("stix.missing_property", [id, name])
        case .badID(let bad): ("stix.bad_id", [String(bad.prefix(200))])
        case .duplicateID(let dup): ("stix.duplicate_id", [dup])
        case .specVersion(let version): ("stix.spec_version", [id, String(version.prefix(50))])
        case .badTimestamp(let name): ("stix.bad_timestamp", [id, name])
        case .unsupportedType(let type): ("stix.unsupported_type", [id, String(type.prefix(100))])
        case .patternType(let type): ("stix.pattern_type", [id, String(type.prefix(50))])
        case .pattern(.syntax(let offset)): ("stix.pattern_syntax", [id, String(offset)])
        case .pattern(.unsupported(let word)): ("stix.pattern_unsupported", [id, String(word.prefix(50))])
        case .pattern(.unsupportedPath(let path)): ("stix.pattern_path", [id, String(path.prefix(100))])
        case .invalidValue(let type, let value): ("stix.invalid_value", [id, value, type.rawValue])
        case .unsupportedHash(let name): ("stix.unsupported_hash", [id, String(name.prefix(50))])
        case .emptyFile: ("stix.empty_file", [id])
        }
        return VigilError.invalid(field, key, arguments)
    }
}
