import Foundation
import Testing

/// The server's shape (docs/ARCHITECTURE.md), checked on the source files so that it holds after
/// the change that made it: each rule here is cheap to keep and easy to break by habit.
@Suite("Architecture: the server's folders keep their rules")
struct ArchitectureTests {
    /// `Sources/VigilServer`, found from this file.
    static let server = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/VigilServer")

    struct SourceFile {
        let path: String   // relative to Sources/VigilServer
        let text: String
        var folder: String { String(path.split(separator: "/").first ?? "") }
        var name: String { String(path.split(separator: "/").last ?? "") }
    }

    static func swiftFiles() throws -> [SourceFile] {
        let paths = (FileManager.default.enumerator(atPath: server.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".swift") }
        return try paths.sorted().map { SourceFile(path: $0, text: try String(contentsOf: server.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// The folders that are not capabilities: the application's assembly, shared helpers, migrations,
    /// jobs and the command line's operations.
    static let infrastructure: Set<String> = ["App", "Shared", "Migrations", "Jobs", "Operations", "Resources"]

    /// Fluent's query builder, model writes and raw SQL. (A Regex is not Sendable; this one is only read.)
    nonisolated(unsafe) static let dataAccess = #/Record\.(query|find)\(|\.query\(on:|\.(create|update|delete|save)\(on:|\.load\(on:|SQLDatabase|\.raw\(/#

    @Test("the files are found")
    func filesFound() throws {
        #expect(try Self.swiftFiles().count > 100)
    }

    @Test("no controller touches the database: repositories and services do")
    func controllersHaveNoQueries() throws {
        for file in try Self.swiftFiles() where file.name.hasSuffix("Controller.swift") {
            for line in file.text.split(separator: "\n") where line.contains(Self.dataAccess) {
                Issue.record("\(file.path): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
    }

    @Test("every migration is in Migrations/, one type a file, and listed once in VigilMigrations.all")
    func migrationsInTheirFolder() throws {
        let files = try Self.swiftFiles()
        let list = try #require(files.first { $0.path == "Migrations/Migrations.swift" }).text
        for file in files {
            let declared = file.text.matches(of: #/(?m)^(?:struct|final class|class) (\w+): (?:Async)?Migration\b/#).map { String($0.1) }
            if file.folder != "Migrations" {
                #expect(declared.isEmpty, "\(file.path) declares the migration(s) \(declared)")
                continue
            }
            #expect(declared.count <= 1, "\(file.path) declares several migrations: \(declared)")
            for name in declared {
                #expect(file.name == name + ".swift", "\(name) is in \(file.path)")
                #expect(list.matches(of: try Regex("\\b\(name)\\(\\)")).count == 1, "\(name) is not listed once in VigilMigrations.all")
            }
        }
    }

    @Test("a record is queried only in its own capability's folder: others ask its repository")
    func recordsStayInTheirFolder() throws {
        let files = try Self.swiftFiles()
        var owner: [String: String] = [:]
        for file in files {
            for match in file.text.matches(of: #/(?m)^final class (\w+Record): Model/#) { owner[String(match.1)] = file.folder }
        }
        #expect(owner.count > 30)
        for file in files where !Self.infrastructure.contains(file.folder) {
            for match in file.text.matches(of: #/\b(\w+Record)\.(?:query|find)\(/#) {
                let record = String(match.1)
                if let home = owner[record], home != file.folder {
                    Issue.record("\(file.path) queries \(record), which belongs to \(home)/")
                }
            }
        }
    }

    @Test("view models never query: no file in a Views/ folder imports Fluent or SQLKit")
    func viewsDoNotQuery() throws {
        for file in try Self.swiftFiles() where file.path.contains("/Views/") {
            #expect(!file.text.contains("import Fluent") && !file.text.contains("import SQLKit"), "\(file.path) imports the database")
        }
    }

    @Test("only the write path appends to the audit chain")
    func auditAppendsOnlyThroughTheWritePath() throws {
        for file in try Self.swiftFiles() where file.text.contains("AuditLog.append(") {
            #expect(file.path == "App/DatabaseWrite.swift" || file.folder == "Audit", "\(file.path) appends to the audit chain itself")
        }
    }

    /// Writes nobody made, with no audit entry: sessions, agents' check-ins, indexes, jobs' reminders
    /// and deadlines, the custody log of a download. Every other write is a `change(by:)`.
    static let bookkeepingWrites: Set<String> = [
        "App/DatabaseWrite.swift", "Assets/CheckInWriter.swift", "Assets/SoftwareIndex.swift", "Assets/CoverageService.swift",
        "Assets/SupplierService.swift", "Assets/EnrolmentActions.swift", "Incidents/Evidence/EvidenceService.swift",
        "Vulnerabilities/FindingService.swift", "Vulnerabilities/ScanCadenceService.swift", "Vulnerabilities/Advisories/AdvisoryMatching.swift",
        // A check's outcome (state, history, counters, baseline) is the machine's, not a person's change.
        "Monitoring/MonitorRunner.swift", "Monitoring/MonitorResultWriter.swift",
        // An escalation step firing is the chain's doing, on a timer.
        "Contacts/EscalationRunner.swift",
        // The indicators' daily snapshot is computed, not anybody's change.
        "Compliance/ComplianceSnapshotJob.swift",
        // A periodic report's reminder is the calendar's doing, not anybody's change.
        "PeriodicReports/PeriodicReportReminders.swift",
        // A webhook call's attempt and its outcome are the sender's log, not anybody's change.
        "Webhooks/WebhookDeliveryStore.swift",
        // A message's attempt and the peer's receipt are the sender's log, not anybody's change.
        "Federation/FederationDeliveryStore.swift",
        // The door's log of refused messages: anonymous posts must not grow the audit chain.
        "Federation/FederationRefusalLog.swift",
    ]

    @Test("a write without an audit entry is bookkeeping, in a known place")
    func unauditedWritesAreKnown() throws {
        for file in try Self.swiftFiles() where file.folder != "Migrations" && file.folder != "Operations" {
            if file.text.contains(".write {") || file.text.contains(".write(checkingForeignKeys") || file.text.contains(".transaction {") {
                #expect(Self.bookkeepingWrites.contains(file.path), "\(file.path) writes without the audited write path (Database.change)")
            }
        }
    }

    @Test("Shared/ names no type of a capability folder")
    func sharedDependsOnNoCapability() throws {
        let files = try Self.swiftFiles()
        var owners: [String: String] = [:]
        for file in files where !Self.infrastructure.contains(file.folder) {
            for match in file.text.matches(of: #/(?m)^(?:final class|struct|enum|protocol|actor|class) (\w+)/#) {
                owners[String(match.1)] = file.path
            }
        }
        for file in files where file.folder == "Shared" {
            // Code only: a comment may name an example.
            let code = file.text.split(separator: "\n").map { $0.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
                .joined(separator: "\n")
            let words = Set(code.matches(of: #/\b[A-Z]\w+\b/#).map { String(code[$0.range]) })
            for word in words.sorted() {
                if let owner = owners[word] { Issue.record("\(file.path) uses \(word), declared in \(owner)") }
            }
        }
    }

    @Test("links and redirects come from typed paths, not string literals")
    func redirectsUseTypedPaths() throws {
        for file in try Self.swiftFiles() where !Self.infrastructure.contains(file.folder) {
            for line in file.text.split(separator: "\n") where line.contains(#/redirect\(to: "/|link: "\//#) {
                Issue.record("\(file.path): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
    }

    @Test("no source file passes 400 lines, but the default playbooks (data tables, Vietnamese and English)")
    func filesStaySmall() throws {
        let sources = Self.server.deletingLastPathComponent()
        let paths = (FileManager.default.enumerator(atPath: sources.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".swift") }
        for path in paths where !path.contains("DefaultPlaybooks+") {
            let lines = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count
            #expect(lines <= 401, "\(path) has \(lines) lines")
        }
    }

    @Test("each capability folder registers itself, and templates sit in the capability's folder")
    func capabilitiesAndTemplates() throws {
        let files = try Self.swiftFiles()
        let configure = try #require(files.first { $0.path == "App/configure.swift" }).text
        for file in files where file.text.contains(": Capability {") {
            guard let name = file.text.firstMatch(of: #/struct (\w+): Capability \{/#)?.1 else { continue }
            #expect(configure.contains("\(name)("), "\(name) is not collected by configure")
        }
        let views = Self.server.appendingPathComponent("Resources/Views")
        let flat = try FileManager.default.contentsOfDirectory(atPath: views.path).filter { $0.hasSuffix(".leaf") }
        #expect(Set(flat) == ["layout.leaf", "error.leaf"], "templates outside a capability's folder: \(flat.sorted())")
    }
}
