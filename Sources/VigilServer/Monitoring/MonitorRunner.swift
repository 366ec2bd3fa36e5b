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
    /// Baselines by baseline id, decoded and prepared for comparisons: decoding a large page's
    /// snapshot and preparing its side of the comparison for every check was most of a check's cost.
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
            config.baseline = try await preparedBaseline(of: try monitor.requireID(), url: config.target.url, rules: config.rules, on: db)
        }
        return config
    }

    /// The active baseline, decoded and prepared once per version, rules and address, and kept (the
    /// id is read each time, so a baseline accepted on another process is used at once).
    func preparedBaseline(of monitorID: UUID, url: URL?, rules: DefacementRules, on db: any Database) async throws -> PreparedBaseline? {
        guard let id = try await MonitorBaselineRecord.query(on: db).filter(\.$monitorID == monitorID).filter(\.$active == true)
            .field(\.$id).first()?.id else { return nil }
        let cached = await baselines.baseline(id)
        if let cached, cached.url == url, cached.rules == rules { return cached }
        var snapshot = cached?.snapshot
        if snapshot == nil { snapshot = try await MonitorBaselineRecord.find(id, on: db)?.pageSnapshot }
        guard let snapshot else { return nil }
        let prepared = DefacementCheck.prepare(baseline: snapshot, url: url, rules: rules)
        await baselines.keep(prepared, for: id)
        return prepared
    }

    func activeBaseline(of monitorID: UUID, on db: any Database) async throws -> MonitorBaselineRecord? {
        try await MonitorBaselineRecord.query(on: db).filter(\.$monitorID == monitorID).filter(\.$active == true).first()
    }

    /// One check now, recorded: what "check now" and the scheduler both do.
    @discardableResult
    func check(_ monitor: MonitorRecord, markers: [String]? = nil, claimed: Bool = false, on db: any Database, now: Date = Date()) async throws -> CheckOutcome {
        let result = await probe(monitor, markers: markers, on: db, now: now)
        try await record(result, of: monitor, claimed: claimed, on: db, now: now)
        return result.outcome
    }

    /// The check's probe alone (the network part), not recorded yet.
    func probe(_ monitor: MonitorRecord, markers: [String]? = nil, on db: any Database, now: Date) async -> MonitorProbe.Result {
        do {
            return await probe.run(try await config(for: monitor, markers: markers, on: db), now: now)
        } catch {
            return .init(outcome: .down("target_invalid"))
        }
    }

    func record(_ result: MonitorProbe.Result, of monitor: MonitorRecord, claimed: Bool = false, on db: any Database, now: Date) async throws {
        let outcome = result.outcome
        let monitorID = try monitor.requireID()
        var state = MonitorState(status: monitor.monitorStatus, failures: monitor.failures)
        let transition = state.apply(outcome, policy: RetryPolicy(confirmAfter: monitor.confirmAfter))
        try await writer.submit(.init(monitor: monitor, outcome: outcome, state: state, at: now, claimed: claimed), on: db)
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

/// Prepared baselines, by baseline id, within a memory budget (then the cache starts again:
/// baselines are few and change rarely, so a simple bound is enough). A prepared baseline takes
/// about four times its page's size (its texts kept folded and masked besides the snapshot).
actor BaselineCache {
    private var baselines: [UUID: PreparedBaseline] = [:]
    private var bytes = 0
    let budget: Int

    init(budget: Int = 256 << 20) {
        self.budget = budget
    }

    func baseline(_ id: UUID) -> PreparedBaseline? { baselines[id] }

    func keep(_ baseline: PreparedBaseline, for id: UUID) {
        let cost = 4 * max(baseline.snapshot.size, 1_024)
        if bytes + cost > budget {
            baselines.removeAll(keepingCapacity: true)
            bytes = 0
        }
        if let old = baselines.updateValue(baseline, forKey: id) { bytes -= 4 * max(old.snapshot.size, 1_024) }
        bytes += cost
    }
}
