import Foundation

/// The yearly drill duty: each information system of security level 3 and above needs a live drill
/// at least once a year (the directive on being ready to respond; REGULATIONS.md). Only completed
/// drills count: a planned one does not discharge the duty, nor does one left running.
public enum DrillObligation {
    /// The lowest security level the duty applies to.
    public static let minimumLevel = 3

    public struct System: Sendable, Equatable {
        public let id: UUID
        public let securityLevel: Int
        /// When the system entered the inventory: a system never drilled is due a year after it.
        public let since: Date

        public init(id: UUID, securityLevel: Int, since: Date) {
            self.id = id
            self.securityLevel = securityLevel
            self.since = since
        }
    }

    /// A drill as the duty sees it: the systems it covered, its status, when it was completed.
    public struct Drill: Sendable, Equatable {
        public let systemIDs: [UUID]
        public let status: DrillStatus
        public let completedAt: Date?

        public init(systemIDs: [UUID], status: DrillStatus, completedAt: Date?) {
            self.systemIDs = systemIDs
            self.status = status
            self.completedAt = completedAt
        }
    }

    /// One system's standing: its last completed drill, when the next is due, whether it is late.
    public struct Standing: Sendable, Equatable {
        public let systemID: UUID
        public let lastDrill: Date?
        public let nextDue: Date
        public let overdue: Bool
    }

    /// The standing of each system the duty applies to, in the order given; systems below level 3 are left out.
    public static func standings(systems: [System], drills: [Drill], now: Date, calendar: Calendar) -> [Standing] {
        var last: [UUID: Date] = [:]
        for drill in drills where drill.status == .completed {
            guard let completed = drill.completedAt else { continue }
            for id in drill.systemIDs where last[id].map({ completed > $0 }) ?? true { last[id] = completed }
        }
        return systems.filter { $0.securityLevel >= minimumLevel }.map { system in
            let from = last[system.id] ?? system.since
            let due = calendar.date(byAdding: .year, value: 1, to: from) ?? from
            return Standing(systemID: system.id, lastDrill: last[system.id], nextDue: due, overdue: due < now)
        }
    }
}
