import Fluent
import Foundation
import SQLKit
import Vapor
import VigilCore
import VigilScans

/// What the `vigil` command line does to the data, on the same data folder and `DATABASE_URL`
/// as `serve`. Each change is audited with the actor `cli`.
public final class VigilOperations: @unchecked Sendable {
    public let app: Application
    private var services: VigilServices { app.vigilServices }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    private init(app: Application) { self.app = app }

    /// The operations on an application the caller made and shuts down itself (the benchmarks').
    package convenience init(attachedTo app: Application) { self.init(app: app) }

    /// A signed-in browser session for the user, as the `Cookie` header's value (the benchmarks
    /// time pages with it).
    package func sessionCookie(email: String) async throws -> String {
        guard let user = try await services.userRepository.find(email: email, on: app.db) else { throw Failure("no user with e-mail \(email)") }
        let session = try await services.sessions.start(userID: try user.requireID(), stage: .active, address: nil, userAgent: "bench",
                                                        on: app.db, now: Date())
        return "\(SessionCookie.name)=\(session.token)"
    }

    /// Opens the database and brings its schema up to date.
    public static func open(config: AppConfig) async throws -> VigilOperations {
        var environment = Environment.production
        environment.arguments = ["vigil"]
        let app = try await VigilApplication.make(config: config, environment: environment)
        do {
            try await VigilApplication.migrate(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return VigilOperations(app: app)
    }

    public func close() async {
        try? await app.asyncShutdown()
    }

    public func createOrganisation(name: String, parent: String?, kind: String?, code: String?) async throws -> String {
        let kind = try kind.map { raw in
            guard let kind = OrganisationKind(rawValue: raw) else {
                throw Failure("unknown kind '\(raw)': use \(OrganisationKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return kind
        }
        let parentID = try parent.map { raw in
            guard let id = UUID(uuidString: raw) else { throw Failure("--parent must be an organisation id") }
            return id
        }
        let record = try await explained {
            try await services.organisations.create(.init(name: name, code: code, kind: kind, parentID: parentID),
                                                    scope: nil, actor: .commandLine, on: app.db)
        }
        return try record.requireID().uuidString.lowercased()
    }

    public func createUser(email: String, organisation: String, roles: [String], password: String?, displayName: String?) async throws -> (id: String, oneTimePassword: String?) {
        guard let orgID = UUID(uuidString: organisation) else { throw Failure("--org must be an organisation id") }
        let parsed: [Role]
        do { parsed = try Role.parseList(roles.joined(separator: ",")) } catch {
            throw Failure("unknown role '\(error.unknown)': use \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let created = try await explained {
            try await services.users.create(.init(email: email, displayName: displayName, organisationID: orgID, roles: parsed, password: password),
                                            scope: nil, actor: .commandLine, on: app.db)
        }
        return (try created.user.requireID().uuidString.lowercased(), created.oneTimePassword)
    }

    public func resetPassword(email: String) async throws -> String {
        guard let user = try await services.userRepository.find(email: email, on: app.db) else { throw Failure("no user with e-mail \(email)") }
        return try await services.users.resetPassword(user, actor: .commandLine, on: app.db)
    }

    public func createToken(email: String, name: String, expiresInDays: Int?, scopes: [String] = []) async throws -> String {
        guard let user = try await services.userRepository.find(email: email, on: app.db), !user.isSystem else { throw Failure("no user with e-mail \(email)") }
        let (name, days, scopes) = try await explained {
            let (name, days) = try ApiTokenActions.validate(name: name, expiresDays: expiresInDays.map(String.init))
            let asked = try ApiTokenActions.scopes(scopes)
            let principal = try CurrentUser(user: user, organisation: user.organisation, channel: .apiToken(id: UUID()), requireTOTPForAll: false).principal
            let checked = try ApiTokenActions.checked { () throws(TokenScopeError) in try principal.personalTokenScopes(asked: asked, callerScopes: nil) }
            return (name, days, checked)
        }
        let issued = try await ApiTokenActions.issue(services.tokens, userID: try user.requireID(), name: name, expiresInDays: days, scopes: scopes,
                                                actor: .commandLine, organisationID: user.$organisation.id, on: app.db)
        return issued.token
    }

    /// `vigil token create --org`: an organisation's integration token, with at least one scope.
    public func createIntegrationToken(organisation: String, name: String, expiresInDays: Int?, scopes: [String]) async throws -> String {
        let draft = IntegrationTokenService.Draft(organisation: organisation, name: name, expiresDays: expiresInDays.map(String.init), scopes: scopes)
        let service = IntegrationTokenService(tokens: services.tokens, organisations: services.organisationRepository)
        return try await explained { try await service.create(draft, by: nil, address: nil, on: app.db) }.token
    }

    /// `vigil enrolment create`: an enrolment token for the organisation's agents.
    public func createEnrolmentToken(organisation: String, name: String) async throws -> String {
        guard let id = UUID(uuidString: organisation), let org = try await OrganisationRecord.find(id, on: app.db) else {
            throw Failure("no organisation with id \(organisation)")
        }
        let issued = try await explained {
            try await EnrolmentActions.issue(services.enrolmentTokens, organisationID: try org.requireID(), name: name, actor: .commandLine,
                                             createdBy: "vigil enrolment create", on: app.db)
        }
        return issued.token
    }

    /// `vigil import`: a scanner report into an organisation's findings. Returns the outcome as
    /// the JSON line `--json` prints.
    public func importScan(file: String, organisation: String, system: String?, progress: (@Sendable (Int) -> Void)? = nil) async throws -> String {
        guard let id = UUID(uuidString: organisation), let org = try await OrganisationRecord.find(id, on: app.db) else {
            throw Failure("no organisation with id \(organisation)")
        }
        var systemID: UUID?
        if let system {
            guard let found = UUID(uuidString: system), let record = try await InformationSystemRecord.find(found, on: app.db),
                  record.$organisation.id == org.id else {
                throw Failure("no information system with id \(system) in that organisation")
            }
            systemID = found
        }
        guard FileManager.default.isReadableFile(atPath: file) else { throw Failure("cannot read \(file)") }
        do {
            let outcome = try await app.vigilServices.scanImport.importFile(
                at: file, fileName: URL(fileURLWithPath: file).lastPathComponent, organisationID: try org.requireID(), systemID: systemID,
                importedBy: .commandLine, importedByName: "vigil import", on: app.db, progress: progress)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(outcome), as: UTF8.self)
        } catch let error as ScanReportError {
            throw Failure("\(file): refused, nothing stored: \(error.description)")
        }
    }

    public func verifyAudit() async throws -> (intact: Bool, summary: String) {
        let report = try await AuditVerifier().verify(on: app.db)
        return (report.isIntact, report.summary)
    }

    /// Turns a user-facing validation error into a sentence for the terminal (English: operators'
    /// console output is not localized).
    private func explained<T>(_ work: () async throws -> T) async throws -> T {
        do { return try await work() } catch let error as VigilError {
            let text = app.localizer.text(error.messageKey, .en, error.arguments)
            throw Failure(error.field.map { "\($0): \(text)" } ?? text)
        }
    }
}
