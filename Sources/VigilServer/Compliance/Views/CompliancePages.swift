import Vapor
import VigilCore

/// The view models of the compliance pages and the dashboard's compliance panels (templates in
/// Resources/Views/compliance); they never query.
enum CompliancePages {
    /// One indicator as a tile (the leader's page, the dashboard) or a cell (the province table).
    struct Tile: Encodable, Sendable {
        let code: String
        let label: String
        let status: String
        let statusLabel: String
        /// The figure: "97.5%", "3", "Yes".
        let value: String
        let target: String
        /// The counts behind it, in words.
        let counts: String
        let reason: String?
        let link: String
        let source: String
    }

    struct Unit: Encodable, Sendable {
        let name: String
        let link: String
        let depth: Int
        let status: String
        let statusLabel: String
        let failing: Int
        let warning: Int
        let selected: Bool
    }

    struct Trend: Encodable, Sendable {
        let label: String
        let chart: String
    }

    struct CalendarItem: Encodable, Sendable {
        let kind: String
        let kindLabel: String
        let subject: String
        let due: String
        let organisation: String
        let link: String
        let overdue: Bool
    }

    struct CalendarMonth: Encodable, Sendable {
        let heading: String
        let overdue: Bool
        let items: [CalendarItem]
    }

    struct Work: Encodable, Sendable {
        let text: String
        let status: String
        let link: String
    }

    /// `/compliance`: an organisation (its subtree) as its leader sees it.
    struct Agency: Encodable, Sendable {
        let organisation: String
        let computedAt: String
        let tiles: [Tile]
        let failing: Int
        let warning: Int
        let units: [Unit]
        let hasUnits: Bool
        let trends: [Trend]
        let hasHistory: Bool
        let calendar: [CalendarMonth]
        let hasCalendar: Bool
        let moreCalendar: Int
        let work: [Work]
        let hasWork: Bool
        /// The province view, for those who may compare agencies.
        let provinceLink: String?
    }

    struct Row: Encodable, Sendable {
        let name: String
        let link: String
        let worst: String
        let cells: [Cell]
    }

    /// An indicator in a table's cell: fewer words than a tile, since a province's table holds
    /// hundreds (each rendered value costs the template).
    struct Cell: Encodable, Sendable {
        let code: String
        let label: String
        let status: String
        let statusLabel: String
        let value: String
        let link: String
        /// The hover text: the counts in words and the reason, if any (the column names the indicator).
        let title: String
    }

    struct Column: Encodable, Sendable {
        let code: String
        let label: String
        /// The header's link: sort by this column, worst first, or the reverse when it is the sort already.
        let sortLink: String
        let sorted: String?
    }

    struct StatusChoice: Encodable, Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    /// `/compliance/agencies`: every agency under the caller side by side.
    struct Province: Encodable, Sendable {
        let organisation: String
        let computedAt: String
        let columns: [Column]
        let rows: [Row]
        let hasRows: Bool
        let agencies: Int
        let shown: Int
        let failingAgencies: Int
        let warningAgencies: Int
        let okAgencies: Int
        let statuses: [StatusChoice]
        let heatMap: String
        let csvLink: String
        let nameSortLink: String
    }
}
