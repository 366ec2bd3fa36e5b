import Crypto
import Fluent
import Foundation
import Vapor
import VigilCore

/// TOTP two-factor login (RFC 6238: SHA-1, 6 digits, 30 s, the settings every authenticator app
/// understands) with single-use recovery codes. Vapor's `TOTP` computes the codes.
struct TwoFactorService: Sendable {
    static let issuer = "Vigil"

    /// Starts enrolment: a new secret, kept on the user but not active until a code confirms it.
    func beginEnrolment(_ user: UserRecord, on db: any Database) async throws -> String {
        if let secret = user.totpSecret, !user.totpEnabled { return secret }
        let secret = Secrets.randomBytes(20).base32String().replacingOccurrences(of: "=", with: "")
        user.totpSecret = secret
        try await user.update(on: db)
        return secret
    }

    static func provisioningURI(secret: String, email: String) -> String {
        let label = "\(issuer):\(email)".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? email
        return "otpauth://totp/\(label)?secret=\(secret)&issuer=\(issuer)&algorithm=SHA1&digits=6&period=30"
    }

    /// The time step of a valid code within one step of now, or nil. A step at or before the last
    /// accepted one is refused, so that a code cannot be used twice.
    func acceptedStep(code: String, secret: String, lastStep: Int64?, now: Date) -> Int64? {
        let digits = code.filter(\.isNumber)
        guard digits.count == 6, let key = [UInt8](decodingBase32: secret + String(repeating: "=", count: (8 - secret.count % 8) % 8)) else {
            return nil
        }
        let totp = TOTP(key: SymmetricKey(data: key), digest: .sha1, digits: .six, interval: 30)
        let currentStep = Int64(floor(now.timeIntervalSince1970 / 30))
        for offset in [0, -1, 1] as [Int64] {
            let step = currentStep + offset
            if let lastStep, step <= lastStep { continue }
            let candidate = totp.generate(time: Date(timeIntervalSince1970: TimeInterval(step * 30)))
            if Secrets.constantTimeEquals(candidate, digits) { return step }
        }
        return nil
    }

    /// Confirms enrolment with a first code; returns the recovery codes to show once.
    func enable(_ user: UserRecord, code: String, actor: AuditActor, on db: any Database, now: Date) async throws -> [String] {
        guard let secret = user.totpSecret, !user.totpEnabled else { throw VigilError.badRequest("not_enrolling", "error.two_factor_not_enrolling") }
        guard let step = acceptedStep(code: code, secret: secret, lastStep: user.totpLastStep, now: now) else {
            throw VigilError.invalid("code", "validation.totp_wrong")
        }
        let codes = Secrets.recoveryCodes()
        let userID = try user.requireID()
        user.totpEnabled = true
        user.totpLastStep = step
        try await db.change(by: actor) { db, audit in
            try await user.update(on: db)
            try await RecoveryCodeRecord.query(on: db).filter(\.$user.$id == userID).delete()
            for code in codes {
                try await RecoveryCodeRecord(userID: userID, codeHash: Secrets.sha256Hex(Secrets.normaliseRecoveryCode(code))).create(on: db)
            }
            var changes = AuditChanges()
            changes.set("totp_enabled", from: "false", to: "true")
            audit.record(organisationID: user.$organisation.id, action: "user.enable_two_factor", objectType: "user",
                         objectID: userID.uuidString.lowercased(), changes: changes)
        }
        return codes
    }

    func disable(_ user: UserRecord, actor: AuditActor, on db: any Database) async throws {
        let userID = try user.requireID()
        user.totpEnabled = false
        user.totpSecret = nil
        user.totpLastStep = nil
        try await db.change(by: actor) { db, audit in
            try await user.update(on: db)
            try await RecoveryCodeRecord.query(on: db).filter(\.$user.$id == userID).delete()
            var changes = AuditChanges()
            changes.set("totp_enabled", from: "true", to: "false")
            audit.record(organisationID: user.$organisation.id, action: "user.disable_two_factor", objectType: "user",
                         objectID: userID.uuidString.lowercased(), changes: changes)
        }
    }

    /// Checks a login's second step: a current code, or an unused recovery code (then spent).
    func verifyLogin(_ user: UserRecord, code: String, on db: any Database, now: Date) async throws -> Bool {
        guard user.totpEnabled, let secret = user.totpSecret else { return false }
        if let step = acceptedStep(code: code, secret: secret, lastStep: user.totpLastStep, now: now) {
            user.totpLastStep = step
            try await user.update(on: db)
            return true
        }
        let normalised = Secrets.normaliseRecoveryCode(code)
        guard normalised.count == 10 else { return false }
        let userID = try user.requireID()
        guard let recovery = try await RecoveryCodeRecord.query(on: db)
            .filter(\.$user.$id == userID)
            .filter(\.$codeHash == Secrets.sha256Hex(normalised))
            .filter(\.$usedAt == nil)
            .first()
        else { return false }
        recovery.usedAt = now
        try await recovery.update(on: db)
        return true
    }

    func remainingRecoveryCodes(userID: UUID, on db: any Database) async throws -> Int {
        try await RecoveryCodeRecord.query(on: db).filter(\.$user.$id == userID).filter(\.$usedAt == nil).count()
    }
}
