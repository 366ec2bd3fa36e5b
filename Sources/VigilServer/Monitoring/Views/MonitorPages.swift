import Foundation

/// The monitoring pages' view models.
enum MonitorPages {
    struct Row: Encodable, Sendable {
        let id: String
        let name: String
        let organisation: String
        let kind: String
        let target: String
        let status: String
        let statusLabel: String
        let uptime: String
        let uptimeMonth: String
        let lastChecked: String
        let reason: String
        let paused: Bool
    }

    struct ListPage: Encodable, Sendable {
        let rows: [Row]
        let noRows: Bool
        let statuses: [SelectOption]
        let kinds: [SelectOption]
        let organisations: [SelectOption]
        let nextCursor: String?
        let query: String
        let canManage: Bool
        /// Counts by state, for the summary line.
        let up: Int
        let down: Int
        let warning: Int
    }

    struct Check: Encodable, Sendable {
        let at: String
        let status: String
        let statusLabel: String
        let text: String
        let millis: String
    }

    struct Baseline: Encodable, Sendable {
        let version: Int
        let at: String
        let by: String
        let active: Bool
    }

    struct ShowPage: Encodable, Sendable {
        let id: String
        let name: String
        let organisation: String
        let system: String?
        let kind: String
        let target: String
        let status: String
        let statusLabel: String
        let reason: String
        let lastChecked: String
        let interval: String
        let paused: Bool
        let defacement: Bool
        let keyword: String?
        let certificateExpires: String?
        let incidentID: String?
        let incidentReference: String?
        let uptimeDay: String
        let uptimeWeek: String
        let uptimeMonth: String
        let chart: String
        let hasChart: Bool
        let checks: [Check]
        let baselines: [Baseline]
        let canManage: Bool
    }

    struct FormPage: Encodable, Sendable {
        let id: String?
        let name: String
        let kinds: [SelectOption]
        let organisations: [SelectOption]
        let systems: [SelectOption]
        let form: FormState
    }

    struct StatusGroup: Encodable, Sendable {
        let organisation: String
        let rows: [Row]
    }

    struct StatusPage: Encodable, Sendable {
        let groups: [StatusGroup]
        let noRows: Bool
        let generated: String
    }
}
