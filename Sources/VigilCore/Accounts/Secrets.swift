import Crypto
import Foundation

/// Random secrets and their stored digests: session ids, API tokens, one-time and recovery codes.
/// Only digests are stored, so a stolen database copy yields no usable credential.
public enum Secrets {
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// URL-safe base64 without padding.
    public static func randomToken(bytes: Int = 32) -> String {
        Data(randomBytes(bytes)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func sha256Hex(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// Lower-case hexadecimal, without `String(format:)`, which costs a formatter per byte.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Compares two strings in time independent of where they first differ.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    /// A one-time password a person can type: no look-alike characters (0/O, 1/l/I).
    public static func oneTimePassword(length: Int = 16) -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// Recovery codes for two-factor login, `xxxxx-xxxxx`, lower case.
    public static func recoveryCodes(count: Int = 10) -> [String] {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            let chars = (0..<10).map { _ in alphabet.randomElement(using: &generator)! }
            return String(chars[0..<5]) + "-" + String(chars[5..<10])
        }
    }

    /// Recovery codes are compared after folding case, spaces and dashes, as people type them.
    public static func normaliseRecoveryCode(_ code: String) -> String {
        code.lowercased().filter { $0.isLetter || $0.isNumber }
    }
}
