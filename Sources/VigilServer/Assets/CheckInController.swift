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
        routes.post(AssetsAPIPath.checkIns.absoluteComponents, use: checkIn)
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
        guard Self.isJSON(req.headers.first(name: .contentType)) else {
            throw VigilError(status: .unsupportedMediaType, code: "unsupported_media_type", messageKey: "error.unsupported_media_type")
        }
        guard let body = req.body.data else { throw VigilError.malformedBody }
        let document: CheckInDocument
        do {
            document = try body.withUnsafeReadableBytes { try CheckInDocument.decode(json: $0) }
        } catch let failure as JSONReader.Failure {
            Self.counters.malformed.increment()
            throw VigilError.badRequest("malformed_checkin", "checkin.error.malformed", [failure.description])
        }
        let now = Date()
        let problems = document.problems(now: now)
        if !problems.isEmpty {
            Self.counters.invalid.increment()
            var error = VigilError.invalid(problems[0].field, problems[0].key)
            error.fieldErrors = problems.map { VigilError.invalid($0.field, $0.key) }
            throw error
        }
        let item = try CheckInWriter.Item(document, organisationID: grant.organisationID, tokenID: grant.tokenID, receivedAt: now)
        let outcome = try await writer.submit(item)
        let (hostID, created, verdict): (UUID, Bool, ProtectionVerdict)
        switch outcome {
        case .created(let id, let judged): (hostID, created, verdict) = (id, true, judged)
        case .updated(let id, let judged): (hostID, created, verdict) = (id, false, judged)
        case .revoked:
            await tokens.forget(tokenID: grant.tokenID)
            Self.counters.unauthorized.increment()
            throw Self.invalidToken
        case .replayed:
            Self.counters.replayed.increment()
            throw VigilError(status: .conflict, code: "replayed_checkin", messageKey: "checkin.error.replayed")
        }
        (created ? Self.counters.created : Self.counters.updated).increment()
        let message = req.t("protection.\(verdict.reason?.code ?? "protected")", verdict.reason?.arguments ?? [])
        return Self.answer(hostID: hostID, created: created, verdict: verdict, message: message)
    }

    /// `{"hostId", "created", "protection": {"status", "reason"?, "message"}}`, written directly:
    /// this answer goes out thousands of times a second and `JSONEncoder` was a visible part of it.
    static func answer(hostID: UUID, created: Bool, verdict: ProtectionVerdict, message: String) -> Response {
        var json = #"{"hostId":""# + hostID.uuidString.lowercased() + #"","created":"# + (created ? "true" : "false")
        json += #","protection":{"status":""# + verdict.status.rawValue + "\""
        if let reason = verdict.reason?.code { json += #","reason":"# + JSONText.quoted(reason) }
        json += #","message":"# + JSONText.quoted(message) + "}}"
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "application/json; charset=utf-8")
        return Response(status: created ? .created : .ok, headers: headers, body: .init(string: json))
    }

    /// `application/json`, with or without parameters, read without building an `HTTPMediaType`.
    static func isJSON(_ contentType: String?) -> Bool {
        guard var type = contentType.map({ Substring($0.prefix { $0 != ";" }) }) else { return false }
        while type.first == " " { type.removeFirst() }
        while type.last == " " { type.removeLast() }
        return type.lowercased() == "application/json"
    }
}
