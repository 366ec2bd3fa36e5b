import Fluent
import Foundation
import SQLKit
import VigilCore

/// A warning from the authorities as recorded in Vigil, by an organisation (the province's
/// coordinator, or an agency's focal point): `Advisory` with who recorded it and when it was last
/// matched against the inventory.
final class AdvisoryRecord: Model, @unchecked Sendable {
    static let schema = "advisories"

    // Managed
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "matched_at") var matchedAt: Date?

    // Data
    @Field(key: "reference") var reference: String
    @Field(key: "issuer") var issuer: String
    @Field(key: "issued_on") var issuedOn: String
    @Field(key: "title") var title: String
    /// Space-separated CVE ids.
    @Field(key: "cves") var cves: String
    /// JSON array of `AffectedProduct`.
    @Field(key: "products") var products: String
    @Field(key: "action") var action: String
    @Field(key: "deadline") var deadline: String

    // Relations
    @Field(key: "organisation_id") var organisationID: UUID
    /// The recording organisation's path: the warning reaches that subtree.
    @Field(key: "organisation_path") var organisationPath: String

    init() {}

    var advisory: Advisory {
        Advisory(reference: reference, issuer: issuer, issuedOn: issuedOn, title: title, cves: cves.split(separator: " ").map(String.init),
                 products: (try? JSONDecoder().decode([AffectedProduct].self, from: Data(products.utf8))) ?? [], action: action,
                 deadline: deadline)
    }

    func apply(_ advisory: Advisory) {
        reference = advisory.reference
        issuer = advisory.issuer
        issuedOn = advisory.issuedOn
        title = advisory.title
        cves = advisory.cves.joined(separator: " ")
        products = String(decoding: (try? JSONEncoder().encode(advisory.products)) ?? Data("[]".utf8), as: UTF8.self)
        action = advisory.action
        deadline = advisory.deadline
    }
}

/// One organisation's task for one warning: acknowledge, then fix before the deadline.
final class AdvisoryTaskRecord: Model, @unchecked Sendable {
    static let schema = "advisory_tasks"

    @ID(key: .id) var id: UUID?
    @Field(key: "advisory_id") var advisoryID: UUID
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "status") var status: String
    /// Hosts still hit, as of the last matching.
    @Field(key: "affected_hosts") var affectedHosts: Int
    @Field(key: "note") var note: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    /// Overdue and sent to the leader already.
    @Field(key: "escalated") var escalated: Bool

    init() {}
}

/// What happened to a task, for its history.
final class AdvisoryTaskEventRecord: Model, @unchecked Sendable {
    static let schema = "advisory_task_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "task_id") var taskID: UUID
    @Field(key: "at") var at: Date
    @Field(key: "actor") var actor: String
    @Field(key: "from_status") var fromStatus: String
    @Field(key: "to_status") var toStatus: String
    @Field(key: "note") var note: String

    init() {}
}

/// A host a warning hits, and why: a piece of installed software in an affected version, or a
/// finding with one of its CVEs. Resolved when a later matching no longer sees it (the software
/// was upgraded, the finding fixed), so a task shows what is left.
final class AdvisoryMatchRecord: Model, @unchecked Sendable {
    static let schema = "advisory_matches"

    @ID(key: .id) var id: UUID?
    @Field(key: "advisory_id") var advisoryID: UUID
    @Field(key: "task_id") var taskID: UUID
    @Field(key: "host_id") var hostID: UUID
    /// `software` or `finding`.
    @Field(key: "source") var source: String
    /// What identifies the match across matchings: the software's name and version, or the finding.
    @Field(key: "match_key") var matchKey: String
    /// The software's name, or the finding's title.
    @Field(key: "subject") var subject: String
    @Field(key: "version") var version: String
    /// The product it was taken for, or the finding's matching CVEs.
    @Field(key: "detail") var detail: String
    @OptionalField(key: "finding_id") var findingID: UUID?
    /// `affected`, or `unknown_version` (the product, with a version that cannot be placed).
    @Field(key: "verdict") var verdict: String
    @Field(key: "first_matched_at") var firstMatchedAt: Date
    @OptionalField(key: "resolved_at") var resolvedAt: Date?

    init() {}
}
