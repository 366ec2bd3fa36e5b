import Crypto
import Foundation

/// How a receiver knows a call came from Vigil: `X-Vigil-Signature: sha256=<hex>` is the
/// HMAC-SHA256 of the raw body under the webhook's secret. The body carries the event's id and
/// time, and `X-Vigil-Timestamp` the send's, so a receiver can refuse a replayed call.
public enum WebhookSignature {
    public static func sign(_ body: Data, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Compares in constant time, as a receiver should.
    public static func verify(_ signature: String, body: Data, secret: String) -> Bool {
        let expected = Array(sign(body, secret: secret).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A new secret: 32 random bytes in hex.
    public static func newSecret() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.map { String(format: "%02x", $0) }.joined()
    }

    /// A secret the caller chose: 16 to 200 printable ASCII characters.
    public static func checkSecret(_ secret: String) throws(WebhookProblem) -> String {
        guard (16...200).contains(secret.count), secret.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw .invalidSecret
        }
        return secret
    }
}

/// The body of a call: `{"id", "event", "occurredAt", "organisationId", "data"}`, keys sorted, made
/// once when the event is recorded so that every attempt sends (and signs) the same bytes.
public struct WebhookPayload: Sendable, Equatable {
    public let id: String
    public let event: WebhookEvent
    public let occurredAt: Date
    public let organisationID: String
    /// The audit entry's object and its changes: `{"objectType", "objectId", "changes"}`.
    public let objectType: String
    public let objectID: String?
    public let changes: String

    public init(id: String, event: WebhookEvent, occurredAt: Date, organisationID: String, objectType: String, objectID: String?, changes: String) {
        self.id = id
        self.event = event
        self.occurredAt = occurredAt
        self.organisationID = organisationID
        self.objectType = objectType
        self.objectID = objectID
        self.changes = changes
    }

    public var body: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let changesObject = (try? JSONSerialization.jsonObject(with: Data(changes.utf8))) ?? [String: Any]()
        var data: [String: Any] = ["objectType": objectType, "changes": changesObject]
        data["objectId"] = objectID ?? NSNull()
        let object: [String: Any] = ["id": id, "event": event.rawValue, "occurredAt": formatter.string(from: occurredAt),
                                     "organisationId": organisationID, "data": data]
        let bytes = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: bytes, as: UTF8.self)
    }
}
