import Vapor
import VigilCore

/// A notice as the JSON API shows it: both texts, and the one in the caller's language.
struct NoticeDTO: Content {
    struct FocalPoint: Content {
        let name: String
        let phone: String
    }

    let id: String
    let version: Int
    let organisation: OrganisationRef
    let issuedAt: Date
    let issuedBy: String
    /// `organisation` or `units`.
    let audience: String
    let unitIds: [String]
    let focalPoint: FocalPoint
    let text: String
    let textVi: String
    let textEn: String
    /// SHA-256 of what was issued.
    let digest: String
    /// Whether the notice addresses the caller.
    let addressedToYou: Bool
    let acknowledgedAt: Date?

    init(_ notice: AwarenessNoticeRecord, language: UILanguage, addressed: Bool, acknowledgedAt: Date?) {
        id = notice.id!.uuidString.lowercased()
        version = notice.version
        organisation = OrganisationRef(id: notice.$organisation.id.uuidString.lowercased(), name: notice.organisation.name)
        issuedAt = notice.issuedAt
        issuedBy = notice.issuedByName
        audience = notice.audience
        unitIds = notice.audienceValue?.unitIDs ?? []
        focalPoint = FocalPoint(name: notice.focalPointName, phone: notice.focalPointPhone)
        text = notice.text(language)
        textVi = notice.textVi
        textEn = notice.textEn
        digest = notice.digest
        addressedToYou = addressed
        self.acknowledgedAt = acknowledgedAt
    }
}

struct NoticeListDTO: Content {
    let items: [NoticeDTO]
}

/// `POST /api/v1/awareness/notices`: omitted texts and name take the defaults.
struct IssueNoticeRequest: Content {
    var audience: String?
    var unitIds: [String]?
    var textVi: String?
    var textEn: String?
    var focalPointName: String?
    var focalPointPhone: String?
}

struct AcknowledgedDTO: Content {
    let noticeId: String
    let acknowledgedAt: Date
}

struct RemindedDTO: Content {
    let noticeId: String
    let reminded: Int
}

/// Who has and has not acknowledged, per unit.
struct AcknowledgementsDTO: Content {
    struct Person: Content {
        let id: String
        let name: String
        let acknowledgedAt: Date?
        let lastRemindedAt: Date?
    }

    struct Unit: Content {
        let organisation: OrganisationRef
        let total: Int
        let acknowledged: Int
        let percent: Int
        let acknowledgedBy: [Person]
        let pending: [Person]
    }

    let noticeId: String
    let version: Int
    let total: Int
    let acknowledged: Int
    let pending: Int
    let percent: Int
    let units: [Unit]

    init(notice: AwarenessNoticeRecord, tally: AcknowledgementTally, reminded: [UUID: Date]) {
        func person(_ person: AcknowledgementTally.Person) -> Person {
            Person(id: person.id, name: person.name, acknowledgedAt: person.acknowledgedAt,
                   lastRemindedAt: UUID(uuidString: person.id).flatMap { reminded[$0] })
        }
        noticeId = notice.id!.uuidString.lowercased()
        version = notice.version
        total = tally.total
        acknowledged = tally.acknowledgedCount
        pending = tally.pendingCount
        percent = tally.percent
        units = tally.units.map {
            Unit(organisation: OrganisationRef(id: $0.organisationID, name: $0.name), total: $0.total, acknowledged: $0.acknowledged.count,
                 percent: $0.percent, acknowledgedBy: $0.acknowledged.map(person), pending: $0.pending.map(person))
        }
    }
}
