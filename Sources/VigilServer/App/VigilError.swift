import Vapor

/// An error a user is shown: a status, a stable code for API clients, and a localization key.
/// The error's own text never reaches the user; it goes to the log with the request id.
struct VigilError: AbortError, Sendable {
    var status: HTTPResponseStatus
    var code: String
    /// Key in the localization tables; `{0}`… in the text take `arguments`.
    var messageKey: String
    var arguments: [String] = []
    /// The form field the error is about, for errors shown next to a field.
    var field: String?
    /// Every field error of a form that had several (this error is the first of them).
    var fieldErrors: [VigilError] = []

    /// The field errors to show: all of them, or this one alone.
    var allFieldErrors: [VigilError] { fieldErrors.isEmpty ? [self] : fieldErrors }

    var reason: String { "\(code): \(messageKey)" }

    static let notFound = VigilError(status: .notFound, code: "not_found", messageKey: "error.not_found")
    static let unauthorized = VigilError(status: .unauthorized, code: "unauthorized", messageKey: "error.unauthorized")
    static let forbidden = VigilError(status: .forbidden, code: "forbidden", messageKey: "error.forbidden")
    static let csrf = VigilError(status: .forbidden, code: "csrf_failed", messageKey: "error.csrf")
    static let malformedBody = VigilError(status: .badRequest, code: "malformed_body", messageKey: "error.malformed_body")
    static let tooLarge = VigilError(status: .payloadTooLarge, code: "payload_too_large", messageKey: "error.too_large")

    static func invalid(_ field: String, _ messageKey: String, _ arguments: [String] = []) -> VigilError {
        VigilError(status: .unprocessableEntity, code: "validation_failed", messageKey: messageKey, arguments: arguments, field: field)
    }

    static func badRequest(_ code: String, _ messageKey: String, _ arguments: [String] = []) -> VigilError {
        VigilError(status: .badRequest, code: code, messageKey: messageKey, arguments: arguments)
    }

    static func conflict(_ field: String?, _ messageKey: String) -> VigilError {
        VigilError(status: .conflict, code: "conflict", messageKey: messageKey, field: field)
    }

    /// Maps any error to what a user may see.
    static func from(_ error: any Error) -> VigilError {
        switch error {
        case let error as VigilError:
            return error
        case is DecodingError:
            return .malformedBody
        case _ where String(reflecting: type(of: error)).hasPrefix("MultipartKit."):
            // A body that is not the multipart it says it is: MultipartKit's parser throws an error type it does not
            // make public, so it is known by its module (it answered 500 before; schemathesis found it).
            return .malformedBody
        case let abort as any AbortError:
            switch abort.status {
            case .notFound: return .notFound
            case .unauthorized: return .unauthorized
            case .forbidden: return .forbidden
            case .payloadTooLarge: return .tooLarge
            case .unsupportedMediaType:
                return VigilError(status: .unsupportedMediaType, code: "unsupported_media_type", messageKey: "error.unsupported_media_type")
            case .methodNotAllowed:
                return VigilError(status: .methodNotAllowed, code: "method_not_allowed", messageKey: "error.not_found")
            case .badRequest, .unprocessableEntity: return .malformedBody
            default:
                if abort.status.code < 500 {
                    return VigilError(status: abort.status, code: "bad_request", messageKey: "error.malformed_body")
                }
                return .internal
            }
        default:
            return .internal
        }
    }

    static let `internal` = VigilError(status: .internalServerError, code: "internal_error", messageKey: "error.internal")
}
