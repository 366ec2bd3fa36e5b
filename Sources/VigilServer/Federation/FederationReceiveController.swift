import Vapor
import VigilCore

/// `POST /api/v1/federation/messages`: where paired installations post their signed messages. No
/// token and no session: the signature is the credential (`FederationService.receive`). The
/// answer is a receipt signed with this installation's key (202, or 200 for a message received
/// before), or `{"error": {"code": …}}` with 400, 401, 403 or 422.
struct FederationReceiveController: Sendable {
    let service: FederationService

    func boot(_ routes: CapabilityRoutes) {
        let limit = FederationMessage.maxMessageBytes
        let route = routes.root.on(.POST, FederationAPIPath.messages.absoluteComponents, body: .collect(maxSize: ByteCount(value: limit)), use: receive)
        route.bodyLimit = limit
    }

    @Sendable func receive(req: Request) async throws -> Response {
        let body = req.body.data.map { Data($0.readableBytesView) } ?? Data()
        do {
            let answer = try await service.receive(body, signature: req.headers.first(name: "X-Vigil-Signature"), address: req.clientAddress,
                                                   on: req.db)
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.replaceOrAdd(name: "X-Vigil-Signature", value: answer.signature)
            return Response(status: answer.duplicate ? .ok : .accepted, headers: headers, body: .init(data: answer.body))
        } catch let refused as FederationService.Refused {
            req.logger.warning("federation message refused", metadata: ["reason": "\(refused.code)", "address": "\(req.clientAddress)"])
            throw VigilError(status: HTTPResponseStatus(statusCode: refused.status), code: refused.code, messageKey: "federation.refused.\(refused.code)",
                             arguments: [refused.detail])
        }
    }

    /// The `error.code` of an error answer (what the sender logs for a refused message).
    static func errorCode(in body: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let error = object["error"] as? [String: Any], let code = error["code"] as? String else { return nil }
        return code
    }
}
