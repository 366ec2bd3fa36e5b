import Fluent
import Vapor
import VigilCore

/// Administrator settings: whether two-factor login is required of every user, and the windows
/// within which a host counts as protected (signature age, silence).
struct SettingsController: RouteCollection, Sendable {
    let settings: SettingsStore
    let findings: FindingService

    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequirePermission(permission: .manageSettings))
        admin.get(SettingsPath.page, use: page)
        admin.post(SettingsPath.page, use: save)
    }

    private func render(_ req: Request, form: FormState = FormState(), status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let policy = try await settings.protectionPolicy(on: req.db)
        let remediation = try await settings.remediationPolicy(on: req.db)
        func shown(_ severity: FindingSeverity) -> String {
            form.values["remediation_\(severity.rawValue)"] ?? String(remediation.days[severity] ?? 0)
        }
        let page = Page(requireTwoFactor: try await settings.requireTwoFactorForAll(on: req.db),
                        signatureAgeDays: form.values["max_signature_age_days"] ?? String(policy.maxSignatureAgeDays),
                        silenceDays: form.values["max_silence_days"] ?? String(policy.maxSilenceDays),
                        minDays: ProtectionPolicy.allowedDays.lowerBound, maxDays: ProtectionPolicy.allowedDays.upperBound,
                        remediationCritical: shown(.critical), remediationHigh: shown(.high), remediationMedium: shown(.medium),
                        remediationLow: shown(.low),
                        editable: user.isRootAdmin, form: form)
        return try await req.renderPage("settings/settings", titleKey: "settings.title", page, status: status)
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req)
    }

    static let severities: [FindingSeverity] = [.critical, .high, .medium, .low]

    struct Form: Content {
        var require_two_factor: String?
        var max_signature_age_days: String?
        var max_silence_days: String?
        var remediation_critical: String?
        var remediation_high: String?
        var remediation_medium: String?
        var remediation_low: String?

        func remediation(_ severity: FindingSeverity) -> String? {
            switch severity {
            case .critical: remediation_critical
            case .high: remediation_high
            case .medium: remediation_medium
            default: remediation_low
            }
        }
    }

    @Sendable func save(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard user.isRootAdmin else { throw VigilError.forbidden }
        let form = try req.content.decode(Form.self)
        let value = form.require_two_factor == "on" || form.require_two_factor == "true"
        let old = try await settings.requireTwoFactorForAll(on: req.db)
        let oldPolicy = try await settings.protectionPolicy(on: req.db)
        var policy = oldPolicy
        var problems: [VigilError] = []
        func days(_ raw: String?, _ field: String) -> Int? {
            guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            guard let days = Int(raw), ProtectionPolicy.allowedDays.contains(days) else {
                problems.append(VigilError.invalid(field, "settings.error.days",
                                                   [String(ProtectionPolicy.allowedDays.lowerBound), String(ProtectionPolicy.allowedDays.upperBound)]))
                return nil
            }
            return days
        }
        policy.maxSignatureAgeDays = days(form.max_signature_age_days, "max_signature_age_days") ?? policy.maxSignatureAgeDays
        policy.maxSilenceDays = days(form.max_silence_days, "max_silence_days") ?? policy.maxSilenceDays
        let oldRemediation = try await settings.remediationPolicy(on: req.db)
        var remediation = oldRemediation
        for severity in Self.severities {
            guard let raw = form.remediation(severity)?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { continue }
            guard let value = Int(raw), (1...365).contains(value) else {
                problems.append(VigilError.invalid("remediation_\(severity.rawValue)", "settings.error.days", ["1", "365"]))
                continue
            }
            remediation.days[severity] = value
        }
        if !problems.isEmpty {
            var error = problems[0]
            error.fieldErrors = problems
            var values = ["max_signature_age_days": form.max_signature_age_days ?? "", "max_silence_days": form.max_silence_days ?? ""]
            for severity in Self.severities { values["remediation_\(severity.rawValue)"] = form.remediation(severity) ?? "" }
            return try await render(req, form: .failed(error, values: values, request: req), status: .unprocessableEntity)
        }
        let wanted = policy
        let wantedRemediation = remediation
        try await req.db.change(by: .user(user, address: req.clientAddress)) { db, audit in
            let policy = wanted
            var changes = AuditChanges()
            let changed = Self.severities.filter { wantedRemediation.days[$0] != oldRemediation.days[$0] }
            for severity in changed {
                let key = SettingsStore.remediationKey(severity)
                try await settings.set(key, to: String(wantedRemediation.days[severity] ?? 0), on: db)
                changes.set(key, from: oldRemediation.days[severity].map(String.init), to: wantedRemediation.days[severity].map(String.init))
            }
            // Open findings of those severities take the new deadlines.
            try await findings.applyDeadlines(wantedRemediation, to: changed, on: db)
            if old != value {
                try await settings.setRequireTwoFactorForAll(value, on: db)
                changes.set(SettingsStore.requireTwoFactorKey, from: String(old), to: String(value))
            }
            if policy.maxSignatureAgeDays != oldPolicy.maxSignatureAgeDays {
                try await settings.set(SettingsStore.signatureAgeKey, to: String(policy.maxSignatureAgeDays), on: db)
                changes.set(SettingsStore.signatureAgeKey, from: String(oldPolicy.maxSignatureAgeDays), to: String(policy.maxSignatureAgeDays))
            }
            if policy.maxSilenceDays != oldPolicy.maxSilenceDays {
                try await settings.set(SettingsStore.silenceKey, to: String(policy.maxSilenceDays), on: db)
                changes.set(SettingsStore.silenceKey, from: String(oldPolicy.maxSilenceDays), to: String(policy.maxSilenceDays))
            }
            guard !changes.isEmpty else { return audit.noEntry() }
            audit.record(organisationID: user.organisationID, action: "settings.update", objectType: "settings",
                         objectID: nil, changes: changes)
        }
        return req.redirect(to: SettingsPath.page.link(notice: "saved"))
    }
}
