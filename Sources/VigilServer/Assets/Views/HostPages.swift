import Vapor
import VigilCore

/// The view models `HostController` renders (templates in Resources/Views); they never query.
extension HostController {
    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: String
            let hostname: String
            let organisation: String
            let role: String
            let os: String
            let status: String
            let reason: String
            let lastSeen: String
        }
        let rows: [Row]
        let noRows: Bool
        let organisations: [SelectOption]
        let statuses: [SelectOption]
        let q: String
        let nextCursor: String?
        let query: String
        /// The chosen column order ("" by name) and the filters without it, for the column links.
        let sort: String
        let sortQuery: String
        let canManage: Bool
    }

    struct ShowPage: Encodable, Sendable {
        struct Product: Encodable, Sendable {
            let product: String
            let version: String
            let enabled: Bool
            let realTime: Bool
            let managed: Bool
            let signatures: String
            let lastScan: String
        }
        struct Change: Encodable, Sendable {
            let at: String
            let source: String
            let summary: String
        }
        let hostname: String
        let organisation: String
        let machineId: String
        let role: String
        let os: String
        let addresses: String
        let owner: String
        let criticality: String
        let lastSeen: String
        let source: String
        let status: String
        let reason: String
        let products: [Product]
        let hasProducts: Bool
        let software: [String]
        let softwareCount: Int
        let history: [Change]
        let id: String
        let systems: [SelectOption]
        let hasSystems: Bool
        /// The authorities' warnings that hit this host now, and why.
        let warnings: [SelectOption]
        let hasWarnings: Bool
        let canManage: Bool
    }
}
