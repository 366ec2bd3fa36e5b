import CoreMetrics
import Foundation
import Metrics
import NIOConcurrencyHelpers
import Prometheus

/// The process-wide metrics: swift-metrics bootstrapped once with a Prometheus registry. Vapor
/// reports request counts and latencies per route through it (`http_requests_total`,
/// `http_request_duration_seconds`); Vigil adds the database's.
public enum VigilMetrics {
    private static let state = NIOLockedValueBox<PrometheusCollectorRegistry?>(nil)

    /// The registry, bootstrapping swift-metrics on first use (it may be bootstrapped only once
    /// per process, and tests build many applications).
    public static var registry: PrometheusCollectorRegistry {
        state.withLockedValue { registry in
            if let registry { return registry }
            let created = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: created))
            registry = created
            return created
        }
    }

    static var databasePing: Timer { Timer(label: "vigil_db_ping") }
    /// The connection pool's configured size (connections per event loop × event loops).
    static func recordPoolSize(_ connections: Int, database: String) {
        CoreMetrics.Gauge(label: "vigil_db_pool_connections_max", dimensions: [("database", database)]).record(connections)
    }
}
