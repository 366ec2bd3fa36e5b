import Foundation

/// What an agency does about a warning: acknowledge it, then fix what it hits (or say, with a
/// reason, that it is not affected) before the deadline.
public enum AdvisoryTaskStatus: String, CaseIterable, Codable, Sendable {
    case open
    case acknowledged
    case done
    case notAffected = "not_affected"

    public var isClosed: Bool { self == .done || self == .notAffected }

    public enum TransitionError: Error, Equatable, Sendable {
        case same
        /// Not affected, or done while hosts are still hit, needs a note saying why.
        case noteRequired
    }

    /// Checks a change; any status may follow any other (a closed task reopens when a person says
    /// so), but claims that hosts are fine need a written reason when Vigil still sees them hit.
    public static func check(from: AdvisoryTaskStatus, to: AdvisoryTaskStatus, note: String, stillAffected: Int) throws(TransitionError) {
        guard from != to else { throw .same }
        let hasNote = !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        if to == .notAffected, !hasNote { throw .noteRequired }
        if to == .done, stillAffected > 0, !hasNote { throw .noteRequired }
    }

    /// Overdue: not closed at the end of the deadline's day (in the given time zone).
    public static func isOverdue(_ status: AdvisoryTaskStatus, deadline: String, now: Date, timeZone: TimeZone) -> Bool {
        guard !status.isClosed, let end = endOfDay(deadline, timeZone: timeZone) else { return false }
        return now > end
    }

    public static func endOfDay(_ day: String, timeZone: TimeZone) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return nil }
        return calendar.date(byAdding: .day, value: 1, to: start).map { $0.addingTimeInterval(-1) }
    }
}

/// Which organisations a warning reaches, and so which get a task: a warning recorded by the
/// province's coordinator reaches every agency under it; one recorded inside an agency (by its
/// focal point) reaches that organisation alone. A host belongs to the task of the nearest of
/// these at or above its organisation.
public enum AdvisoryReach {
    public struct Organisation: Equatable, Sendable {
        public let id: String
        public let path: String
        public let kind: OrganisationKind

        public init(id: String, path: String, kind: OrganisationKind) {
            self.id = id
            self.path = path
            self.kind = kind
        }
    }

    public static func targets(issuer: Organisation, within organisations: [Organisation]) -> [Organisation] {
        guard issuer.kind == .province else { return [issuer] }
        let agencies = organisations.filter { $0.kind == .agency && $0.path.hasPrefix(issuer.path) && $0.path != issuer.path }
        return agencies.isEmpty ? [issuer] : agencies
    }

    /// The target a host of the organisation at `path` belongs to; the issuer for a host above
    /// every agency (kept by the province itself).
    public static func target(forPath path: String, targets: [Organisation], issuer: Organisation) -> Organisation {
        targets.filter { path.hasPrefix($0.path) }.max { $0.path.count < $1.path.count } ?? issuer
    }
}
