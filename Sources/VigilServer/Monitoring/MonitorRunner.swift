import Fluent
import Foundation
import VigilCore
import VigilPages

/// Checks a monitor and records what the check found: the monitor's state, its history (only
/// when the outcome differs from the last), its hourly counters, a first baseline, and, when the
/// retry policy confirms a problem, the incident (one per ongoing problem) with its evidence.
struct MonitorRunner: Sendable {
    let probe: MonitorProbe
    let blobs: BlobStore
    let incidents: IncidentService
    let evidence: EvidenceService
    let notifications: NotificationService
    let localizer: Localizer
    let users: UserRepository
    let assets: AssetRepository
    let settings: MonitorSettings

    /// What the probe needs; `markers` are the administrator's (read from the settings when nil).
    func config(for monitor: MonitorRecord, markers: [String]? = nil, on db: any Database) async throws -> MonitorProbe.Config {
        let kind = monitor.monitorKind
        var config = MonitorProbe.Config(kind: kind, target: try MonitorTarget(kind: kind, text: monitor.target), timeout: monitor.timeoutSeconds)
        config.keyword = monitor.keyword
        config.keywordAbsent = monitor.keywordAbsent
        config.expectedStatus = monitor.expectedStatus
        config.defacement = monitor.defacement
        config.expectedAddresses = monitor.expectedAddresses.split(separator: " ").map(String.init)
        config.certificate = CertificatePolicy(warnDays: monitor.certWarnDays, alertDays: monitor.certAlertDays)
        config.rules = monitor.defacementRules
        if monitor.defacement {
            if let markers { config.rules.markers += markers } else { config.rules.markers += try await settings.markers(on: db) }
            config.baseline = try await activeBaseline(of: try monitor.requireID(), on: db)?.pageSnapshot
        }
        return config
    }

    func activeBaseline(of monitorID: UUID, on db: any Database) async throws -> MonitorBaselineRecord? {
        try await MonitorBaselineRecord.query(on: db).filter(\.$monitorID == monitorID).filter(\.$active == true).first()
    }

    /// One check now, recorded: what "check now" and the scheduler both do.
    @discardableResult
    func check(_ monitor: MonitorRecord, markers: [String]? = nil, on db: any Database, now: Date = Date()) async throws -> CheckOutcome {
        let result: MonitorProbe.Result
        do {
            result = await probe.run(try await config(for: monitor, markers: markers, on: db), now: now)
        } catch {
            result = .init(outcome: .down("target_invalid"))
        }
        try await record(result, of: monitor, on: db, now: now)
        return result.outcome
    }

    func record(_ result: MonitorProbe.Result, of monitor: MonitorRecord, on db: any Database, now: Date) async throws {
        let outcome = result.outcome
        let monitorID = try monitor.requireID()
        var state = MonitorState(status: monitor.monitorStatus, failures: monitor.failures)
        let previous = (status: monitor.status, code: monitor.lastCode)
        let transition = state.apply(outcome, policy: RetryPolicy(confirmAfter: monitor.confirmAfter))
        let settled = state
        try await db.write { db in
            monitor.status = settled.status.rawValue
            monitor.failures = settled.failures
            monitor.lastCheckedAt = now
            monitor.lastMillis = outcome.responseMillis
            monitor.lastCode = outcome.code
            monitor.lastDetail = String(outcome.detail.prefix(500))
            monitor.checkCount += 1
            if let expires = outcome.certificateExpiresAt { monitor.certExpiresAt = expires }
            if previous.status != monitor.status { monitor.lastChangeAt = now }
            try await monitor.save(on: db)
            if previous.status != monitor.status || previous.code != outcome.code || monitor.checkCount == 1 {
                try await MonitorCheckRecord(monitorID: monitorID, at: now, status: settled.status, outcome: outcome).create(on: db)
            }
            try await count(outcome, of: monitorID, at: now, on: db)
        }
        if monitor.defacement, outcome.verdict == .ok, let page = result.page, let snapshot = result.snapshot,
           try await activeBaseline(of: monitorID, on: db) == nil {
            try await saveBaseline(page, snapshot, of: monitor, acceptedBy: "Vigil", on: db, now: now)
        }
        switch transition {
        case .problem(let status)?: try await openOrContinueIncident(monitor, status: status, result: result, on: db, now: now)
        case .recovered?: try await note(monitor, kind: "monitor_recovered", detail: "", on: db, now: now)
        case .warned?: try await warn(monitor, outcome: outcome, on: db, now: now)
        default: break
        }
    }

    /// The hour's counters (one row per monitor and hour).
    private func count(_ outcome: CheckOutcome, of monitorID: UUID, at now: Date, on db: any Database) async throws {
        let hour = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
        let failed = outcome.verdict == .down || outcome.verdict == .defaced ? 1 : 0
        let millis = outcome.responseMillis ?? 0
        if let row = try await MonitorHourRecord.query(on: db).filter(\.$monitorID == monitorID).filter(\.$hour == hour).first() {
            row.checks += 1
            row.failures += failed
            row.totalMillis += millis
            row.maxMillis = max(row.maxMillis, millis)
            try await row.save(on: db)
        } else {
            let row = MonitorHourRecord()
            row.id = UUID()
            row.monitorID = monitorID
            row.hour = hour
            row.checks = 1
            row.failures = failed
            row.totalMillis = millis
            row.maxMillis = millis
            try await row.create(on: db)
        }
    }

    func saveBaseline(_ page: Data, _ snapshot: PageSnapshot, of monitor: MonitorRecord, acceptedBy: String, on db: any Database, now: Date) async throws {
        let monitorID = try monitor.requireID()
        let digest = try await blobs.put(page)
        try await db.write { db in
            let last = try await MonitorBaselineRecord.query(on: db).filter(\.$monitorID == monitorID).sort(\.$version, .descending).first()
            try await MonitorBaselineRecord.query(on: db).filter(\.$monitorID == monitorID).set(\.$active, to: false).update()
            let baseline = MonitorBaselineRecord()
            baseline.id = UUID()
            baseline.monitorID = monitorID
            baseline.version = (last?.version ?? 0) + 1
            baseline.createdAt = now
            baseline.acceptedBy = acceptedBy
            baseline.snapshot = String(decoding: try JSONEncoder().encode(snapshot), as: UTF8.self)
            baseline.pageSHA256 = digest
            baseline.active = true
            try await baseline.create(on: db)
        }
    }
}
