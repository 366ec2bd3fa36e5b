import Foundation
import Testing
import Vapor
import VaporTesting
@testable import VigilServer
import VigilCore

/// Every route that takes files has the limit its setting gives, at the door (the body-size check
/// that runs before routing) as well as where the route collects the body.
@Suite("Upload limits")
struct UploadLimitTests {
    /// The upload routes and the setting each one follows. A new upload route must be listed.
    static let expected: [String: Setting] = [
        "POST /incidents": .upload,
        "POST /incidents/:incidentID/evidence": .upload,
        "POST /api/v1/incidents/:incidentID/evidence": .upload,
        "POST /assets/import": .upload,
        "POST /assets/import/apply": .upload,
        "POST /api/v1/hosts/import": .upload,
        "POST /assets/systems/import": .upload,
        "POST /assets/systems/import/apply": .upload,
        "POST /api/v1/systems/import": .upload,
        "POST /vulnerabilities/advisories/import": .upload,
        "POST /api/v1/advisories": .upload,
        "POST /api/v1/advisories/import": .upload,
        "POST /settings/known-exploited": .upload,
        "POST /api/v1/known-exploited": .upload,
        "POST /api/v1/incidents/:incidentID/stix": .upload,
        "POST /incidents/:incidentID/indicators/stix": .upload,
        "POST /vulnerabilities/scans": .scan,
        "POST /api/v1/scans": .scan,
        // Another installation's signed message, with a report's DOCX in it.
        "POST /api/v1/federation/messages": .federation,
    ]

    enum Setting { case upload, scan, federation }

    static func configure(_ config: inout AppConfig) {
        config.evidenceMaxBytes = 2 << 20
        config.scanMaxBytes = 5 << 20
    }

    @Test("the upload routes are the ones listed, each with its setting's limit")
    func routesDeclareTheirLimits() async throws {
        try await withVigilApp(configure: Self.configure) { app in
            var found: [String: Int] = [:]
            for route in app.routes.all { if let limit = route.bodyLimit { found[RouteAccessTests.key(route)] = limit } }
            #expect(Set(found.keys) == Set(Self.expected.keys), "upload routes: \(found.keys.sorted())")
            for (key, setting) in Self.expected {
                let limit = switch setting {
                case .scan: app.vigilConfig.scanMaxBytes
                case .upload: app.vigilConfig.uploadMaxBytes
                case .federation: FederationMessage.maxMessageBytes
                }
                #expect(found[key] == limit, "\(key): \(found[key] ?? 0) bytes, the setting says \(limit)")
            }
        }
    }

    @Test("a body over the route's limit is refused with 413; one over 1 MB but within it goes through")
    func doorChecksTheRouteLimit() async throws {
        try await withVigilApp(configure: Self.configure) { app in
            let fixtures = try await Fixtures.make(app)
            let admin = fixtures.user("root_admin")
            let session = try await app.signIn(admin)
            let token = try await app.token(for: admin)
            for route in app.routes.all {
                guard let limit = route.bodyLimit else { continue }
                let key = RouteAccessTests.key(route)
                let path = "/" + route.path.map { component -> String in
                    if case .parameter = component { return UUID().uuidString }
                    return component.description
                }.joined(separator: "/")
                var headers = session.headers
                if path.hasPrefix("/api/") { headers = HTTPHeaders(); headers.bearerAuthorization = BearerAuthorization(token: token) }
                headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": "b"])
                let over = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(repeating: 0x41, count: limit + 1))
                #expect(over.status == .payloadTooLarge, "\(key) with \(limit + 1) bytes: \(over.status.code)")
                let within = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(repeating: 0x41, count: (1 << 20) + 4096))
                #expect(within.status != .payloadTooLarge, "\(key) with just over 1 MB: 413, its limit is \(limit)")
            }
            // Any other post stays under 1 MB.
            let other = try await app.testing().sendRequest(.POST, "/api/v1/incidents", headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                                            body: ByteBuffer(repeating: 0x20, count: (1 << 20) + 1))
            #expect(other.status == .payloadTooLarge)
        }
    }
}
