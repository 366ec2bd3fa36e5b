import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Seals the mail server's password (AES-GCM) with a key kept in the data folder
/// (`<data>/mail.key`, 32 random bytes, mode 0600), so that a copy of the database alone does not
/// give the password away. The key is made on first use; two processes making it at once agree
/// on the first one written (it is linked into place, never overwritten). Machines that share one
/// PostgreSQL need the same key file, and a restored database needs its key file too (otherwise
/// the administrator enters the password again).
struct MailSecretBox: Sendable {
    let keyFile: URL

    enum Failure: Error, Equatable {
        /// The key file is not 32 bytes, or cannot be made.
        case badKey
        /// The sealed text was not sealed with this key (the key file changed) or is damaged.
        case unreadable
    }

    func seal(_ secret: String) throws -> String {
        let box = try AES.GCM.seal(Data(secret.utf8), using: try key())
        guard let combined = box.combined else { throw Failure.badKey }
        return combined.base64EncodedString()
    }

    func open(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw Failure.unreadable }
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            return String(decoding: try AES.GCM.open(box, using: try key()), as: UTF8.self)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure.unreadable
        }
    }

    /// The key, made on first use: written to a private temporary file, then hard-linked to its
    /// name, which fails if another process got there first (its key is then read and used).
    func key() throws -> SymmetricKey {
        if let existing = try? Data(contentsOf: keyFile) {
            guard existing.count == 32 else { throw Failure.badKey }
            return SymmetricKey(data: existing)
        }
        try FileManager.default.createDirectory(at: keyFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let temporary = keyFile.path + ".\(UUID().uuidString)"
        let descriptor = Glibc.open(temporary, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else { throw Failure.badKey }
        let written = fresh.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        close(descriptor)
        defer { unlink(temporary) }
        guard written == 32 else { throw Failure.badKey }
        if link(temporary, keyFile.path) != 0 && errno != EEXIST { throw Failure.badKey }
        guard let stored = try? Data(contentsOf: keyFile), stored.count == 32 else { throw Failure.badKey }
        return SymmetricKey(data: stored)
    }
}
