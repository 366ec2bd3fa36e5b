import Crypto
import Foundation

/// An installation's signing keys for the messages it sends other installations (Ed25519,
/// swift-crypto), and what an administrator on the other side is shown and types in: the public
/// key in base64 and its fingerprint, to read aloud over the telephone when pairing.
public enum FederationKeys {
    public enum Problem: Error, Equatable, Sendable {
        /// Not base64 of 32 bytes.
        case invalidPublicKey
        case invalidPrivateKey
    }

    /// A new private key, as base64 of its 32 raw bytes (the form it is sealed in).
    public static func newPrivateKey() -> String {
        Curve25519.Signing.PrivateKey().rawRepresentation.base64EncodedString()
    }

    public static func privateKey(_ base64: String) throws(Problem) -> Curve25519.Signing.PrivateKey {
        guard let raw = Data(base64Encoded: base64), raw.count == 32,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else { throw .invalidPrivateKey }
        return key
    }

    public static func publicKey(ofPrivate base64: String) throws(Problem) -> String {
        try privateKey(base64).publicKey.rawRepresentation.base64EncodedString()
    }

    /// Reads a public key as an administrator pastes it: base64 of 32 bytes, white space ignored.
    public static func publicKey(_ text: String) throws(Problem) -> Curve25519.Signing.PublicKey {
        let compact = text.filter { !$0.isWhitespace }
        guard compact.count <= 64, let raw = Data(base64Encoded: compact), raw.count == 32,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { throw .invalidPublicKey }
        return key
    }

    /// The public key in its one written form (base64 of the raw bytes).
    public static func canonical(_ text: String) throws(Problem) -> String {
        try publicKey(text).rawRepresentation.base64EncodedString()
    }

    /// SHA-256 of the raw public key, the first 16 bytes in hex groups of four: short enough to
    /// compare by voice, long enough that no one can make a key with the same fingerprint.
    public static func fingerprint(_ publicKeyText: String) -> String {
        guard let key = try? publicKey(publicKeyText) else { return "" }
        let hex = SHA256.hash(data: key.rawRepresentation).prefix(16).map { String(format: "%02x", $0) }.joined()
        return stride(from: 0, to: hex.count, by: 4).map { offset in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return String(hex[start..<hex.index(start, offsetBy: 4)])
        }.joined(separator: " ")
    }

    /// `ed25519=<base64 signature>` of exactly these bytes.
    public static func sign(_ body: Data, privateKey base64: String) throws(Problem) -> String {
        let key = try privateKey(base64)
        guard let signature = try? key.signature(for: body) else { throw .invalidPrivateKey }
        return "ed25519=" + signature.base64EncodedString()
    }

    /// Whether the header signs exactly these bytes with the key.
    public static func verify(_ body: Data, header: String, publicKey text: String) -> Bool {
        guard header.hasPrefix("ed25519="), let signature = Data(base64Encoded: String(header.dropFirst(8))), signature.count == 64,
              let key = try? publicKey(text) else { return false }
        return key.isValidSignature(signature, for: body)
    }
}

extension MailRetryPolicy {
    /// A message to another installation that failed is tried again after 1 minute, 5, 30, 2
    /// hours, then every hour; three days after it was queued it is given up (`failed`, to be sent
    /// again by hand). An official report must not be lost to a weekend's outage of the
    /// coordinator's server; the messages behind it wait (they go out in order).
    public static let federation = MailRetryPolicy(delays: [60, 300, 1800, 7200], repeatDelay: 3_600, giveUpAfter: 3 * 86_400)
}
