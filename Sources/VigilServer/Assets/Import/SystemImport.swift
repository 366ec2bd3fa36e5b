import Fluent
import Foundation
import VigilCore

/// Importing information systems from CSV (columns in `SystemDraft.columns`, documented in
/// docs/IMPORT.md). A line names its system by organisation and name: an existing one is updated,
/// with its change recorded as a change made on the page would be.
struct SystemImport: CSVImporter {
    struct Payload: Sendable {
        let draft: SystemDraft
        let existingID: UUID?
    }

    static let kind = "systems"
    static let columns = SystemDraft.columns
    static let keyColumn = "name"
    static let auditAction = "systems.import"
    static let auditObjectType = "information_system"

    let service: SystemService
    let organisations: OrganisationRepository

    func plan(_ rows: [[String: String]], for user: CurrentUser, on db: any Database) async throws -> ImportPlan<Payload> {
        let organisations = try await self.organisations.all(in: user.scope, on: db)
        let existing = try await InformationSystemRecord.query(on: db).filter(\.$organisation.$id ~~ organisations.compactMap(\.id)).all()
        var checks = ImportLineChecks(organisations: organisations, user: user)
        var lines: [ImportLine<Payload>] = []
        for (index, row) in rows.enumerated() {
            let number = index + 2   // the header is line 1
            var (draft, problems) = SystemDraft.parse(row)
            let owner = checks.owner(draft.organisation, problems: &problems)
            // Stored by id, so that a later rename of the organisation's code does not matter.
            draft.organisation = owner?.id?.uuidString
            checks.duplicate(draft.name, of: owner, line: number, field: "name", problems: &problems)
            let match = existing.first { $0.$organisation.id == owner?.id && $0.name.lowercased() == draft.name.lowercased() }
            // Matched without regard to case: the stored name's spelling is then the line's.
            let action: ImportAction = !problems.isEmpty ? .reject : (match == nil ? .create : .update)
            lines.append(ImportLine(number: number, label: draft.name, action: action, problems: problems,
                                    payload: problems.isEmpty ? Payload(draft: draft, existingID: match?.id) : nil))
        }
        return ImportPlan(lines: lines)
    }

    /// Each system is saved as the page saves it (its change history and audit entry).
    func write(_ payload: Payload, by user: CurrentUser, address: String?, on db: any Database, now: Date) async throws {
        let existing = try await (payload.existingID.asyncMap { try await InformationSystemRecord.find($0, on: db) } ?? nil)
        _ = try await service.save(payload.draft, problems: [], existing: existing, by: user, address: address, on: db, now: now)
    }

    /// Every system in the user's scope, in the import's columns.
    func export(for user: CurrentUser, on db: any Database) async throws -> [[String]] {
        try await service.list(for: user, on: db).map { system in
            [system.name, system.$organisation.value?.code ?? "", system.purpose, String(system.securityLevel),
             system.nationalCritical ? "yes" : "no", system.hosting,
             system.publicURLs.split(separator: "\n").joined(separator: "; "), system.responsible, String(system.scanIntervalMonths),
             system.backups, system.spareEquipment, system.supplierSupport]
        }
    }
}
