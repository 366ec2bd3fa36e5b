import Crypto
import Fluent
import Metrics
import Vapor
import VigilCore

/// `POST /api/v1/checkins`: a host reports itself, authenticated by its organisation's enrolment
/// token. The schema is in docs/CHECKIN.md.
struct CheckInController: RouteCollection, Sendable {
    let tokens: EnrolmentTokenStore
    let writer: CheckInWriter

    func boot(routes: any RoutesBuilder) throws {
        routes.post("api", "v1", "checkins", use: checkIn)
    }

    struct Answer: Content {
        struct Protection: Content {
            let status: String
            let reason: String?
            let message: String
        }
        let hostId: String
        let created: Bool
        let protection: Protection
    }

    /// Made once: a counter's lookup in the registry takes a lock, and this path is hot.
    struct Counters: Sendable {
        let created = Counter(label: "vigil_checkins_total", dimensions: [("outcome", "created")])
        let updated = Counter(label: "vigil_checkins_total", dimensions: [("outcome", "updated")])
        let replayed = Counter(label: "vigil_checkins_total", dimensions: [("outcome", "replayed")])
        let unauthorized = Counter(label: "vigil_checkins_total", dimensions: [("outcome", "unauthorized")])
        let malformed = Counter(label: "vigil_checkins_total", dimensions: [("outcome", "malformed")])
        let invalid = Counter(label: "vigil_checkins_total", dimensions: [("outcome", "invalid")])
    }
    static let counters = Counters()

    static let invalidToken = VigilError(status: .unauthorized, code: "invalid_enrolment_token", messageKey: "checkin.error.token")

    @Sendable func checkIn(req: Request) async throws -> Response {
        guard let bearer = req.headers.bearerAuthorization,
              let grant = try await tokens.authenticate(bearer.token, on: req.db) else {
            Self.counters.unauthorized.increment()
            throw Self.invalidToken
        }
        guard req.headers.contentType == .json else {
            throw VigilError(status: .unsupportedMediaType, code: "unsupported_media_type", messageKey: "error.unsupported_media_type")
        }
        guard let body = req.body.data else { throw VigilError.malformedBody }
        let document: CheckInDocument
        do {
            document = try JSONDecoder.vigil.decode(CheckInDocument.self, from: body)
        } catch let error as DecodingError {
            Self.counters.malformed.increment()
            throw VigilError.badRequest("malformed_checkin", "checkin.error.malformed", [Self.describe(error)])
        }
        let now = Date()
        let problems = document.problems(now: now)
        if !problems.isEmpty {
            Self.counters.invalid.increment()
            var error = VigilError.invalid(problems[0].field, problems[0].key)
            error.fieldErrors = problems.map { VigilError.invalid($0.field, $0.key) }
            throw error
        }
        let products = (document.antimalware ?? []).map(\.state)
        let software = Self.softwareText(document.software ?? [])
        let item = CheckInWriter.Item(
            organisationID: grant.organisationID, tokenID: grant.tokenID, document: document, receivedAt: now,
            softwareHash: Secrets.sha256Hex(software), softwareText: software, products: products,
            stateShape: CheckInWriter.shape(of: products),
            detail: String(decoding: try JSONEncoder.vigil.encode(products), as: UTF8.self))
        let outcome = try await writer.submit(item)
        let (hostID, created, verdict): (UUID, Bool, ProtectionVerdict)
        switch outcome {
        case .created(let id, let judged): (hostID, created, verdict) = (id, true, judged)
        case .updated(let id, let judged): (hostID, created, verdict) = (id, false, judged)
        case .replayed:
            Self.counters.replayed.increment()
            throw VigilError(status: .conflict, code: "replayed_checkin", messageKey: "checkin.error.replayed")
        }
        (created ? Self.counters.created : Self.counters.updated).increment()
        let answer = Answer(
            hostId: hostID.uuidString.lowercased(), created: created,
            protection: .init(status: verdict.status.rawValue, reason: verdict.reason?.code,
                              message: req.t("protection.\(verdict.reason?.code ?? "protected")", verdict.reason?.arguments ?? [])))
        return try await answer.encodeResponse(status: created ? .created : .ok, for: req)
    }

    /// The package list as sorted lines of `name TAB vendor TAB version`: the same packages in any
    /// order give the same text and digest. Checked documents hold no tabs or newlines.
    static func softwareText(_ software: [CheckInDocument.Software]) -> String {
        software.map { $0.name + "\t" + ($0.vendor ?? "") + "\t" + ($0.version ?? "") }.sorted().joined(separator: "\n")
    }

    /// Where a JSON document went wrong, in terms its author can act on.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context): return (path(context) + "." + key.stringValue).trimmingCharacters(in: CharacterSet(charactersIn: ".")) + ": missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return path(context) + ": wrong type"
        case .dataCorrupted(let context): return (path(context).isEmpty ? "document" : path(context)) + ": " + context.debugDescription
        @unknown default: return "document"
        }
    }
}
