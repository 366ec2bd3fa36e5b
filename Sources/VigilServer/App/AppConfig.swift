import Foundation
import VigilCore

/// Everything Vigil reads from its environment, read once at start-up.
/// A bad value stops start-up with the variable's name; there are no default credentials.
public struct AppConfig: Sendable {
    public enum DatabaseKind: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var dataDirectory: URL
    /// Evidence files and issued reports, by their SHA-256: `<data>/blobs`, or a folder shared by
    /// several machines (`VIGIL_BLOB_DIR`, for example an NFS mount) when they share one PostgreSQL.
    public var blobDirectory: URL
    public var database: DatabaseKind
    public var hostname: String
    public var port: Int
    /// Mark cookies `Secure`: set when Vigil is reached over TLS (behind a reverse proxy).
    public var secureCookies: Bool
    /// A session ends after this long without a request...
    public var sessionIdleTimeout: TimeInterval
    /// ...and after this long in any case.
    public var sessionAbsoluteTimeout: TimeInterval
    /// How often background jobs are looked for; shorter in tests.
    public var jobPollInterval: TimeInterval
    /// bcrypt cost: 12 by default; tests lower it for speed.
    public var bcryptCost: Int = 12
    public var loginThrottle = LoginThrottlePolicy()
    public var timeZone: TimeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    /// The largest evidence file, and so the largest upload body (plus room for the form).
    public var evidenceMaxBytes: Int = EvidencePolicy.standard.maxBytes
    /// The largest scanner report an upload may carry (`VIGIL_SCAN_MAX_MB`, default 1024). It is
    /// streamed to a file, never held in memory.
    public var scanMaxBytes: Int = 1024 * 1024 * 1024
    /// The inward address ranges Vigil may connect to on its own (`VIGIL_OUTBOUND_ALLOW`); none by default.
    public var outboundPolicy = OutboundPolicy()
    /// How many checks run at once (`VIGIL_MONITOR_CONCURRENCY`).
    public var monitorConcurrency = 64
    /// PostgreSQL connections each event loop may open (`VIGIL_DB_CONNECTIONS_PER_LOOP`, default 4);
    /// several processes sharing one server, or the test suites running side by side, need fewer.
    public var postgresConnectionsPerLoop = 4
    /// The mail server from `VIGIL_SMTP_URL`; nil: the administrator sets it up on the settings page.
    public var smtp: SMTPSettings?
    /// The deadline of each step of a conversation with the mail server (`VIGIL_SMTP_TIMEOUT_SECONDS`).
    public var smtpTimeout: TimeInterval = 30

    public struct ConfigError: Error, CustomStringConvertible {
        public let variable: String
        public let problem: String
        public var description: String { "\(variable): \(problem)" }
    }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        let dataDirectory = URL(fileURLWithPath: env["VIGIL_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "data")
            .standardizedFileURL
        let database: DatabaseKind
        if let url = env["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ConfigError(variable: "DATABASE_URL", problem: "must start with postgres:// (unset it to use SQLite)")
            }
            database = .postgres(url: url)
        } else {
            database = .sqlite(path: dataDirectory.appendingPathComponent("vigil.sqlite").path)
        }
        func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
            guard let text = env[name], !text.isEmpty else { return value }
            guard let number = Int(text), range.contains(number) else {
                throw ConfigError(variable: name, problem: "must be a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        func bool(_ name: String) throws -> Bool {
            switch env[name]?.lowercased() {
            case nil, "", "0", "false", "no": return false
            case "1", "true", "yes": return true
            default: throw ConfigError(variable: name, problem: "must be true or false")
            }
        }
        var config = AppConfig(
            dataDirectory: dataDirectory,
            database: database,
            hostname: env["VIGIL_HOSTNAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1",
            port: try int("VIGIL_PORT", default: 8080, range: 1...65535),
            secureCookies: try bool("VIGIL_SECURE_COOKIES"),
            sessionIdleTimeout: TimeInterval(try int("VIGIL_SESSION_IDLE_MINUTES", default: 120, range: 5...10_080) * 60),
            sessionAbsoluteTimeout: TimeInterval(try int("VIGIL_SESSION_MAX_HOURS", default: 12, range: 1...720) * 3600),
            jobPollInterval: 30
        )
        if let blobs = env["VIGIL_BLOB_DIR"], !blobs.isEmpty {
            guard blobs.hasPrefix("/") else { throw ConfigError(variable: "VIGIL_BLOB_DIR", problem: "must be an absolute path") }
            config.blobDirectory = URL(fileURLWithPath: blobs).standardizedFileURL
        }
        config.bcryptCost = try int("VIGIL_BCRYPT_COST", default: 12, range: 4...16)
        config.evidenceMaxBytes = try int("VIGIL_EVIDENCE_MAX_MB", default: 25, range: 1...1024) * 1024 * 1024
        config.scanMaxBytes = try int("VIGIL_SCAN_MAX_MB", default: 1024, range: 1...16_384) * 1024 * 1024
        do {
            config.outboundPolicy = try OutboundPolicy(allowList: env["VIGIL_OUTBOUND_ALLOW"])
        } catch {
            throw ConfigError(variable: "VIGIL_OUTBOUND_ALLOW", problem: "ranges like 127.0.0.1/32,10.0.0.0/8, separated by commas")
        }
        config.monitorConcurrency = try int("VIGIL_MONITOR_CONCURRENCY", default: 64, range: 1...2048)
        config.postgresConnectionsPerLoop = try int("VIGIL_DB_CONNECTIONS_PER_LOOP", default: 4, range: 1...64)
        if let url = env["VIGIL_SMTP_URL"], !url.isEmpty {
            switch SMTPSettings.parse(url: url) {
            case .success(let settings): config.smtp = settings
            case .failure(let problems):
                // Names the part that is wrong, never the value (it may hold the password).
                let parts = problems.all.map { "\($0.field) \($0.kind == .required ? "missing" : "invalid")" }.joined(separator: ", ")
                throw ConfigError(variable: "VIGIL_SMTP_URL",
                                  problem: "\(parts) (e.g. smtp+starttls://user:password@mail.example.gov.vn:587?from=vigil@example.gov.vn)")
            }
        }
        config.smtpTimeout = TimeInterval(try int("VIGIL_SMTP_TIMEOUT_SECONDS", default: 30, range: 1...300))
        if let zone = env["VIGIL_TIMEZONE"], !zone.isEmpty {
            guard let timeZone = TimeZone(identifier: zone) else {
                throw ConfigError(variable: "VIGIL_TIMEZONE", problem: "unknown time zone (e.g. Asia/Ho_Chi_Minh)")
            }
            config.timeZone = timeZone
        }
        return config
    }

    public init(
        dataDirectory: URL, database: DatabaseKind, hostname: String = "127.0.0.1", port: Int = 8080,
        secureCookies: Bool = false, sessionIdleTimeout: TimeInterval = 7200, sessionAbsoluteTimeout: TimeInterval = 43_200,
        jobPollInterval: TimeInterval = 30
    ) {
        self.dataDirectory = dataDirectory
        self.blobDirectory = dataDirectory.appendingPathComponent("blobs")
        self.database = database
        self.hostname = hostname
        self.port = port
        self.secureCookies = secureCookies
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionAbsoluteTimeout = sessionAbsoluteTimeout
        self.jobPollInterval = jobPollInterval
    }

    /// The body limit of the routes that take files: the evidence limit and 1 MB for the rest of the form.
    var uploadMaxBytes: Int { evidenceMaxBytes + (1 << 20) }

    public var isSQLite: Bool {
        if case .sqlite = database { return true }
        return false
    }
}
