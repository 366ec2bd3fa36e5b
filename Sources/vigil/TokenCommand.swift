import ArgumentParser
import Foundation
import VigilServer

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API token, a person's (--user) or an organisation's integration token (--org); prints it (shown once).",
            discussion: "Scopes are area:read or area:write (write includes read), areas: "
                + "incidents, assets, monitoring, vulnerabilities, advisories, plans, drills, contacts, awareness, compliance, reports, "
                + "organisations, users, audit (read only), tokens (personal tokens only). A personal token without --scope reaches "
                + "what the user's roles allow; an integration token needs at least one.")
        @Option(help: "The user's e-mail address (a personal token).") var user: String?
        @Option(help: "The organisation's id (an integration token).") var org: String?
        @Option(help: "A name to recognise the token by.") var name: String
        @Option(help: "Days until the token expires (default: never).") var expiresDays: Int?
        @Option(name: .customLong("scope"), help: "A scope such as incidents:read; repeat for several.") var scopes: [String] = []

        func validate() throws {
            guard (user == nil) != (org == nil) else { throw ValidationError("give either --user or --org") }
        }

        func run() async throws {
            let token = try await Runtime.withOperations { operations in
                if let org {
                    return try await operations.createIntegrationToken(organisation: org, name: name, expiresInDays: expiresDays, scopes: scopes)
                }
                return try await operations.createToken(email: user ?? "", name: name, expiresInDays: expiresDays, scopes: scopes)
            }
            print(token)
        }
    }
}
