import Fluent
import Foundation
import VigilCore

/// The playbooks in force. Each agency may keep its own copy of a scenario's playbook; an incident
/// takes the copy of its organisation or of the nearest organisation above it that has one, else
/// Vigil's default. Every save is a new version; tasks already made from an older version stay.
struct PlaybookStore: Sendable {
    /// The playbook for an incident of `organisation` (nearest copy up the tree), and whose it is.
    func current(for scenario: Scenario, organisation: OrganisationRecord, on db: any Database) async throws -> (Playbook, owner: UUID?) {
        // The path lists the ancestors from the root down to the organisation itself.
        let chain = Self.chain(organisation)
        var stored: [PlaybookRecord] = []
        if !chain.isEmpty {
            stored = try await PlaybookRecord.query(on: db).filter(\.$scenario == scenario.rawValue).filter(\.$organisationID ~~ chain).all()
        }
        // Copies saved before playbooks belonged to organisations apply to everyone.
        stored += try await PlaybookRecord.query(on: db).filter(\.$scenario == scenario.rawValue).filter(\.$organisationID == nil).all()
        return resolve(scenario, chain: chain, stored: stored)
    }

    /// The version `current` gives for each organisation and scenario, with the playbooks of these
    /// scenarios read in one statement (the compliance indicators ask it for every system's plan).
    func currentVersions(of scenarios: Set<Scenario>, organisations: [OrganisationRecord], on db: any Database) async throws -> [UUID: [Scenario: Int]] {
        guard !scenarios.isEmpty, !organisations.isEmpty else { return [:] }
        let stored = try await PlaybookRecord.query(on: db).filter(\.$scenario ~~ scenarios.map(\.rawValue)).all()
        var versions: [UUID: [Scenario: Int]] = [:]
        for organisation in organisations {
            guard let id = organisation.id else { continue }
            for scenario in scenarios { versions[id, default: [:]][scenario] = resolve(scenario, chain: Self.chain(organisation), stored: stored).0.version }
        }
        return versions
    }

    private static func chain(_ organisation: OrganisationRecord) -> [UUID] {
        organisation.path.split(separator: "/").compactMap { UUID(uuidString: String($0)) }
    }

    /// The nearest copy up the chain (the newest version of it that reads), else the newest shared
    /// copy, else Vigil's default.
    private func resolve(_ scenario: Scenario, chain: [UUID], stored: [PlaybookRecord]) -> (Playbook, owner: UUID?) {
        let newest = stored.filter { $0.scenario == scenario.rawValue }.sorted { $0.version > $1.version }
        for owner in chain.reversed() {
            if let record = newest.first(where: { $0.organisationID == owner }), let playbook = decode(record) { return (playbook, owner) }
        }
        if let shared = newest.first(where: { $0.organisationID == nil }), let playbook = decode(shared) { return (playbook, nil) }
        return (DefaultPlaybooks.playbook(for: scenario), nil)
    }

    func decode(_ record: PlaybookRecord) -> Playbook? {
        guard let data = record.body.data(using: .utf8), var playbook = try? JSONDecoder().decode(Playbook.self, from: data) else { return nil }
        playbook.version = record.version
        return playbook
    }

    /// The versions an organisation saved, newest first.
    func history(of scenario: Scenario, organisationID: UUID, on db: any Database) async throws -> [PlaybookRecord] {
        try await PlaybookRecord.query(on: db).filter(\.$scenario == scenario.rawValue).filter(\.$organisationID == organisationID)
            .sort(\.$version, .descending).all()
    }

    /// Saves the organisation's new version. Version numbers count per scenario across all
    /// organisations, so that a number names one text.
    func save(_ playbook: Playbook, organisationID: UUID, by user: CurrentUser, address: String?, on db: any Database,
              now: Date = Date()) async throws -> PlaybookRecord {
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            let last = try await PlaybookRecord.query(on: db).filter(\.$scenario == playbook.scenario.rawValue).max(\.$version) ?? 0
            var stored = playbook
            stored.version = max(last, DefaultPlaybooks.playbook(for: playbook.scenario).version) + 1
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let record = PlaybookRecord()
            record.id = UUID()
            record.scenario = playbook.scenario.rawValue
            record.version = stored.version
            record.body = String(decoding: try encoder.encode(stored), as: UTF8.self)
            record.organisationID = organisationID
            record.createdAt = now
            record.createdBy = user.displayName
            try await record.create(on: db)
            var changes = AuditChanges()
            changes.created("scenario", playbook.scenario.rawValue)
            changes.created("version", String(stored.version))
            changes.created("steps", String(playbook.steps.count))
            audit.record(organisationID: organisationID, action: "playbook.save", objectType: "playbook",
                         objectID: try record.requireID().uuidString.lowercased(), changes: changes)
            return record
        }
    }
}
