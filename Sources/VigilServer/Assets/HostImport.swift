import CSV
import Fluent
import Foundation
import SQLKit
import VigilCore

/// Importing hosts from CSV (columns in `HostDraft.columns`, documented in docs/IMPORT.md): every
/// line is checked and matched first, so that the preview shows what will be created, updated or
/// rejected and why; applying writes the accepted lines in one transaction.
struct HostImport: Sendable {
    enum Action: String, Sendable { case create, update, reject }

    struct Line: Sendable {
        let number: Int
        let hostname: String
        let action: Action
        let problems: [FieldProblem]
        let draft: HostDraft?
        let organisationID: UUID?
        let existingID: UUID?
        let systemIDs: [UUID]
    }

    struct Plan: Sendable {
        let lines: [Line]
        var created: Int { lines.filter { $0.action == .create }.count }
        var updated: Int { lines.filter { $0.action == .update }.count }
        var rejected: Int { lines.filter { $0.action == .reject }.count }
    }

    static let maxLines = 20_000

    enum Failure: Error { case unreadable(String), missingColumn(String), tooManyLines }

    /// Reads the CSV (UTF-8, with or without a byte-order mark; `,` or `;` separated) into cells by
    /// column name. Unknown columns are ignored; `hostname` is required.
    static func cells(of text: String) throws -> [[String: String]] {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let firstLine = body.prefix { $0 != "\n" }
        let delimiter: UnicodeScalar = firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        let reader: CSVReader
        do {
            reader = try CSVReader(string: body, hasHeaderRow: true, trimFields: true, delimiter: delimiter)
        } catch {
            throw Failure.unreadable(String(describing: error))
        }
        let header = (reader.headerRow ?? []).map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        guard header.contains("hostname") else { throw Failure.missingColumn("hostname") }
        var rows: [[String: String]] = []
        while let row = reader.next() {
            if row.allSatisfy({ $0.isEmpty }) { continue }
            rows.append(Dictionary(zip(header, row), uniquingKeysWith: { first, _ in first }))
            if rows.count > maxLines { throw Failure.tooManyLines }
        }
        if let error = reader.error { throw Failure.unreadable(String(describing: error)) }
        return rows
    }

    /// Checks and matches every line against what is stored, within the user's scope.
    func plan(_ rows: [[String: String]], for user: CurrentUser, on db: any Database) async throws -> Plan {
        let organisations = try await OrganisationRepository().all(in: user.scope, on: db)
        func organisation(_ reference: String?) -> OrganisationRecord? {
            guard let reference, !reference.isEmpty else { return organisations.first { $0.id == user.organisationID } }
            let wanted = reference.lowercased()
            return organisations.first {
                $0.id?.uuidString.lowercased() == wanted || $0.code.lowercased() == wanted || $0.name.lowercased() == wanted
            }
        }
        let ids = organisations.compactMap(\.id)
        let existing = try await HostRecord.query(on: db).filter(\.$organisation.$id ~~ ids).all()
        let systems = try await InformationSystemRecord.query(on: db).filter(\.$organisation.$id ~~ ids).all()
        var seen: [String: Int] = [:]
        var lines: [Line] = []
        for (index, row) in rows.enumerated() {
            let number = index + 2   // the header is line 1
            var (draft, problems) = HostDraft.parse(row, parseDateTime: ISO8601.parse)
            let owner = organisation(draft.organisation)
            if owner == nil { problems.append(FieldProblem("organisation", "import.error.organisation", [draft.organisation ?? ""])) }
            var systemIDs: [UUID] = []
            for name in draft.systems {
                if let system = systems.first(where: { $0.$organisation.id == owner?.id && $0.name.lowercased() == name.lowercased() }) {
                    systemIDs.append(system.id!)
                } else {
                    problems.append(FieldProblem("systems", "import.error.system", [name]))
                }
            }
            let key = "\(owner?.id?.uuidString ?? "")|\((draft.machineID ?? draft.hostname).lowercased())"
            if let earlier = seen[key] { problems.append(FieldProblem("hostname", "import.error.duplicate", [String(earlier)])) }
            seen[key] = number
            let match = existing.first { host in
                host.$organisation.id == owner?.id
                    && (draft.machineID.map { host.machineID == $0 } ?? (host.hostname.lowercased() == draft.hostname.lowercased()))
            }
            if draft.antimalware != nil, draft.antimalware?.product.isEmpty == true { draft.antimalware = nil }
            let action: Action = !problems.isEmpty ? .reject : (match == nil ? .create : .update)
            lines.append(Line(number: number, hostname: draft.hostname, action: action, problems: problems,
                              draft: problems.isEmpty ? draft : nil, organisationID: owner?.id, existingID: match?.id, systemIDs: systemIDs))
        }
        return Plan(lines: lines)
    }

