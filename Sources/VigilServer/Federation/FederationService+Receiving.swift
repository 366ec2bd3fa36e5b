import Crypto
import Fluent
import Foundation
import VigilCore

/// The door for messages from other installations. A message is kept only when it is signed
/// (`X-Vigil-Signature`) with the key paired for the installation it says it comes from, is
/// addressed to this installation, is of a kind that peer may send (incidents come up from
/// `downstream` peers, acknowledgements down from `upstream` ones) and is whole. Anything else is
/// refused with a code and logged (`federation_refusals`, the audit trail); nothing of it is kept.
extension FederationService {
    struct Refused: Error, Sendable {
        let status: Int
        let code: String
        let detail: String
    }

    /// What the door answers a message it kept (or had kept before): the receipt and its signature.
    struct Answer: Sendable {
        let body: Data
        let signature: String
        let duplicate: Bool
    }

    func receive(_ body: Data, signature: String?, address: String?, on db: any Database, now: Date = Date()) async throws -> Answer {
        let digest = Secrets.hex(SHA256.hash(data: body))
        var claimed: String?
        func refuse(_ status: Int, _ code: String, _ detail: String = "") async throws -> Never {
            try await repository.refuse(reason: code, detail: detail, installation: claimed, address: address, size: body.count, sha256: digest,
                                        on: db, at: now)
            throw Refused(status: status, code: code, detail: detail)
        }
        guard let signature, !signature.isEmpty else { try await refuse(401, "unsigned") }
        let message: FederationMessage
        do {
            message = try FederationMessage.decode(body)
        } catch {
            claimed = Self.claimedSender(body)
            try await refuse(400, "invalid_message", "\(error.code)\(error.detail.isEmpty ? "" : ": " + error.detail)")
        }
        claimed = message.from.uuidString.lowercased()
        let candidates = try await repository.activePeer(installation: message.from, on: db)
        guard !candidates.isEmpty else { try await refuse(403, "unknown_installation") }
        let verified = candidates.filter { FederationKeys.verify(body, header: signature, publicKey: $0.publicKey) }
        guard !verified.isEmpty else { try await refuse(401, "bad_signature") }
        let (identity, privateKey) = try await identity(on: db)
        guard message.to == identity.id else { try await refuse(422, "wrong_recipient") }
        let expected: FederationPeerRecord.Direction = message.type == .acknowledgement ? .upstream : .downstream
        guard let sender = verified.first(where: { $0.direction == expected }) else { try await refuse(403, "not_allowed", message.type.rawValue) }
        var reportDigest: String?
        if let report = message.report {
            // Checked by `decode`; stored before the transaction (blobs are content-addressed: a
            // refused or repeated message leaves at most an unreferenced copy of the same bytes).
            reportDigest = try await blobs.put(try report.documentData())
        }
        let kept = try await repository.keep(message, body: String(decoding: body, as: UTF8.self), signature: signature, reportSHA256: reportDigest,
                                             from: sender, on: db, at: now)
        let (record, duplicate): (FederationInboundRecord, Bool) = switch kept {
        case .kept(let record): (record, false)
        case .duplicate(let record): (record, true)
        }
        let receipt = FederationReceipt(id: message.id, receivedAt: record.receivedAt, receiver: identity.id!, duplicate: duplicate)
        let receiptBody = try receipt.encoded()
        return Answer(body: receiptBody, signature: try FederationKeys.sign(receiptBody, privateKey: privateKey), duplicate: duplicate)
    }

    /// The `from` of a body that did not pass, for the refusals' log: only when it is a UUID.
    static func claimedSender(_ body: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let from = object["from"] as? String,
              let id = UUID(uuidString: from) else { return nil }
        return id.uuidString.lowercased()
    }
}
