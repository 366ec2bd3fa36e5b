import ArgumentParser
import Foundation
import Logging
import VigilBenchmarks
import VigilServer

@main
struct VigilCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Vigil: cyber-security incident response and compliance (Directive 18/CT-TTg).",
        discussion: "Every command acts on the data folder (VIGIL_DATA_DIR, default ./data) or on DATABASE_URL.",
        subcommands: [Serve.self, Migrate.self, Demo.self, Org.self, User.self, Token.self, Enrolment.self, Import.self, Monitor.self, Audit.self, Backup.self, Restore.self, Bench.self]
    )
}

/// Reads the configuration and sets up logging, once per process.
enum Runtime {
    static func config(logLevel: Logger.Level = .warning) throws -> AppConfig {
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            return try AppConfig.fromEnvironment()
        } catch {
            throw ValidationError("configuration: \(error)")
        }
    }

    static func withOperations<T>(_ work: (VigilOperations) async throws -> T) async throws -> T {
        let operations = try await VigilOperations.open(config: try config())
        do {
            let result = try await work(operations)
            await operations.close()
            return result
        } catch let failure as VigilOperations.Failure {
            await operations.close()
            throw ValidationError(failure.description)
        } catch {
            await operations.close()
            throw error
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web server (migrates the database first).")

    @Option(help: "Address to listen on (default 127.0.0.1, or VIGIL_HOSTNAME).") var hostname: String?
    @Option(help: "Port to listen on (default 8080, or VIGIL_PORT).") var port: Int?

    func run() async throws {
        var config = try Runtime.config(logLevel: .info)
        if let hostname { config.hostname = hostname }
        if let port { config.port = port }
        try await VigilApplication.serve(config: config)
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema.")

    func run() async throws {
        try await Runtime.withOperations { _ in }
        print("database is up to date")
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill an empty data folder (or DATABASE_URL's database) with a demo province; prints its accounts and passwords.",
        discussion: """
            A coordinator and 12 agencies with units, users of every role, systems, hosts, scans and findings, warnings, a year \
            of incidents, contacts, plans, drills and a staff notice, dated relative to now. Refused when the database already \
            holds data (more than the first start's administrator).
            """)
    @Option(help: "The seed of the random choices: the same seed makes the same province.") var seed: UInt64 = 2026

    func run() async throws {
        let summary: DemoSummary
        do {
            summary = try await Runtime.withOperations { try await $0.demo(seed: seed) }
        } catch let error as ValidationError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
        print("demo province made in \(String(format: "%.1f", summary.seconds)) s (seed \(seed)):")
        for (kind, count) in summary.counts { print("  \(kind): \(count)") }
        print("\naccounts (e-mail, role, organisation, password; no change of password is asked at sign-in):")
        for account in summary.accounts { print([account.email, account.role, account.organisation, account.password].joined(separator: "\t")) }
    }
}

struct Org: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "org", abstract: "Manage organisations.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an organisation; prints its id.")
        @Option(help: "Name, e.g. \"Sở Xây dựng\".") var name: String
        @Option(help: "Id of the parent organisation; none for a root.") var parent: String?
        @Option(help: "province, agency or unit.") var kind: String?
        @Option(help: "Short code used in reference numbers (default: the name's initials).") var code: String?

        func run() async throws {
            let id = try await Runtime.withOperations { try await $0.createOrganisation(name: name, parent: parent, kind: kind, code: code) }
            print(id)
        }
    }
}

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users.", subcommands: [Create.self, ResetPassword.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user; prints the id (and a one-time password unless --password-stdin).")
        @Option(help: "E-mail address, the login name.") var email: String
        @Option(help: "Organisation id.") var org: String
        @Option(help: "Role (repeat for several): reporter, responder, focal_point, leader, coordinator, admin.") var role: [String]
        @Option(help: "Display name (default: the e-mail's local part).") var name: String?
        @Flag(help: "Read the password from standard input.") var passwordStdin = false

        func run() async throws {
            var password: String?
            if passwordStdin {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("no password on standard input") }
                password = line
            }
            let created = try await Runtime.withOperations {
                try await $0.createUser(email: email, organisation: org, roles: role, password: password, displayName: name)
            }
            print(created.id)
            if let oneTime = created.oneTimePassword {
                FileHandle.standardError.write(Data("one-time password (must be changed at first login):\n".utf8))
                print(oneTime)
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password", abstract: "Give a user a new one-time password; prints it.")
        @Option(help: "The user's e-mail address.") var email: String

        func run() async throws {
            let password = try await Runtime.withOperations { try await $0.resetPassword(email: email) }
            print(password)
        }
    }
}

