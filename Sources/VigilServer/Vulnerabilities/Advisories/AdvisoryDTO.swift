import Fluent
import Foundation
import SQLKit
import Vapor
import VigilCore

/// The JSON of a warning (`GET /api/v1/advisories[/{id}]`): its facts, and with `affected` the
/// tasks of the organisations the caller may see, each with its hit hosts and their systems.
struct AdvisoryDTO: Content {
    struct Organisation: Content {
        let id: String
        let name: String
    }

    struct Product: Content {
        let vendor: String
        let product: String
        let versions: String
        let aliases: [String]
    }

    struct Match: Content {
        let source: String
        let software: String?
        let version: String?
        let product: String?
        let findingId: String?
        let finding: String?
        let cves: [String]?
        let verdict: String
        let firstMatchedAt: Date
    }

    struct System: Content {
        let id: String
        let name: String
    }

    struct Host: Content {
        let id: String
        let hostname: String
        let address: String
        let organisation: Organisation
        let systems: [System]
        let matches: [Match]
    }

    struct Task: Content {
        let id: String
        let organisation: Organisation
        let status: String
        let overdue: Bool
        let affectedHosts: Int
        let note: String
        let acknowledgedAt: Date?
        let closedAt: Date?
        let hosts: [Host]?
        let systems: [System]?

        /// The same task listing at most `count` of its hosts.
        func listing(atMost count: Int) -> Task {
            Task(id: id, organisation: organisation, status: status, overdue: overdue, affectedHosts: affectedHosts, note: note,
                 acknowledgedAt: acknowledgedAt, closedAt: closedAt, hosts: hosts.map { Array($0.prefix(count)) }, systems: systems)
        }
    }

    let id: String
    let reference: String
    let issuer: String
    let issuedOn: String
    let title: String
    let cves: [String]
    let products: [Product]
    let action: String
    let deadline: String
    let organisation: Organisation
    let createdAt: Date
    let createdBy: String
    let matchedAt: Date?
    let affectedHosts: Int
    let tasks: [Task]
}

/// Builds the DTOs and the pages' rows from the records, naming organisations, hosts and systems.
struct AdvisoryPresenter: Sendable {
    let service: AdvisoryService
    var assets: AssetRepository { service.assets }

    struct HostFacts: Sendable {
        /// What the JSON names of a host (a host row also holds its whole package list).
        struct Host: Decodable, Sendable {
            let id: UUID
            let hostname: String
            let addresses: String
            let organisation_id: UUID
        }

        let host: Host
        let systems: [InformationSystemRecord]
    }

    func hosts(of matches: [AdvisoryMatchRecord], on db: any Database) async throws -> [UUID: HostFacts] {
        let ids = Array(Set(matches.map(\.hostID)))
        guard !ids.isEmpty else { return [:] }
        // Through SQLKit's decoder, not Fluent's models: Fluent reflects on every row it loads, and
        // a province-wide warning hits thousands of hosts (docs/PERFORMANCE.md).
        let sql = db as! any SQLDatabase
        struct Link: Decodable { let host_id: UUID; let system_id: UUID }
        var hosts: [HostFacts.Host] = []
        var links: [Link] = []
        for chunk in stride(from: 0, to: ids.count, by: 500) {
            let part = Array(ids[chunk..<min(chunk + 500, ids.count)])
            hosts += try await sql.select().columns("id", "hostname", "addresses", "organisation_id").from(HostRecord.schema)
                .where("id", .in, part).all(decoding: HostFacts.Host.self)
            links += try await sql.select().columns("host_id", "system_id").from(HostSystemRecord.schema)
                .where("host_id", .in, part).all(decoding: Link.self)
        }
        let systems = Dictionary(uniqueKeysWithValues: try await assets.systems(Array(Set(links.map(\.system_id))), on: db).map { ($0.id!, $0) })
        let byHost = Dictionary(grouping: links, by: \.host_id)
        return Dictionary(hosts.map { host in
            (host.id, HostFacts(host: host, systems: (byHost[host.id] ?? []).compactMap { systems[$0.system_id] }.sorted { $0.name < $1.name }))
        }, uniquingKeysWith: { first, _ in first })
    }

    /// Warnings for a list: their facts and tasks without hosts, in three queries for the page.
    func summaries(_ records: [AdvisoryRecord], for user: CurrentUser, on db: any Database) async throws -> [AdvisoryDTO] {
        let tasks = try await service.tasks(of: records, for: user, on: db)
        let names = try await organisationNames(Set(tasks.values.flatMap { $0.map(\.organisationID) } + records.map(\.organisationID)), on: db)
        return records.map { record in
            let own = tasks[record.id!] ?? []
            return assemble(record, tasks: own, names: names,
                            taskDTOs: own.map { taskDTO($0, record, Self.organisation($0.organisationID, names), hosts: nil, systems: nil) })
        }
    }

