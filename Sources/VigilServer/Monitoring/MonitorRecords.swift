import Fluent
import Foundation
import VigilCore

/// A monitor of an endpoint, with its settings and the state its checks left.
final class MonitorRecord: Model, @unchecked Sendable {
    static let schema = "monitors"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Parent(key: "organisation_id") var organisation: OrganisationRecord
    @OptionalField(key: "system_id") var systemID: UUID?
    // Settings
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @Field(key: "target") var target: String
    @Field(key: "interval_seconds") var intervalSeconds: Int
    @Field(key: "timeout_seconds") var timeoutSeconds: Int
    @Field(key: "confirm_after") var confirmAfter: Int
    @Field(key: "paused") var paused: Bool
    @OptionalField(key: "keyword") var keyword: String?
    @Field(key: "keyword_absent") var keywordAbsent: Bool
    @OptionalField(key: "expected_status") var expectedStatus: Int?
    @Field(key: "defacement") var defacement: Bool
    /// For `dns`: the addresses expected, space-separated ("" for any).
    @Field(key: "expected_addresses") var expectedAddresses: String
    @Field(key: "cert_warn_days") var certWarnDays: Int
    @Field(key: "cert_alert_days") var certAlertDays: Int
    /// `DefacementRules` as JSON.
    @Field(key: "rules") var rules: String
    // State
    @Field(key: "status") var status: String
    @Field(key: "failures") var failures: Int
    @OptionalField(key: "last_checked_at") var lastCheckedAt: Date?
    @OptionalField(key: "last_change_at") var lastChangeAt: Date?
    @OptionalField(key: "last_millis") var lastMillis: Int?
    @OptionalField(key: "last_code") var lastCode: String?
    @Field(key: "last_detail") var lastDetail: String
    @OptionalField(key: "cert_expires_at") var certExpiresAt: Date?
    /// The incident its ongoing problem opened (kept while that incident is open).
    @OptionalField(key: "incident_id") var incidentID: UUID?
    @Field(key: "check_count") var checkCount: Int
    // Scheduling: the next check, and the claim of the process running it.
    @Field(key: "next_check_at") var nextCheckAt: Date
    @OptionalField(key: "lease_until") var leaseUntil: Date?
    @OptionalField(key: "leased_by") var leasedBy: String?

    init() {}

    var monitorKind: MonitorKind { MonitorKind(rawValue: kind) ?? .http }
    var monitorStatus: MonitorStatus { MonitorStatus(rawValue: status) ?? .pending }
    var defacementRules: DefacementRules { (try? JSONDecoder().decode(DefacementRules.self, from: Data(rules.utf8))) ?? DefacementRules() }
}

/// A check whose outcome differed from the one before (a change of state or of reason): the
/// history; checks that only repeat the last outcome are counted in `monitor_hours`.
final class MonitorCheckRecord: Model, @unchecked Sendable {
    static let schema = "monitor_checks"

    @ID(key: .id) var id: UUID?
    @Field(key: "monitor_id") var monitorID: UUID
    @Field(key: "at") var at: Date
    @Field(key: "status") var status: String
    @Field(key: "verdict") var verdict: String
    @OptionalField(key: "code") var code: String?
    @Field(key: "detail") var detail: String
    @OptionalField(key: "millis") var millis: Int?
    @OptionalField(key: "http_status") var httpStatus: Int?

    init() {}

    init(monitorID: UUID, at: Date, status: MonitorStatus, outcome: CheckOutcome) {
        self.id = UUID.timeOrdered(at: at)
        self.monitorID = monitorID
        self.at = at
        self.status = status.rawValue
        self.verdict = outcome.verdict.rawValue
        self.code = outcome.code
        self.detail = String(outcome.detail.prefix(500))
        self.millis = outcome.responseMillis
        self.httpStatus = outcome.httpStatus
    }
}

/// Checks counted per monitor and hour: uptime and the response-time chart.
final class MonitorHourRecord: Model, @unchecked Sendable {
    static let schema = "monitor_hours"

    @ID(key: .id) var id: UUID?
    @Field(key: "monitor_id") var monitorID: UUID
    @Field(key: "hour") var hour: Date
    @Field(key: "checks") var checks: Int
    @Field(key: "failures") var failures: Int
    @Field(key: "total_millis") var totalMillis: Int
    @Field(key: "max_millis") var maxMillis: Int

    init() {}
}

/// A version of a page's baseline: what the defacement check compares with. One is active.
final class MonitorBaselineRecord: Model, @unchecked Sendable {
    static let schema = "monitor_baselines"

    @ID(key: .id) var id: UUID?
    @Field(key: "monitor_id") var monitorID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "accepted_by") var acceptedBy: String
    /// `PageSnapshot` as JSON.
    @Field(key: "snapshot") var snapshot: String
    /// The page as fetched, in the blob store.
    @Field(key: "page_sha256") var pageSHA256: String
    @Field(key: "active") var active: Bool

    init() {}

    var pageSnapshot: PageSnapshot? { try? JSONDecoder().decode(PageSnapshot.self, from: Data(snapshot.utf8)) }
}
