import Fluent
import Foundation
import VigilCore

/// Administrator settings kept in the database.
struct SettingsStore: Sendable {
    static let requireTwoFactorKey = "security.require_two_factor"
    static let signatureAgeKey = "coverage.max_signature_age_days"
    static let silenceKey = "coverage.max_silence_days"

    func value(_ key: String, on db: any Database) async throws -> String? {
        try await SettingRecord.find(key, on: db)?.value
    }

    func set(_ key: String, to value: String, on db: any Database) async throws {
        if let record = try await SettingRecord.find(key, on: db) {
            record.value = value
            try await record.update(on: db)
        } else {
            try await SettingRecord(key: key, value: value).create(on: db)
        }
    }

    static func remediationKey(_ severity: FindingSeverity) -> String { "remediation.\(severity.rawValue)_days" }

    /// The remediation deadlines in force, by severity (defaults: `RemediationPolicy.standard`).
    func remediationPolicy(on db: any Database) async throws -> RemediationPolicy {
        var policy = RemediationPolicy.standard
        for severity in [FindingSeverity.critical, .high, .medium, .low] {
            if let days = try await value(Self.remediationKey(severity), on: db).flatMap(Int.init) { policy.days[severity] = days }
        }
        return policy
    }

    /// The protection windows in force (defaults: 7 days of signatures, 3 days of silence).
    func protectionPolicy(on db: any Database) async throws -> ProtectionPolicy {
        let standard = ProtectionPolicy.standard
        return ProtectionPolicy(
            maxSignatureAgeDays: try await value(Self.signatureAgeKey, on: db).flatMap(Int.init) ?? standard.maxSignatureAgeDays,
            maxSilenceDays: try await value(Self.silenceKey, on: db).flatMap(Int.init) ?? standard.maxSilenceDays)
    }

    func requireTwoFactorForAll(on db: any Database) async throws -> Bool {
        try await SettingRecord.find(Self.requireTwoFactorKey, on: db)?.value == "true"
    }

    func setRequireTwoFactorForAll(_ value: Bool, on db: any Database) async throws {
        if let record = try await SettingRecord.find(Self.requireTwoFactorKey, on: db) {
            record.value = value ? "true" : "false"
            try await record.update(on: db)
        } else {
            try await SettingRecord(key: Self.requireTwoFactorKey, value: value ? "true" : "false").create(on: db)
        }
    }
}
