import Fluent
import Foundation

/// A staff notice on the directive, as issued: frozen (nothing updates it), numbered per issuing
/// organisation, with the SHA-256 of what was issued.
final class AwarenessNoticeRecord: Model, @unchecked Sendable {
    static let schema = "awareness_notices"

    // Managed
    @ID(key: .id) var id: UUID?
    @Field(key: "issued_at") var issuedAt: Date
    /// 1, 2, … per organisation: a new notice is a new version, never an edit.
    @Field(key: "version") var version: Int
    /// `NoticeDraft.digest` of the fields below.
    @Field(key: "digest") var digest: String

    // Data
    /// `NoticeAudience.Kind`: the whole organisation, or chosen units.
    @Field(key: "audience") var audience: String
    /// `NoticeAudience.storedPaths`: the organisations reached, one path a line.
    @Field(key: "audience_paths") var audiencePaths: String
    @Field(key: "text_vi") var textVi: String
    @Field(key: "text_en") var textEn: String
    @Field(key: "focal_point_name") var focalPointName: String
    @Field(key: "focal_point_phone") var focalPointPhone: String
    /// Who issued it, by name as it was then.
    @Field(key: "issued_by_name") var issuedByName: String

    // Relations
    @Parent(key: "organisation_id") var organisation: OrganisationRecord
    @Parent(key: "issued_by_id") var issuedBy: UserRecord

    init() {}
}

/// One person's acknowledgement of one notice (at most one each).
final class AwarenessAcknowledgementRecord: Model, @unchecked Sendable {
    static let schema = "awareness_acknowledgements"

    enum Channel: String, Codable, Sendable {
        /// The page shown after sign-in, or the notice's own page.
        case page
        /// The one-time link of the e-mail.
        case email
        case api
        /// The focal point who issued it has read it.
        case issued
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "acknowledged_at") var acknowledgedAt: Date
    @Field(key: "channel") var channel: String
    @Parent(key: "notice_id") var notice: AwarenessNoticeRecord
    @Parent(key: "user_id") var user: UserRecord

    init() {}

    init(noticeID: UUID, userID: UUID, channel: Channel, at: Date) {
        self.id = UUID.timeOrdered(at: at)
        self.$notice.id = noticeID
        self.$user.id = userID
        self.channel = channel.rawValue
        self.acknowledgedAt = at
    }
}

/// A notice sent to a person: when issued and at each reminder. With mail set up it carries the
/// one-time link of the e-mail, stored as its SHA-256 only.
final class AwarenessDeliveryRecord: Model, @unchecked Sendable {
    static let schema = "awareness_deliveries"

    enum Kind: String, Codable, Sendable { case issued, reminder }

    @ID(key: .id) var id: UUID?
    @Field(key: "sent_at") var sentAt: Date
    @Field(key: "kind") var kind: String
    /// SHA-256 of the e-mail's link token; nil when no e-mail was sent.
    @OptionalField(key: "token_digest") var tokenDigest: String?
    @OptionalField(key: "expires_at") var expiresAt: Date?
    @OptionalField(key: "used_at") var usedAt: Date?
    @Parent(key: "notice_id") var notice: AwarenessNoticeRecord
    @Parent(key: "user_id") var user: UserRecord

    init() {}

    init(noticeID: UUID, userID: UUID, kind: Kind, tokenDigest: String?, expiresAt: Date?, at: Date) {
        self.id = UUID.timeOrdered(at: at)
        self.$notice.id = noticeID
        self.$user.id = userID
        self.kind = kind.rawValue
        self.tokenDigest = tokenDigest
        self.expiresAt = expiresAt
        self.sentAt = at
    }
}
