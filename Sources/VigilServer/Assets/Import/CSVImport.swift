import CSV
import Fluent
import Foundation
import VigilCore

/// What an import line will do.
enum ImportAction: String, Sendable { case create, update, reject }

/// One checked line of an import: what it will do and why not, with what applying it needs.
struct ImportLine<Payload: Sendable>: Sendable {
    let number: Int
    /// What the line is called in the preview (a hostname, a system's name).
    let label: String
    let action: ImportAction
    let problems: [FieldProblem]
    /// Present when the line is accepted.
    let payload: Payload?
}

/// Every line of an import, checked and matched against what is stored, before anything is written.
struct ImportPlan<Payload: Sendable>: Sendable {
    let lines: [ImportLine<Payload>]
    var created: Int { lines.filter { $0.action == .create }.count }
    var updated: Int { lines.filter { $0.action == .update }.count }
    var rejected: Int { lines.filter { $0.action == .reject }.count }

    /// What the import's one audit entry says: how many lines did what.
    var auditChanges: AuditChanges {
        var changes = AuditChanges()
        changes.created("created", String(created))
        changes.created("updated", String(updated))
        changes.created("rejected", String(rejected))
        return changes
    }
}

/// An import of one kind of record from CSV (the formats are in docs/IMPORT.md): `plan` checks
/// and matches every line, `apply` writes the accepted lines in one transaction, `export` gives
/// the records in the same columns so that an export can be edited and imported again.
protocol CSVImporter: Sendable {
    associatedtype Payload: Sendable
    /// `hosts`, `systems`: the names in paths, files and localization keys.
    static var kind: String { get }
    static var columns: [String] { get }
    /// The column every line must have; it also names the line in the preview.
    static var keyColumn: String { get }
    /// The import's audit entry: `hosts.import` on `host`, ...
    static var auditAction: String { get }
    static var auditObjectType: String { get }
    func plan(_ rows: [[String: String]], for user: CurrentUser, on db: any Database) async throws -> ImportPlan<Payload>
    /// Writes one accepted line, inside the import's change.
    func write(_ payload: Payload, by user: CurrentUser, address: String?, on db: any Database, now: Date) async throws
    func export(for user: CurrentUser, on db: any Database) async throws -> [[String]]
}

extension CSVImporter {
    /// Writes the accepted lines in one change, with one audit entry for the import (besides any a
    /// line's own write records).
    func apply(_ plan: ImportPlan<Payload>, by user: CurrentUser, address: String?, on db: any Database) async throws {
        let now = Date()
        try await db.change(by: .user(user, address: address), at: now) { db, audit in
            for line in plan.lines where line.action != .reject {
                guard let payload = line.payload else { continue }
                try await write(payload, by: user, address: address, on: db, now: now)
            }
            audit.record(organisationID: user.organisationID, action: Self.auditAction, objectType: Self.auditObjectType, objectID: nil,
                         changes: plan.auditChanges)
        }
    }
}

/// What every import checks on each line alike: the organisation it names (by id, code or name,
/// among those the user may see; the user's own when empty) and a second line for the same record.
struct ImportLineChecks {
    let organisations: [OrganisationRecord]
    let user: CurrentUser
    private var seen: [String: Int] = [:]

    init(organisations: [OrganisationRecord], user: CurrentUser) {
        self.organisations = organisations
        self.user = user
    }

    /// The line's organisation, or a problem on `organisation`.
    func owner(_ reference: String?, problems: inout [FieldProblem]) -> OrganisationRecord? {
        let owner = CSVImport.organisation(reference, among: organisations, for: user)
        if owner == nil { problems.append(FieldProblem("organisation", "import.error.organisation", [reference ?? ""])) }
        return owner
    }

    /// A problem on `field` when an earlier line named the same record (`key`, within `owner`).
    mutating func duplicate(_ key: String, of owner: OrganisationRecord?, line number: Int, field: String, problems: inout [FieldProblem]) {
        let key = "\(owner?.id?.uuidString ?? "")|\(key.lowercased())"
        if let earlier = seen[key] { problems.append(FieldProblem(field, "import.error.duplicate", [String(earlier)])) }
        seen[key] = number
    }
}

enum CSVImport {
    static let maxLines = 20_000

    enum Failure: Error { case unreadable(String), missingColumn(String), tooManyLines }

    /// Reads the CSV (UTF-8, with or without a byte-order mark; `,` or `;` separated) into cells by
    /// column name (lower case). Unknown columns are ignored; `required` must be there.
    static func cells(of text: String, required: String) throws -> [[String: String]] {
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
        guard header.contains(required) else { throw Failure.missingColumn(required) }
        var rows: [[String: String]] = []
        while let row = reader.next() {
            if row.allSatisfy({ $0.isEmpty }) { continue }
            rows.append(Dictionary(zip(header, row), uniquingKeysWith: { first, _ in first }))
            if rows.count > maxLines { throw Failure.tooManyLines }
        }
        if let error = reader.error { throw Failure.unreadable(String(describing: error)) }
        return rows
    }

    /// The organisation a line names (by id, code or name) among those the user may see; the
    /// user's own when the cell is empty.
    static func organisation(_ reference: String?, among organisations: [OrganisationRecord], for user: CurrentUser) -> OrganisationRecord? {
        guard let reference, !reference.isEmpty else { return organisations.first { $0.id == user.organisationID } }
        let wanted = reference.lowercased()
        return organisations.first {
            $0.id?.uuidString.lowercased() == wanted || $0.code.lowercased() == wanted || $0.name.lowercased() == wanted
        }
    }
}