extension Bench {
    struct Scans: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a scanner report without storing it (the parsing part of an import); scripts/bench-scans.sh times the rest.")
        @Argument(help: "The report file.") var file: String

        func run() async throws {
            do {
                print(try ScanBenchmark.parse(file: file))
            } catch {
                throw ValidationError("\(error)")
            }
        }
    }

    struct Advisories: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The authorities' warnings matched against many hosts' packages, in a scratch SQLite database (deleted afterwards).")
        @Option(help: "Hosts to generate.") var hosts = 10_000
        @Option(help: "Installed packages per host.") var packages = 60
        @Option(help: "Timed requests of the warning's JSON.") var requests = 20
        @Option(help: "Scratch folder.") var directory = "/tmp/vigil-bench-advisories"

        func run() async throws {
            _ = try Runtime.config()
            try await AdvisoryBenchmark.run(hosts: hosts, packagesPerHost: packages, requests: requests,
                                            directory: URL(fileURLWithPath: directory)) { print($0) }
        }
    }

    struct Coverage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Coverage API and page, and the host list, over many hosts in a scratch SQLite database (deleted afterwards).")
        @Option(help: "Hosts to generate.") var hosts = 100_000
        @Option(help: "Timed requests per case.") var requests = 100
        @Option(help: "Scratch folder.") var directory = "/tmp/vigil-bench-coverage"

        func run() async throws {
            _ = try Runtime.config()
            try await CoverageBenchmark.run(hosts: hosts, requests: requests, directory: URL(fileURLWithPath: directory)) { print($0) }
        }
    }

    struct Compliance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compliance API, pages and snapshot job over a generated province, in a scratch database (deleted afterwards).")
        @Option(help: "Agencies under the province.") var agencies = 50
        @Option(help: "Units under each agency.") var unitsPerAgency = 4
        @Option(help: "Information systems per agency.") var systemsPerAgency = 20
        @Option(help: "Hosts to generate.") var hosts = 100_000
        @Option(help: "Vulnerability findings to generate.") var findings = 1_000_000
        @Option(help: "Incidents to generate.") var incidents = 100_000
        @Option(help: "Timed requests per case.") var requests = 50
        @Option(help: "Scratch folder.") var directory = "/tmp/vigil-bench-compliance"
        @Option(help: "A scratch PostgreSQL database to measure instead of SQLite (its name must contain 'bench'; it is wiped).")
        var databaseURL: String?
        @Flag(help: "Keep the scratch folder afterwards (to time single statements against its database).") var keep = false

        func run() async throws {
            _ = try Runtime.config()
            var options = ComplianceBenchmark.Options(directory: URL(fileURLWithPath: directory), databaseURL: databaseURL)
            options.keep = keep
            options.agencies = agencies
            options.unitsPerAgency = unitsPerAgency
            options.systemsPerAgency = systemsPerAgency
            options.hosts = hosts
            options.findings = findings
            options.incidents = incidents
            options.requests = requests
            try await ComplianceBenchmark.run(options) { print($0) }
        }
    }

    struct Defacement: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A defacement check's own work on a page (read it, compare it with the baseline), with libxml2's parse alone for comparison.")
        @Option(help: "The baseline page.") var baseline = "Tests/fixtures/defacement/baselines/tintuc.html"
        @Option(help: "Pages to compare with it (repeatable).")
        var page: [String] = ["Tests/fixtures/defacement/variants/tintuc--hidden_seo_links--9.html",
                              "Tests/fixtures/defacement/variants/tintuc--news_rotated--2.html"]
        @Option(help: "The site's address.") var url = "https://tintuc.hoalam.gov.vn/"
        @Option(help: "Timed iterations per case.") var iterations = 200

        func run() async throws {
            try DefacementBenchmark.run(baseline: URL(fileURLWithPath: baseline), pages: page.map { URL(fileURLWithPath: $0) },
                                        url: URL(string: url), iterations: iterations) { print($0) }
        }
    }
}

