import CSV
import Fluent
import Foundation
import SQLKit
import VigilCore

/// Importing hosts from CSV (columns in `HostDraft.columns`, documented in docs/IMPORT.md): every
/// line is checked and matched first, so that the preview shows what will be created, updated or
/// rejected and why; applying writes the accepted lines in one transaction.
struct HostImport: CSVImporter {
    struct Payload: Sendable {
        let draft: HostDraft
        let organisationID: UUID
        let existingID: UUID?
        let systemIDs: [UUID]
    }

    static let kind = "hosts"
    static let columns = HostDraft.columns
    static let keyColumn = "hostname"
    static let auditAction = "hosts.import"
    static let auditObjectType = "host"

    let organisations: OrganisationRepository

    /// Checks and matches every line against what is stored, within the user's scope.
    func plan(_ rows: [[String: String]], for user: CurrentUser, on db: any Database) async throws -> ImportPlan<Payload> {
        let organisations = try await self.organisations.all(in: user.scope, on: db)
        let ids = organisations.compactMap(\.id)
        let existing = try await HostRecord.query(on: db).filter(\.$organisation.$id ~~ ids).all()
        let systems = try await InformationSystemRecord.query(on: db).filter(\.$organisation.$id ~~ ids).all()
        var checks = ImportLineChecks(organisations: organisations, user: user)
        var lines: [ImportLine<Payload>] = []
        for (index, row) in rows.enumerated() {
            let number = index + 2   // the header is line 1
            var (draft, problems) = HostDraft.parse(row, parseDateTime: ISO8601.parse)
            let owner = checks.owner(draft.organisation, problems: &problems)
            var systemIDs: [UUID] = []
            for name in draft.systems {
                if let system = systems.first(where: { $0.$organisation.id == owner?.id && $0.name.lowercased() == name.lowercased() }) {
                    systemIDs.append(system.id!)
                } else {
                    problems.append(FieldProblem("systems", "import.error.system", [name]))
                }
            }
            checks.duplicate(draft.machineID ?? draft.hostname, of: owner, line: number, field: "hostname", problems: &problems)
            let match = existing.first { host in
                host.$organisation.id == owner?.id
                    && (draft.machineID.map { host.machineID == $0 } ?? (host.hostname.lowercased() == draft.hostname.lowercased()))
            }
            if draft.antimalware != nil, draft.antimalware?.product.isEmpty == true { draft.antimalware = nil }
            let action: ImportAction = !problems.isEmpty ? .reject : (match == nil ? .create : .update)
            let payload = owner?.id.flatMap { ownerID in
                problems.isEmpty ? Payload(draft: draft, organisationID: ownerID, existingID: match?.id, systemIDs: systemIDs) : nil
            }
            lines.append(ImportLine(number: number, label: draft.hostname, action: action, problems: problems, payload: payload))
        }
        return ImportPlan(lines: lines)
    }

    /// A line's anti-malware state applies only to hosts without an agent (`HostService.write`).
    func write(_ payload: Payload, by user: CurrentUser, address: String?, on db: any Database, now: Date) async throws {
        let existing = try await (payload.existingID.asyncMap { try await HostRecord.find($0, on: db) } ?? nil)
        _ = try await HostService.write(payload.draft, organisationID: payload.organisationID, existing: existing,
                                        systemIDs: payload.systemIDs, source: .import, replacesState: false, actor: user.displayName,
                                        now: now, on: db)
    }

    /// Every host in the user's scope, in the import's columns.
    func export(for user: CurrentUser, on db: any Database) async throws -> [[String]] {
        let organisations = try await self.organisations.all(in: user.scope, on: db)
        let names = Dictionary(uniqueKeysWithValues: organisations.map { ($0.id!, $0.code) })
        let hosts = try await HostRecord.query(on: db).filter(\.$organisation.$id ~~ Array(names.keys)).sort(\.$hostname).all()
        let links = try await HostSystemRecord.query(on: db).filter(\.$hostID ~~ hosts.compactMap(\.id)).all()
        let systemNames = Dictionary(uniqueKeysWithValues: try await InformationSystemRecord.query(on: db)
            .filter(\.$id ~~ Array(Set(links.map(\.systemID)))).all().map { ($0.id!, $0.name) })
        let systemsOf = Dictionary(grouping: links, by: \.hostID).mapValues { $0.compactMap { systemNames[$0.systemID] }.sorted().joined(separator: "; ") }
        let iso = ISO8601DateFormatter()
        return hosts.map { host in
            let product = ((try? JSONDecoder.vigil.decode([AntiMalwareState].self, from: Data(host.avDetail.utf8))) ?? []).first
            func flag(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? "" }
            return [host.hostname, host.machineID ?? "", names[host.$organisation.id] ?? "", host.role, host.osName, host.osVersion,
                    host.addresses.replacingOccurrences(of: ",", with: ";"), host.owner, host.criticality, systemsOf[host.id!] ?? "",
                    product?.product ?? "", product?.version ?? "", flag(product?.enabled), flag(product?.realTimeProtection),
                    flag(product?.centrallyManaged), product?.signatureDate.map(iso.string) ?? "", product?.lastScan.map(iso.string) ?? "",
                    host.lastSeenAt.map(iso.string) ?? ""]
        }
    }
}
