import Fluent
import Foundation
import VigilCore

/// A person or body in an organisation's directory.
final class ContactRecord: Model, @unchecked Sendable {
    static let schema = "contacts"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Parent(key: "organisation_id") var organisation: OrganisationRecord
    // Data
    @Field(key: "name") var name: String
    @Field(key: "role") var role: String
    @OptionalField(key: "position") var position: String?
    /// E.164 (`PhoneNumber.normalised`).
    @OptionalField(key: "phone") var phone: String?
    /// More numbers, normalised, space-separated ("" for none).
    @Field(key: "other_phones") var otherPhones: String
    @OptionalField(key: "email") var email: String?
    @Field(key: "availability") var availability: String
    /// Language codes, comma-separated (`vi,en`).
    @Field(key: "languages") var languages: String
    @OptionalField(key: "body_kind") var bodyKind: String?
    // Relations: the user, reporting body or supplier the contact is, when it is one.
    @OptionalField(key: "user_id") var userID: UUID?
    @OptionalField(key: "reporting_body_id") var reportingBodyID: UUID?
    @OptionalField(key: "supplier_id") var supplierID: UUID?
    // Reachability
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    @OptionalField(key: "check_sent_at") var checkSentAt: Date?

    init() {}

    var contactRole: ContactRole { ContactRole(rawValue: role) ?? .external }

    /// The stored fields as checked details (they were checked when stored).
    var details: ContactDetails {
        ContactDetails(name: name, role: contactRole, position: position, phone: phone.flatMap { try? PhoneNumber($0) },
                       otherPhones: otherPhones.split(separator: " ").compactMap { try? PhoneNumber(String($0)) },
                       email: email.flatMap { try? MailAddress($0) }, availability: ContactAvailability(rawValue: availability) ?? .officeHours,
                       languages: languages.split(separator: ",").map(String.init), bodyKind: bodyKind.flatMap(ExternalBodyKind.init(rawValue:)))
    }

    func apply(_ details: ContactDetails) {
        name = details.name
        role = details.role.rawValue
        position = details.position
        phone = details.phone?.normalised
        otherPhones = details.otherPhones.map(\.normalised).joined(separator: " ")
        email = details.email?.description
        availability = details.availability.rawValue
        languages = details.languages.joined(separator: ",")
        bodyKind = details.bodyKind?.rawValue
    }

    /// Every number, the main one first, as people in Viet Nam read them (`0912 345 678`).
    var nationalPhones: [String] {
        let details = details
        return ([details.phone].compactMap { $0 } + details.otherPhones).map(\.national)
    }

    /// The directory's order: by role (focal point and deputy first), then by name.
    static func directoryOrder(_ a: ContactRecord, _ b: ContactRecord) -> Bool {
        let order = ContactRole.allCases
        return (order.firstIndex(of: a.contactRole) ?? order.count, a.name) < (order.firstIndex(of: b.contactRole) ?? order.count, b.name)
    }

    var named: NamedContact {
        NamedContact(confirmedAt: confirmedAt, checkSentAt: checkSentAt, availability: ContactAvailability(rawValue: availability) ?? .officeHours)
    }
}

/// A reachability check: the e-mailed one-time link, kept by its SHA-256 only.
final class ContactCheckRecord: Model, @unchecked Sendable {
    static let schema = "contact_checks"

    @ID(key: .id) var id: UUID?
    @Field(key: "contact_id") var contactID: UUID
    @Field(key: "token_sha256") var tokenSHA256: String
    @Field(key: "sent_to") var sentTo: String
    @Field(key: "sent_at") var sentAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    /// Who asked for it, or "Vigil" for the periodic job.
    @Field(key: "sent_by") var sentBy: String

    init() {}
}

/// A link that named no check (wrong, used or expired), by the address that opened it: the
/// public page refuses an address after too many (shared by every process, purged daily).
final class ContactLinkFailureRecord: Model, @unchecked Sendable {
    static let schema = "contact_link_failures"

    @ID(key: .id) var id: UUID?
    @Field(key: "address") var address: String
    @Field(key: "at") var at: Date

    init() {}

    init(address: String, at: Date) {
        self.address = String(address.prefix(100))
        self.at = at
    }
}

/// The official notice of the focal point sent upward: the DOCX as it was (by digest), to whom,
/// when, by whom. Never changed afterwards; the names are copied so that later edits of the
/// contacts do not rewrite what was sent.
final class FocalPointNoticeRecord: Model, @unchecked Sendable {
    static let schema = "focal_point_notices"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: OrganisationRecord
    @Field(key: "focal_point") var focalPoint: String
    @Field(key: "deputy") var deputy: String
    @Field(key: "recipients") var recipients: String
    @OptionalField(key: "channel") var channel: String?
    @Field(key: "sha256") var sha256: String
    @Field(key: "size_bytes") var sizeBytes: Int
    @Field(key: "sent_at") var sentAt: Date
    @Field(key: "sent_by_id") var sentByID: UUID
    @Field(key: "sent_by") var sentBy: String

    init() {}
}

/// One step of an organisation's escalation chain.
final class EscalationStepRecord: Model, @unchecked Sendable {
    static let schema = "escalation_steps"

    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "contact_id") var contactID: UUID
    @Field(key: "wait_minutes") var waitMinutes: Int

    init() {}

    init(organisationID: UUID, position: Int, step: EscalationStep) {
        self.organisationID = organisationID
        self.position = position
        self.contactID = step.contactID
        self.waitMinutes = step.waitMinutes
    }
}

/// One step of a chain for one incident: due at a time, claimed by one process with a lease, then
/// sent (the contact told), stopped (acknowledged first) or skipped (nobody to tell).
final class EscalationRunRecord: Model, @unchecked Sendable {
    static let schema = "escalation_runs"

    enum Status: String { case pending, sent, stopped, skipped }

    @ID(key: .id) var id: UUID?
    @Field(key: "incident_id") var incidentID: UUID
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "position") var position: Int
    @OptionalField(key: "contact_id") var contactID: UUID?
    @Field(key: "wait_minutes") var waitMinutes: Int
    @Field(key: "due_at") var dueAt: Date
    @Field(key: "status") var status: String
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "done_at") var doneAt: Date?
    /// Who was told, or why nobody was.
    @OptionalField(key: "note") var note: String?

    init() {}
}
