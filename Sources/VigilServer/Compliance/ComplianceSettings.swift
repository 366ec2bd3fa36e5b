import Fluent
import Foundation
import VigilCore

/// The indicators' warning thresholds (`ComplianceThresholds`) with the text they come from, kept
/// as one JSON value in the administrator's settings; the core's defaults until one is saved.
struct ComplianceSettings: Sendable {
    static let key = "compliance.thresholds"

    let settings: SettingsStore

    func thresholds(on db: any Database) async throws -> ComplianceThresholds {
        guard let stored = try await settings.value(Self.key, on: db),
              let thresholds = try? JSONDecoder().decode(ComplianceThresholds.self, from: Data(stored.utf8)) else { return .standard }
        return thresholds
    }

    /// Saves new limits and their source: the limits given replace those of the same code, the
    /// others stay; every problem is named and nothing is saved if there is one.
    func save(limits raw: [String: Double], reference: String?, effectiveFrom: String?, by user: CurrentUser, address: String?,
              on db: any Database) async throws -> ComplianceThresholds {
        let old = try await thresholds(on: db)
        let read = ComplianceThresholds.limits(from: raw)
        var new = old
        new.limits.merge(read.limits) { $1 }
        new.source = LegalSource(reference: (reference ?? old.source.reference).trimmingCharacters(in: .whitespacesAndNewlines),
                                 effectiveFrom: (effectiveFrom ?? old.source.effectiveFrom).trimmingCharacters(in: .whitespaces))
        var problems = FieldProblems()
        for problem in read.problems + new.problems { problems.add(Self.error(problem)) }
        try problems.throwIfAny()
        guard new != old else { return old }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let before = String(decoding: try encoder.encode(old), as: UTF8.self)
        let after = String(decoding: try encoder.encode(new), as: UTF8.self)
        let settings = self.settings
        try await db.change(by: .user(user, address: address)) { db, audit in
            try await settings.set(Self.key, to: after, on: db)
            var changes = AuditChanges()
            changes.set(Self.key, from: before, to: after)
            audit.record(organisationID: nil, action: "settings.update", objectType: "settings", objectID: "compliance", changes: changes)
        }
        return new
    }

    static func error(_ problem: ComplianceThresholds.Problem) -> VigilError {
        switch problem {
        case .unknownCode(let code): .invalid("limits." + code, "compliance.error.unknown_code", [code])
        case .percentOutOfRange(let code): .invalid("limits." + code.rawValue, "compliance.error.percent")
        case .countOutOfRange(let code): .invalid("limits." + code.rawValue, "compliance.error.count", [String(ComplianceThresholds.maxCount)])
        case .referenceMissing: .invalid("legalReference", "validation.required")
        case .referenceTooLong: .invalid("legalReference", "validation.too_long", [String(ComplianceThresholds.maxReferenceLength)])
        case .effectiveFromInvalid: .invalid("effectiveFrom", "validation.date")
        }
    }
}