    /// One warning with every task the user may see, each with its hit hosts and their systems.
    func dto(_ record: AdvisoryRecord, for user: CurrentUser, on db: any Database) async throws -> AdvisoryDTO {
        let tasks = try await service.tasks(of: record, for: user, on: db)
        let names = try await organisationNames(Set(tasks.map(\.organisationID) + [record.organisationID]), on: db)
        let matches = try await service.matches(of: tasks, on: db)
        let facts = try await hosts(of: matches, on: db)
        let hostNames = try await organisationNames(Set(facts.values.map(\.host.organisation_id)), on: db)
        let byTask = Dictionary(grouping: matches, by: \.taskID)
        var taskDTOs: [AdvisoryDTO.Task] = []
        for task in tasks {
            let byHost = Dictionary(grouping: byTask[task.id!] ?? [], by: \.hostID)
            let hosts: [AdvisoryDTO.Host] = byHost.compactMap { hostID, matches in
                guard let fact = facts[hostID] else { return nil }
                return AdvisoryDTO.Host(
                    id: hostID.uuidString.lowercased(), hostname: fact.host.hostname,
                    address: fact.host.addresses.split(separator: ",").first.map(String.init) ?? "",
                    organisation: Self.organisation(fact.host.organisation_id, hostNames),
                    systems: fact.systems.map { .init(id: $0.id!.uuidString.lowercased(), name: $0.name) },
                    matches: matches.map(Self.match))
            }.sorted { ($0.hostname, $0.address) < ($1.hostname, $1.address) }
            var systems: [String: AdvisoryDTO.System] = [:]
            for host in hosts { for system in host.systems { systems[system.id] = system } }
            taskDTOs.append(taskDTO(task, record, Self.organisation(task.organisationID, names), hosts: hosts,
                                    systems: systems.values.sorted { $0.name < $1.name }))
        }
        return assemble(record, tasks: tasks, names: names, taskDTOs: taskDTOs)
    }

    private func organisationNames(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        try await service.organisations.names(ids, on: db)
    }

    static func organisation(_ id: UUID, _ names: [UUID: String]) -> AdvisoryDTO.Organisation {
        .init(id: id.uuidString.lowercased(), name: names[id] ?? "")
    }

    private func assemble(_ record: AdvisoryRecord, tasks: [AdvisoryTaskRecord], names: [UUID: String], taskDTOs: [AdvisoryDTO.Task]) -> AdvisoryDTO {
        let advisory = record.advisory
        return AdvisoryDTO(
            id: record.id!.uuidString.lowercased(), reference: advisory.reference, issuer: advisory.issuer, issuedOn: advisory.issuedOn,
            title: advisory.title, cves: advisory.cves,
            products: advisory.products.map { .init(vendor: $0.vendor, product: $0.product, versions: $0.versions.description, aliases: $0.aliases) },
            action: advisory.action, deadline: advisory.deadline, organisation: Self.organisation(record.organisationID, names),
            createdAt: record.createdAt, createdBy: record.createdBy, matchedAt: record.matchedAt,
            affectedHosts: tasks.reduce(0) { $0 + $1.affectedHosts }, tasks: taskDTOs.sorted { $0.organisation.name < $1.organisation.name })
    }

    func taskDTO(_ task: AdvisoryTaskRecord, _ record: AdvisoryRecord, _ organisation: AdvisoryDTO.Organisation, hosts: [AdvisoryDTO.Host]?,
                 systems: [AdvisoryDTO.System]?) -> AdvisoryDTO.Task {
        AdvisoryDTO.Task(id: task.id!.uuidString.lowercased(), organisation: organisation, status: task.status,
                         overdue: service.isOverdue(task, record), affectedHosts: task.affectedHosts, note: task.note,
                         acknowledgedAt: task.acknowledgedAt, closedAt: task.closedAt, hosts: hosts, systems: systems)
    }

    static func match(_ match: AdvisoryMatchRecord) -> AdvisoryDTO.Match {
        let isSoftware = match.source == "software"
        return AdvisoryDTO.Match(
            source: match.source, software: isSoftware ? match.subject : nil, version: isSoftware ? match.version : nil,
            product: isSoftware ? match.detail : nil, findingId: match.findingID?.uuidString.lowercased(), finding: isSoftware ? nil : match.subject,
            cves: isSoftware ? nil : match.detail.split(separator: " ").map(String.init), verdict: match.verdict, firstMatchedAt: match.firstMatchedAt)
    }
}