    /// Writes the accepted lines in one transaction, with one audit entry for the import.
    func apply(_ plan: Plan, by user: CurrentUser, address: String?, on db: any Database, now: Date = Date()) async throws {
        try await db.write { db in
            for line in plan.lines where line.action != .reject {
                guard let draft = line.draft, let organisationID = line.organisationID else { continue }
                let host: HostRecord
                if let id = line.existingID, let found = try await HostRecord.find(id, on: db) {
                    host = found
                } else {
                    host = HostRecord()
                    host.id = UUID()
                    host.$organisation.id = organisationID
                    host.softwareHash = ""
                    host.software = ""
                    host.softwareIndexed = ""
                    host.avProducts = 0
                    host.avEnabled = false
                    host.avRealTime = false
                    host.avDetail = "[]"
                    host.avShape = ""
                    host.source = StateSource.import.rawValue
                }
                host.hostname = draft.hostname
                if let machine = draft.machineID { host.machineID = machine }
                host.addresses = draft.addresses.joined(separator: ",")
                host.osName = draft.osName
                host.osVersion = draft.osVersion
                host.role = draft.role.rawValue
                host.owner = draft.owner
                host.criticality = draft.criticality.rawValue
                if let seen = draft.lastSeen { host.lastSeenAt = seen }
                // An agent's report is fresher than a spreadsheet: the line's anti-malware state
                // applies only to hosts without an agent.
                if let product = draft.antimalware, host.source != StateSource.agent.rawValue {
                    let products = [product]
                    host.source = StateSource.import.rawValue
                    host.avReportAt = draft.lastSeen ?? now
                    host.avProducts = 1
                    host.avEnabled = product.enabled
                    host.avRealTime = product.enabled && product.realTimeProtection
                    host.avSignatureAt = product.enabled && product.realTimeProtection ? product.signatureDate : nil
                    let detail = String(decoding: try JSONEncoder.vigil.encode(products), as: UTF8.self)
                    if host.avShape != CheckInWriter.shape(of: products) {
                        let change = HostStateRecord()
                        change.id = UUID()
                        change.hostID = try host.requireID()
                        change.at = now
                        change.source = StateSource.import.rawValue
                        change.detail = detail
                        host.avShape = CheckInWriter.shape(of: products)
                        host.avDetail = detail
                        try await host.save(on: db)
                        try await change.create(on: db)
                    }
                    host.avDetail = detail
                }
                try await host.save(on: db)
                let hostID = try host.requireID()
                try await HostSystemRecord.query(on: db).filter(\.$hostID == hostID).delete()
                for systemID in line.systemIDs {
                    let link = HostSystemRecord()
                    link.id = UUID()
                    link.hostID = hostID
                    link.systemID = systemID
                    try await link.create(on: db)
                }
            }
            var changes = AuditChanges()
            changes.created("created", String(plan.created))
            changes.created("updated", String(plan.updated))
            changes.created("rejected", String(plan.rejected))
            try await AuditLog.append(on: db, actor: .user(user, address: address), organisationID: user.organisationID, action: "hosts.import",
                                      objectType: "host", objectID: nil, changes: changes, now: now)
        }
    }
}
