import Fluent
import Foundation
import VigilCore

/// An information system (hệ thống thông tin) with its security level under Decree 85/2016.
final class InformationSystemRecord: Model, @unchecked Sendable {
    static let schema = "information_systems"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Field(key: "name") var name: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "security_level") var securityLevel: Int
    @Field(key: "national_critical") var nationalCritical: Bool
    /// `on_premises`, `provincial_data_centre`, `cloud`, `vendor_hosted`.
    @Field(key: "hosting") var hosting: String
    /// One URL per line.
    @Field(key: "public_urls") var publicURLs: String
    /// The people responsible, as written (names, roles, telephone).
    @Field(key: "responsible") var responsible: String
    @Parent(key: "organisation_id") var organisation: OrganisationRecord
    /// Vulnerability scans are due this many months apart (default 6, Directive 18/CT-TTg).
    @Field(key: "scan_interval_months") var scanIntervalMonths: Int
    /// The last scan reminder sent (`ScanCadence.reminderKey`), so that each goes once.
    @Field(key: "scan_reminded") var scanReminded: String
    /// The recovery resources (response plans): backups, spare equipment, suppliers' support.
    @Field(key: "backups") var backups: String
    @Field(key: "spare_equipment") var spareEquipment: String
    @Field(key: "supplier_support") var supplierSupport: String

    init() {}
}

/// What changed in a system, who changed it and when: its fields, its hosts and its suppliers,
/// from the pages, the API, imports and the host and supplier forms. The response plan is flagged
/// for review from these (`PlanReviewRule`).
final class SystemChangeRecord: Model, @unchecked Sendable {
    static let schema = "system_changes"

    @ID(key: .id) var id: UUID?
    @Field(key: "system_id") var systemID: UUID
    @Field(key: "at") var at: Date
    @Field(key: "actor") var actor: String
    /// JSON: field → {"from", "to"}.
    @Field(key: "changes") var changes: String

    init() {}
}

/// A server, workstation, laptop, network or security device.
///
/// The anti-malware verdict depends on the time it is asked, so the host keeps the facts it is
/// computed from (`av_*`), which the coverage query turns into verdicts in SQL for 100k hosts at once.
final class HostRecord: Model, @unchecked Sendable {
    static let schema = "hosts"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    /// The agent's stable id (/etc/machine-id, MachineGuid); nil for hosts entered by hand or CSV
    /// until an agent reports.
    @OptionalField(key: "machine_id") var machineID: String?
    @Field(key: "hostname") var hostname: String
    /// Addresses, comma-separated.
    @Field(key: "addresses") var addresses: String
    @Field(key: "os_name") var osName: String
    @Field(key: "os_version") var osVersion: String
    @Field(key: "role") var role: String
    @Field(key: "owner") var owner: String
    /// `low`, `medium`, `high`, `critical`.
    @Field(key: "criticality") var criticality: String
    @OptionalField(key: "last_seen_at") var lastSeenAt: Date?
    /// `agent`, `import` or `manual`: where the anti-malware state came from.
    @Field(key: "source") var source: String
    /// The agent's `sentAt` of its last report: reports must move forward (replays are refused).
    @OptionalField(key: "last_sent_at") var lastSentAt: Date?
    @Field(key: "software_hash") var softwareHash: String
    /// The package list as reported, one `name TAB vendor TAB version` line per package;
    /// `host_software` rows are built from it by
    /// `SoftwareIndex`, outside the check-in's transaction.
    @Field(key: "software") var software: String
    /// The hash of the list `host_software` now holds; differs from `software_hash` until indexed.
    @Field(key: "software_indexed") var softwareIndexed: String
    // The anti-malware facts.
    @OptionalField(key: "av_report_at") var avReportAt: Date?
    @Field(key: "av_products") var avProducts: Int
    @Field(key: "av_enabled") var avEnabled: Bool
    @Field(key: "av_real_time") var avRealTime: Bool
    @OptionalField(key: "av_signature_at") var avSignatureAt: Date?
    /// JSON array of `AntiMalwareState`, as reported.
    @Field(key: "av_detail") var avDetail: String
    /// The products without their dates: a change of it is a change of state (a history row).
    @Field(key: "av_shape") var avShape: String
    @Parent(key: "organisation_id") var organisation: OrganisationRecord

    init() {}
}

/// A host belongs to zero or more information systems.
final class HostSystemRecord: Model, @unchecked Sendable {
    static let schema = "host_systems"

    @ID(key: .id) var id: UUID?
    @Field(key: "host_id") var hostID: UUID
    @Field(key: "system_id") var systemID: UUID

    init() {}
}

/// One installed package of a host, kept for matching the authorities' warnings.
final class HostSoftwareRecord: Model, @unchecked Sendable {
    static let schema = "host_software"

    @ID(key: .id) var id: UUID?
    @Field(key: "host_id") var hostID: UUID
    @Field(key: "name") var name: String
    @Field(key: "vendor") var vendor: String
    @Field(key: "version") var version: String

    init() {}
}

/// A change of a host's protection: written when its products change or its verdict does (fresh
/// signatures, a report after silence), not on every report.
final class HostStateRecord: Model, @unchecked Sendable {
    static let schema = "host_states"

    @ID(key: .id) var id: UUID?
    @Field(key: "host_id") var hostID: UUID
    @Field(key: "at") var at: Date
    @Field(key: "source") var source: String
    /// JSON array of `AntiMalwareState`.
    @Field(key: "detail") var detail: String

    init() {}
}

/// An organisation's enrolment token: what agents present to report their hosts.
final class EnrolmentTokenRecord: Model, @unchecked Sendable {
    static let schema = "enrolment_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "prefix") var prefix: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @Parent(key: "organisation_id") var organisation: OrganisationRecord

    init() {}
}

/// Coverage of one organisation (its own hosts only) on one day; the trend chart sums subtrees.
final class CoverageSnapshotRecord: Model, @unchecked Sendable {
    static let schema = "coverage_snapshots"

    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    /// ISO date, yyyy-MM-dd, in Vigil's time zone.
    @Field(key: "day") var day: String
    @Field(key: "total") var total: Int
    @Field(key: "protected") var protected: Int
    /// JSON: reason code → hosts.
    @Field(key: "by_reason") var byReason: String

    init() {}
}
