import Foundation

/// Whose webhooks hear an event. An organisation's webhooks hear its own events and its units'
/// (an agency's SIEM wants the incidents its departments report); an authorities' warning is for
/// every organisation below its issuer; an escalation is for the coordinators above the incident's
/// agency, who see an incident once it is escalated. Nothing goes to an organisation that could
/// not open the record the event names.
public enum WebhookAudience {
    public enum Reach: Equatable, Sendable {
        /// The organisation and, when it is a unit, the units and the agency above it.
        case ownAgency
        /// The organisation and every one above it.
        case allAbove
        /// The organisation and every one below it.
        case allBelow
    }

    public static func reach(of event: WebhookEvent) -> Reach {
        switch event {
        case .advisoryIssued: .allBelow
        case .incidentEscalated: .allAbove
        case .incidentReported, .incidentClassified, .incidentNotified, .incidentClosed, .findingOverdue, .monitorAlert, .planReviewDue:
            .ownAgency
        }
    }

    /// For a reach other than `.allBelow`: the organisations that hear an event of the first one
    /// in `chain` (the organisation, then each above it, nearest first, with their kinds).
    public static func above(_ chain: [(id: UUID, kind: OrganisationKind)], reach: Reach) -> [UUID] {
        guard let source = chain.first else { return [] }
        switch reach {
        case .allBelow: return [source.id]
        case .allAbove: return chain.map(\.id)
        case .ownAgency:
            var heard = [source.id]
            var current = source
            for next in chain.dropFirst() where current.kind == .unit {
                heard.append(next.id)
                current = next
            }
            return heard
        }
    }
}
