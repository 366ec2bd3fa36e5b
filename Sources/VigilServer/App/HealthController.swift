import Fluent
import Prometheus
import SQLKit
import Vapor

/// `/healthz` for load balancers and people, `/metrics` for Prometheus. Both are public: they
/// show no record of any organisation.
struct HealthController: RouteCollection, Sendable {
    let registry: PrometheusCollectorRegistry
    let startedAt: Date

    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
        routes.get("metrics", use: metrics)
    }

    struct Health: Content {
        let status: String
        let database: String
        let version: String
        let uptimeSeconds: Int
    }

    @Sendable func health(req: Request) async throws -> Response {
        var databaseStatus = "ok"
        let started = Date()
        do {
            try await req.db.ping()
        } catch {
            databaseStatus = "unavailable"
            req.logger.error("health check: database unavailable", metadata: ["error": "\(String(reflecting: error))"])
        }
        VigilMetrics.databasePing.recordNanoseconds(Int64(Date().timeIntervalSince(started) * 1e9))
        let body = Health(status: databaseStatus == "ok" ? "ok" : "degraded", database: databaseStatus,
                          version: VigilVersion.current, uptimeSeconds: Int(Date().timeIntervalSince(startedAt)))
        return try await body.encodeResponse(status: databaseStatus == "ok" ? .ok : .serviceUnavailable, for: req)
    }

    @Sendable func metrics(req: Request) async throws -> Response {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16_384)
        registry.emit(into: &buffer)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(data: Data(buffer)))
    }
}

public enum VigilVersion {
    public static let current = "0.1.0"
}

/// Health and metrics, outside every guard.
struct HealthCapability: Capability {
    func boot(_ routes: CapabilityRoutes) throws {
        try routes.root.register(collection: HealthController(registry: VigilMetrics.registry, startedAt: Date()))
    }
}
