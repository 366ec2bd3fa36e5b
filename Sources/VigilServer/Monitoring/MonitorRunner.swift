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
    /// Results are written in batches (one transaction for many checks).
    let writer = MonitorResultWriter()
    /// Baselines' snapshots by baseline id: decoding a large page's snapshot for every check was the
    /// check's largest cost after the network.
    let baselines = BaselineCache()

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
            config.baseline = try await baselineSnapshot(of: try monitor.requireID(), on: db)
        }
        return config
    }

    /// The active baseline's snapshot, decoded once per version and kept (the id is read each time,
    /// so a baseline accepted on another process is used at once).
    func baselineSnapshot(of monitorID: UUID, on db: any Database) async throws -> PageSnapshot? {
        guard let id = try await MonitorBaselineRecord.query(on: db).filter(\.$monitorID == monitorID).filter(\.$active == true)
            .field(\.$id).first()?.id else { return nil }
        if let cached = await baselines.snapshot(id) { return cached }
        guard let snapshot = try await MonitorBaselineRecord.find(id, on: db)?.pageSnapshot else { return nil }
        await baselines.keep(snapshot, for: id)
        return snapshot
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
        let transition = state.apply(outcome, policy: RetryPolicy(confirmAfter: monitor.confirmAfter))
        try await writer.submit(.init(monitor: monitor, outcome: outcome, state: state, at: now), on: db)
        if monitor.defacement, outcome.verdict == .ok, result.verdict == nil, let page = result.page, let snapshot = result.snapshot,
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

/// Decoded baselines, at most `limit` of them (then the cache starts again: baselines are few
/// and change rarely, so a simple bound is enough).
actor BaselineCache {
    private var snapshots: [UUID: PageSnapshot] = [:]
    let limit: Int

    init(limit: Int = 5_000) {
        self.limit = limit
    }

    func snapshot(_ id: UUID) -> PageSnapshot? { snapshots[id] }

    func keep(_ snapshot: PageSnapshot, for id: UUID) {
        if snapshots.count >= limit { snapshots.removeAll(keepingCapacity: true) }
        snapshots[id] = snapshot
    }
}
