import Vapor

/// Turns every error into a response in the user's language: JSON `{"error": {"code", "message"}}`
/// under `/api/`, a page elsewhere. The error's own text goes to the log only, with the request id.
struct VigilErrorMiddleware: AsyncMiddleware {
    struct Body: Content {
        struct FieldDetail: Content {
            let field: String
            let message: String
        }
        struct Detail: Content {
            let code: String
            let message: String
            let field: String?
            /// Every invalid field with its message, when the input had field errors.
            let fields: [FieldDetail]?
        }
        let error: Detail
    }

    struct ErrorPage: Encodable, Sendable {
        let heading: String
        let status: Int
        let message: String
        let signIn: Bool
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let mapped = VigilError.from(error)
            if mapped.status.code >= 500 {
                request.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.url.path)"])
            } else {
                request.logger.info("request refused", metadata: ["code": "\(mapped.code)", "path": "\(request.url.path)", "detail": "\(String(describing: error))"])
            }
            let message = request.t(mapped.messageKey, mapped.arguments)
            if request.url.path.hasPrefix("/api/") || request.url.path == "/healthz" {
                let fields = mapped.field == nil ? nil : mapped.allFieldErrors.compactMap { problem in
                    problem.field.map { Body.FieldDetail(field: $0, message: request.t(problem.messageKey, problem.arguments)) }
                }
                let body = Body(error: .init(code: mapped.code, message: message, field: mapped.field, fields: fields))
                let response = try await body.encodeResponse(status: mapped.status, for: request)
                if mapped.status == .unauthorized {
                    response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer realm=\"vigil\"")
                }
                return response
            }
            do {
                return try await request.renderPage(
                    "error", titleKey: headingKey(mapped),
                    ErrorPage(heading: errorHeading(mapped, request), status: Int(mapped.status.code), message: message, signIn: mapped.status == .unauthorized || mapped.code == "csrf_failed"),
                    status: mapped.status)
            } catch {
                request.logger.error("error page failed", metadata: ["error": "\(String(reflecting: error))"])
                return Response(status: mapped.status, body: .init(string: message))
            }
        }
    }
}

/// "Not found", "Not allowed"…: a heading that says what happened, by status.
private func headingKey(_ error: VigilError) -> String {
    switch error.status {
    case .notFound: "error.title.not_found"
    case .forbidden: error.code == "csrf_failed" ? "error.title.expired_form" : "error.title.forbidden"
    case .unauthorized: "error.title.unauthorized"
    case .badRequest, .unprocessableEntity, .payloadTooLarge, .unsupportedMediaType: "error.title.bad_request"
    default: "error.title"
    }
}

private func errorHeading(_ error: VigilError, _ request: Request) -> String {
    request.t(headingKey(error))
}

/// Security headers on every response; HSTS when Vigil is reached over TLS (`VIGIL_SECURE_COOKIES`):
/// a browser that has seen it never again tries plain HTTP, where a session cookie could be taken.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    var strictTransport = false

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if strictTransport {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(
            name: "Content-Security-Policy",
            value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'")
        return response
    }
}

/// Serves `Public/static/` and nothing else: every other request skips the file lookup (a
/// system call per request, which API clients and agents posting check-ins would otherwise pay).
struct StaticFilesMiddleware: AsyncMiddleware {
    let files: FileMiddleware

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory, defaultFile: nil)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET || request.method == .HEAD, request.url.path.hasPrefix("/static/") else {
            return try await next.respond(to: request)
        }
        return try await files.respond(to: request, chainingTo: next)
    }
}
