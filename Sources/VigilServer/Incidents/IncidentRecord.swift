import Fluent
import Foundation
import VigilCore

/// An incident, from a staff member's report to its closure.
final class IncidentRecord: Model, @unchecked Sendable {
    static let schema = "incidents"

    /// Not stored: who `IncidentService.report` told of the new incident (the timeline keeps it).
    var focalPointsTold: [String]?

    // Managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // Data: the report
    /// `<ORG CODE>-<YEAR>-<NNNN>`, unique.
    @Field(key: "reference") var reference: String
    /// When it was reported, in milliseconds: an exact integer on both databases, so that the list's
    /// keyset paging (this, then the reference) never repeats or skips a row.
    @Field(key: "reported_ms") var reportedMillis: Int64
    @Field(key: "title") var title: String
    @Field(key: "description") var details: String
    @Field(key: "discovered_at") var discoveredAt: Date
    @OptionalField(key: "occurred_at") var occurredAt: Date?
    /// The affected system or device as the reporter named it (information systems come with the
    /// assets capability; `system_id` will point to one then).
    @OptionalField(key: "system_name") var systemName: String?
    @OptionalField(key: "system_id") var systemID: String?
    @OptionalField(key: "reporter_contact") var reporterContact: String?

    // Data: the response
    @Enum(key: "status") var status: IncidentStatus
    @OptionalField(key: "cause_group") var causeGroup: String?
    @OptionalField(key: "scenario") var scenario: String?
    /// An administrator's finer scenario under `scenario`, by code.
    @OptionalField(key: "sub_scenario") var subScenario: String?
    /// The severity in force: the computed one, or the focal point's override.
    @OptionalField(key: "severity") var severity: String?
    @OptionalField(key: "severity_computed") var severityComputed: String?
    @OptionalField(key: "severity_override_reason") var severityOverrideReason: String?
    /// The classification input and its explanation, as JSON, to show why.
    @OptionalField(key: "assessment") var assessment: String?
    @Field(key: "serious") var serious: Bool
    @Field(key: "beyond_capacity") var beyondCapacity: Bool
    @OptionalField(key: "security_level") var securityLevel: Int?
    @Field(key: "escalated") var escalated: Bool
    @OptionalField(key: "notified_at") var notifiedAt: Date?
    /// The reporting rule in force on the day of discovery, copied so that a later change of the
    /// law does not move this incident's clock.
    @Field(key: "notification_days") var notificationDays: Int
    @Field(key: "immediate_hours") var immediateHours: Int
    @Field(key: "reporting_source") var reportingSource: String
    /// When the notification is due under that rule; the overdue list filters on it.
    @OptionalField(key: "notify_by") var notifyBy: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "lessons_learned") var lessonsLearned: String?
    /// `open`, `not_incident` or `duplicate`.
    @Field(key: "disposition") var disposition: String
    @OptionalField(key: "duplicate_of") var duplicateOf: UUID?

    // Relations
    @Parent(key: "organisation_id") var organisation: OrganisationRecord
    @Parent(key: "reporter_id") var reporter: UserRecord
    @OptionalParent(key: "assignee_id") var assignee: UserRecord?

    init() {}

    init(reference: String, title: String, details: String, discoveredAt: Date, occurredAt: Date?, systemName: String?,
         reporterContact: String?, organisationID: UUID, reporterID: UUID, reportedAt: Date) {
        self.id = UUID()
        self.reportedMillis = Int64((reportedAt.timeIntervalSince1970 * 1000).rounded(.down))
        self.reference = reference
        self.title = title
        self.details = details
        self.discoveredAt = discoveredAt
        self.occurredAt = occurredAt
        self.systemName = systemName
        self.reporterContact = reporterContact
        self.status = .received
        self.serious = false
        self.beyondCapacity = false
        self.escalated = false
        self.disposition = "open"
        self.reportingRule = .circular20of2017
        self.$organisation.id = organisationID
        self.$reporter.id = reporterID
    }
}

/// One line of an incident's timeline: who did what, when.
final class IncidentEventRecord: Model, @unchecked Sendable {
    static let schema = "incident_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_label") var actorLabel: String
    /// `reported`, `status`, `classified`, `comment`, `assigned`, `escalated`, `indicator`, `notified`.
    @Field(key: "kind") var kind: String
    @OptionalField(key: "from_status") var fromStatus: String?
    @OptionalField(key: "to_status") var toStatus: String?
    @OptionalField(key: "note") var note: String?
    @Parent(key: "incident_id") var incident: IncidentRecord

    init() {}

    init(incidentID: UUID, at: Date, actorID: UUID?, actorLabel: String, kind: String, from: String? = nil, to: String? = nil, note: String? = nil) {
        self.id = UUID()
        self.$incident.id = incidentID
        self.at = at
        self.actorID = actorID
        self.actorLabel = actorLabel
        self.kind = kind
        self.fromStatus = from
        self.toStatus = to
        self.note = note
    }
}

/// An indicator of compromise seen in an incident; the same (type, value) in several incidents links them.
final class IncidentIndicatorRecord: Model, @unchecked Sendable {
    static let schema = "incident_indicators"

    @ID(key: .id) var id: UUID?
    @Field(key: "type") var type: String
    @Field(key: "value") var value: String
    @Field(key: "added_at") var addedAt: Date
    @Field(key: "added_by") var addedBy: String
    @Parent(key: "incident_id") var incident: IncidentRecord

    init() {}

    init(incidentID: UUID, indicator: Indicator, addedBy: String, at: Date) {
        self.id = UUID()
        self.$incident.id = incidentID
        self.type = indicator.type.rawValue
        self.value = indicator.value
        self.addedBy = addedBy
        self.addedAt = at
    }
}

/// The last reference number used per organisation and year.
final class IncidentCounterRecord: Model, @unchecked Sendable {
    static let schema = "incident_counters"

    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "year") var year: Int
    @Field(key: "last_number") var lastNumber: Int

    init() {}
}

extension IncidentRecord {
    var reportingRule: ReportingRule {
        get {
            ReportingRule(notificationDays: notificationDays, immediateWithinHours: immediateHours,
                          source: LegalSource(reference: reportingSource, effectiveFrom: ""))
        }
        set {
            notificationDays = newValue.notificationDays
            immediateHours = newValue.immediateWithinHours
            reportingSource = newValue.source.reference
            refreshNotifyBy()
        }
    }

    /// Recomputes the due time after discovery, seriousness or capacity changed.
    func refreshNotifyBy() {
        notifyBy = reportingRule.due(discoveredAt: discoveredAt, immediate: serious || beyondCapacity)
    }
}
