import Fluent
import Foundation
import VigilCore

/// Coverage per organisation, rolled up the tree (unit → agency → province), and its daily history.
struct CoverageService: Sendable {
    let repository: CoverageRepository
    let organisations: OrganisationRepository
    let settings: SettingsStore
    let timeZone: TimeZone

    struct Node: Sendable {
        let organisation: OrganisationRecord
        /// The organisation and everything below it.
        let coverage: Coverage
    }

    struct Report: Sendable {
        let organisation: OrganisationRecord
        let coverage: Coverage
        /// The organisation itself first, then every organisation below it in scope, by path.
        let nodes: [Node]
        let policy: ProtectionPolicy
        let at: Date
    }

    /// The organisation asked for (else the caller's own), if it is in the caller's scope.
    func organisation(_ id: UUID?, for user: CurrentUser, on db: any Database) async throws -> OrganisationRecord {
        guard let found = try await organisations.find(id ?? user.organisationID, in: user.scope, on: db) else { throw VigilError.notFound }
        return found
    }

    func report(for organisation: OrganisationRecord, user: CurrentUser, on db: any Database, now: Date = Date()) async throws -> Report {
        let policy = try await settings.protectionPolicy(on: db)
        let below = try await self.below(organisation, user: user, on: db)
        let own = try await repository.counts(organisations: below.compactMap(\.id), policy: policy, now: now, on: db)
        let nodes = below.map { node in
            Node(organisation: node, coverage: below.filter { $0.path.hasPrefix(node.path) }
                .reduce(Coverage()) { $0 + (own[$1.id!] ?? Coverage()) })
        }
        let total = nodes.first { $0.organisation.id == organisation.id }?.coverage ?? Coverage()
        return Report(organisation: organisation, coverage: total, nodes: nodes, policy: policy, at: now)
    }

    /// The organisation and those below it in the caller's scope (itself alone for a caller who
    /// does not see subtrees), ordered by path.
    func below(_ organisation: OrganisationRecord, user: CurrentUser, on db: any Database) async throws -> [OrganisationRecord] {
        user.scope.includesSubtree
            ? try await organisations.all(in: user.scope, on: db).filter { $0.path.hasPrefix(organisation.path) }
            : [organisation]
    }

    func day(_ date: Date) -> String { ISODay.string(date, in: timeZone) }

    /// Records today's coverage of every organisation (its own hosts), replacing an earlier
    /// snapshot of the same day; run hourly, so the day's last run stands.
    func snapshot(on db: any Database, now: Date = Date()) async throws {
        let policy = try await settings.protectionPolicy(on: db)
        guard let roots = try? await organisations.roots(on: db) else { return }
        let today = day(now)
        for root in roots {
            let ids = try await organisations.subtree(ofPath: root.path, on: db).compactMap(\.id)
            let counts = try await repository.counts(organisations: ids, policy: policy, now: now, on: db)
            try await db.write { db in
                try await CoverageSnapshotRecord.query(on: db).filter(\.$day == today)
                    .filter(\.$organisationID ~~ Array(counts.keys)).delete()
                for (organisationID, coverage) in counts {
                    let record = CoverageSnapshotRecord()
                    record.id = UUID()
                    record.organisationID = organisationID
                    record.day = today
                    record.total = coverage.total
                    record.protected = coverage.protected
                    record.byReason = String(decoding: try JSONEncoder().encode(coverage.byReason), as: UTF8.self)
                    try await record.create(on: db)
                }
            }
        }
    }

    /// The subtree's coverage per day, oldest first, for the trend chart.
    func trend(of organisation: OrganisationRecord, user: CurrentUser, days: Int, on db: any Database, now: Date = Date()) async throws -> [(day: String, coverage: Coverage)] {
        let ids = try await below(organisation, user: user, on: db).compactMap(\.id)
        let since = day(now.addingTimeInterval(-Double(days) * 86_400))
        let rows = try await CoverageSnapshotRecord.query(on: db).filter(\.$organisationID ~~ ids).filter(\.$day >= since).all()
        return Dictionary(grouping: rows, by: \.day).map { day, rows in
            (day, rows.reduce(Coverage()) { $0 + Coverage(total: $1.total, protected: $1.protected) })
        }.sorted { $0.day < $1.day }
    }
}
