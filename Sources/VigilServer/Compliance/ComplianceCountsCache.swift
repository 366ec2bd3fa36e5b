import Foundation
import NIOConcurrencyHelpers
import VigilCore

/// Each organisation's own compliance counts, kept between requests, so that a view of the
/// province (fifty agencies, 100,000 hosts, a million findings) counts again only what changed
/// rather than everything, every time.
///
/// Counts depend on the records and on the clock. An organisation's counts are counted again:
/// - after a change recorded for it or for an organisation above it (a warning issued by the
///   province changes every agency's tasks). Changes are what the audit trail records, since
///   every write through the pages, the API and the CLI is audited in its own transaction (an
///   entry without an organisation, a setting, drops every count), and, for check-ins, which
///   are not audited, a host's protection changing (`host_states`);
/// - once they are older than `maxAge`: deadlines pass and agents fall silent with time alone,
///   and the few writes of background jobs leave no audit entry.
///
/// What changed is read from the database on every request, not remembered, so each process
/// keeps a cache of its own and processes sharing PostgreSQL agree within `maxAge`. Answers carry
/// the time their oldest counts were computed (`computedAt`).
final class ComplianceCountsCache: Sendable {
    /// How far the records had got when counts were computed: the audit trail's last sequence
    /// and the newest host-protection change (time-ordered ids).
    struct Mark: Sendable, Equatable {
        var audit: Int64
        var hostState: UUID?
    }

    /// A change since a mark, and the organisation it was recorded for (nil: every organisation).
    enum Change: Sendable {
        case audited(sequence: Int64, organisation: UUID?)
        case hostState(id: UUID, organisation: UUID)
    }

    struct Entry: Sendable {
        let counts: ComplianceCounts
        let computedAt: Date
        let mark: Mark
    }

    /// Beyond this many changes since the oldest mark in use, everything is counted again (cheaper
    /// than sorting out which organisations they touch).
    static let changeLimit = 2000

    let maxAge: TimeInterval
    private let entries = NIOLockedValueBox<[UUID: Entry]>([:])

    init(maxAge: TimeInterval = 60) {
        self.maxAge = maxAge
    }

    /// The kept counts of these organisations computed within `maxAge` of `now`.
    func entries(for ids: [UUID], now: Date) -> [UUID: Entry] {
        let oldest = now.addingTimeInterval(-maxAge)
        return entries.withLockedValue { kept in
            var found: [UUID: Entry] = [:]
            for id in ids {
                if let entry = kept[id], entry.computedAt >= oldest, entry.computedAt <= now { found[id] = entry }
            }
            return found
        }
    }

    /// Keeps counts computed at `computedAt` from records as of `mark`; an entry from later records is kept instead.
    func store(_ counts: [UUID: ComplianceCounts], computedAt: Date, mark: Mark) {
        entries.withLockedValue { kept in
            for (id, value) in counts {
                if let existing = kept[id], existing.mark.audit > mark.audit { continue }
                kept[id] = Entry(counts: value, computedAt: computedAt, mark: mark)
            }
        }
    }

    func removeAll() {
        entries.withLockedValue { $0.removeAll() }
    }

    /// Records that kept entries were found still true as of `mark`, so that the next request
    /// reads only the changes since (their age, and so `maxAge`, still runs from their computation).
    func confirm(_ confirmed: [UUID: Entry], as mark: Mark) {
        entries.withLockedValue { kept in
            for (id, entry) in confirmed {
                // Only the entry that was checked: one counted again meanwhile stays as it is.
                guard let current = kept[id], current.mark == entry.mark, current.computedAt == entry.computedAt else { continue }
                kept[id] = Entry(counts: entry.counts, computedAt: entry.computedAt, mark: mark)
            }
        }
    }

    /// The entries still true after `changes`: an entry goes when a change later than its mark was
    /// recorded for its organisation or one above it (`paths`: each organisation's materialised
    /// path of ids), or for no organisation. The changes are first reduced to the latest per
    /// organisation, so the cost is the changes plus the entries times their depth.
    static func surviving(_ entries: [UUID: Entry], paths: [UUID: String], after changes: [Change]) -> [UUID: Entry] {
        var audited: [UUID: Int64] = [:]
        var everything = Int64.min
        var states: [UUID: UUID] = [:]
        for change in changes {
            switch change {
            case let .audited(sequence, organisation?):
                audited[organisation] = max(audited[organisation] ?? .min, sequence)
            case let .audited(sequence, nil):
                everything = max(everything, sequence)
            case let .hostState(id, organisation):
                if isAfter(id, states[organisation]) { states[organisation] = id }
            }
        }
        return entries.filter { id, entry in
            guard let path = paths[id], everything <= entry.mark.audit else { return false }
            return !OrganisationTree.ancestry(ofPath: path).contains { organisation in
                if let latest = audited[organisation], latest > entry.mark.audit { return true }
                if let latest = states[organisation], isAfter(latest, entry.mark.hostState) { return true }
                return false
            }
        }
    }

    /// Whether `id` sorts after `mark` byte by byte, as both databases order them.
    static func isAfter(_ id: UUID, _ mark: UUID?) -> Bool {
        guard let mark else { return true }
        return withUnsafeBytes(of: id.uuid) { left in
            withUnsafeBytes(of: mark.uuid) { right in right.lexicographicallyPrecedes(left) }
        }
    }
}
