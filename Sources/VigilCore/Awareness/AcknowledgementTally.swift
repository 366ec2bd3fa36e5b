import Foundation

/// Who has and has not acknowledged a notice, per unit: the focal point's view. Counted over the
/// people the notice addresses today (a member of staff who joined since is counted, one who left
/// is not), so that "100 %" means everyone there now has read it.
public struct AcknowledgementTally: Equatable, Sendable {
    public struct Person: Equatable, Sendable {
        public let id: String
        public let name: String
        /// When they acknowledged; nil while they have not.
        public let acknowledgedAt: Date?
    }

    public struct Unit: Equatable, Sendable {
        public let organisationID: String
        public let name: String
        public let acknowledged: [Person]
        public let pending: [Person]
        public var total: Int { acknowledged.count + pending.count }
        public var percent: Int { AcknowledgementTally.percent(acknowledged.count, of: total) }
    }

    /// By unit name, then id (two units may share a name).
    public let units: [Unit]

    public var total: Int { units.reduce(0) { $0 + $1.total } }
    public var acknowledgedCount: Int { units.reduce(0) { $0 + $1.acknowledged.count } }
    public var pendingCount: Int { total - acknowledgedCount }
    public var percent: Int { Self.percent(acknowledgedCount, of: total) }
    /// Everyone who has not acknowledged, across units: whom a reminder goes to.
    public var pendingIDs: [String] { units.flatMap { $0.pending.map(\.id) } }

    /// - Parameters:
    ///   - recipients: the people the notice addresses (`NoticeAudience.recipients`).
    ///   - acknowledgements: when each person acknowledged, by id (others' entries are ignored).
    ///   - unitNames: organisation names by id.
    public init(recipients: [StaffMember], acknowledgements: [String: Date], unitNames: [String: String]) {
        let byUnit = Dictionary(grouping: recipients, by: \.organisationID)
        units = byUnit.map { organisationID, people in
            let sorted = people.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
            return Unit(
                organisationID: organisationID, name: unitNames[organisationID] ?? organisationID,
                acknowledged: sorted.compactMap { person in acknowledgements[person.id].map { Person(id: person.id, name: person.name, acknowledgedAt: $0) } },
                pending: sorted.filter { acknowledgements[$0.id] == nil }.map { Person(id: $0.id, name: $0.name, acknowledgedAt: nil) })
        }.sorted { ($0.name, $0.organisationID) < ($1.name, $1.organisationID) }
    }

    /// A whole percentage rounded down, so that 100 % is shown only when nobody is missing; 0 of 0 is 0.
    public static func percent(_ part: Int, of whole: Int) -> Int {
        whole == 0 ? 0 : part * 100 / whole
    }
}

/// The one-time link in a notice's e-mail: how long it lasts, and whether it still may be used.
public enum AcknowledgementLink {
    /// Long enough for leave and a holiday; a reminder sends a fresh one.
    public static let lifetime: TimeInterval = 30 * 86_400

    public static func expiry(sentAt: Date) -> Date { sentAt.addingTimeInterval(lifetime) }

    /// A link works once, before it expires.
    public static func isUsable(expiresAt: Date, usedAt: Date?, now: Date) -> Bool {
        usedAt == nil && now < expiresAt
    }
}