struct Enrolment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrolment", abstract: "Manage the enrolment tokens agents check in with.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an organisation's enrolment token; prints it alone (shown once).")
        @Option(help: "The organisation's id.") var org: String
        @Option(help: "A name to recognise the token by.") var name = "agents"

        func run() async throws {
            let token = try await Runtime.withOperations { try await $0.createEnrolmentToken(organisation: org, name: name) }
            print(token)
        }
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import a scanner report (Greenbone/OpenVAS, Nessus, Nmap XML, Trivy JSON, Vigil CSV) into an organisation's findings.",
        discussion: "The format is read from the content. A report that breaks its format is refused whole and nothing is stored.")
    @Argument(help: "The report file.") var file: String
    @Option(help: "The organisation's id.") var org: String
    @Option(help: "The information system scanned (its id).") var system: String?
    @Flag(help: "Print one JSON object: scanId, format, hosts, findings, new, unchanged, fixed, reopened, cves, seconds.") var json = false

    func run() async throws {
        // A progress line on a terminal only, on standard error so that --json output stays clean.
        let terminal = isatty(STDERR_FILENO) == 1
        let progress = terminal ? Self.progressLine(started: Date()) : nil
        let outcome: String
        do {
            outcome = try await Runtime.withOperations { try await $0.importScan(file: file, organisation: org, system: system, progress: progress) }
        } catch let error as ValidationError {
            // A refused report is not a usage mistake: the reason alone, and a failing exit status.
            if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        if json {
            print(outcome)
            return
        }
        let fields = (try? JSONSerialization.jsonObject(with: Data(outcome.utf8))) as? [String: Any] ?? [:]
        print("imported \(fields["format"] ?? "") report: \(fields["findings"] ?? 0) findings on \(fields["hosts"] ?? 0) hosts "
              + "(\(fields["new"] ?? 0) new, \(fields["unchanged"] ?? 0) unchanged, \(fields["fixed"] ?? 0) fixed, "
              + "\(fields["reopened"] ?? 0) reopened) in \(fields["seconds"] ?? 0) s; scan \(fields["scanId"] ?? "")")
    }

    static func progressLine(started: Date) -> @Sendable (Int) -> Void {
        { read in
            let seconds = Date().timeIntervalSince(started)
            FileHandle.standardError.write(Data("\r\(read) results read, \(Int(seconds)) s".utf8))
        }
    }
}

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the hash chain; exits non-zero and names the first bad entry if broken.")

        func run() async throws {
            let result = try await Runtime.withOperations { try await $0.verifyAudit() }
            print(result.summary)
            if !result.intact { throw ExitCode(2) }
        }
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one archive with the database and every evidence file and issued report, even while the server runs.",
        discussion: "SQLite is copied with VACUUM INTO, PostgreSQL with pg_dump (PostgreSQL's client tools must be installed).")
    @Argument(help: "The backup file to write (must not exist).") var file: String
    @Flag(help: "Back up the rest when a stored file is missing or altered, and list it in the backup.") var skipDamaged = false

    func run() async throws {
        do {
            let written = try await BackupOperations.backup(config: try Runtime.config(), to: file, skipDamaged: skipDamaged)
            print("backup written to \(file): the database and \(written.files) stored file(s), \(written.bytes) bytes")
            if !written.damaged.isEmpty {
                print("left out, missing or altered in the blob store: \(written.damaged.joined(separator: ", "))")
            }
        } catch let failure as BackupOperations.Failure {
            throw ValidationError(failure.description)
        }
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the database by a backup's and add its stored files, after checking the whole backup (refused while a server runs).")
    @Argument(help: "The backup file to restore.") var file: String

    func run() async throws {
        do {
            let restored = try await BackupOperations.restore(config: try Runtime.config(), from: file)
            print("restored from \(file) with \(restored.files) stored file(s)"
                  + (restored.keptAside.isEmpty ? "" : "; the previous database is kept in \(restored.keptAside)"))
            if !restored.damaged.isEmpty {
                print("the backup was taken without these damaged files: \(restored.damaged.joined(separator: ", "))")
            }
        } catch let failure as BackupOperations.Failure {
            throw ValidationError(failure.description)
        }
    }
}

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks (not part of the tests); figures are recorded in docs/PERFORMANCE.md.",
        subcommands: [Incidents.self, Compliance.self, Coverage.self, Scans.self, Advisories.self, Defacement.self])

    struct Incidents: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Incident list, filters and search at scale, in a scratch SQLite database (deleted afterwards).")
        @Option(help: "Incidents to generate.") var incidents = 100_000
        @Option(help: "Indicators per incident.") var indicatorsPerIncident = 5
        @Option(help: "Timed requests per case.") var requests = 200
        @Option(help: "Scratch folder.") var directory = "/tmp/vigil-bench"
        @Option(help: "A scratch PostgreSQL database to measure instead of SQLite (its name must contain 'bench'; it is wiped).")
        var databaseURL: String?

        func run() async throws {
            _ = try Runtime.config()
            try await IncidentBenchmark.run(
                .init(incidents: incidents, indicatorsPerIncident: indicatorsPerIncident, requests: requests,
                      directory: URL(fileURLWithPath: directory), databaseURL: databaseURL)) { line in print(line) }
        }
    }
}
