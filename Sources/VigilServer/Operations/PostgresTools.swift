import Foundation

/// `pg_dump` and `pg_restore`, run as child processes: PostgreSQL's own tools are the only ones that
/// dump and restore every object of a database faithfully, so Vigil calls them rather than copying
/// rows itself. The connection's details go in the environment (`PGHOST`, `PGPASSWORD`, ...), never
/// on the command line where `ps` would show the password.
struct PostgresTools {
    typealias Failure = BackupOperations.Failure
    let bin: URL
    let environment: [String: String]

    /// Finds the tools: `VIGIL_PG_BIN`, then the `PATH`, then Debian's `/usr/lib/postgresql/<version>/bin`.
    init(url: String, env: [String: String] = ProcessInfo.processInfo.environment) throws {
        var candidates: [URL] = []
        if let folder = env["VIGIL_PG_BIN"], !folder.isEmpty { candidates.append(URL(fileURLWithPath: folder)) }
        candidates += (env["PATH"] ?? "").split(separator: ":").map { URL(fileURLWithPath: String($0)) }
        let debian = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: debian.path)) ?? []
        candidates += versions.sorted { $0.compare($1, options: .numeric) == .orderedDescending }
            .map { debian.appendingPathComponent($0).appendingPathComponent("bin") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("pg_dump").path) }) else {
            throw Failure(description: "pg_dump was not found: install PostgreSQL's client tools (Debian: postgresql-client) or set VIGIL_PG_BIN")
        }
        bin = found
        guard let components = URLComponents(string: url), let host = components.host else {
            throw Failure(description: "DATABASE_URL cannot be read as a PostgreSQL address")
        }
        var environment = env
        environment["PGHOST"] = host
        environment["PGPORT"] = components.port.map(String.init) ?? "5432"
        if let user = components.user { environment["PGUSER"] = user.removingPercentEncoding ?? user }
        if let password = components.password { environment["PGPASSWORD"] = password.removingPercentEncoding ?? password }
        let database = String(components.path.drop(while: { $0 == "/" }))
        environment["PGDATABASE"] = database.isEmpty ? (environment["PGUSER"] ?? "postgres") : database
        for item in components.queryItems ?? [] where ["sslmode", "tlsmode"].contains(item.name) {
            environment["PGSSLMODE"] = item.value == "disable" ? "disable" : "require"
        }
        self.environment = environment
    }

    /// `pg_dump --format=custom`: one consistent snapshot of the whole database.
    func dump(to file: URL) throws {
        try run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file=\(file.path)"])
    }

    /// Lists a dump's contents: fails when the file is not a readable custom-format dump.
    func check(_ file: URL) throws {
        try run("pg_restore", ["--list", file.path], quiet: true)
    }

    /// Replaces the database's objects by the dump's, in one transaction: all or nothing.
    func restore(_ file: URL) throws {
        try run("pg_restore", ["--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
                               "--dbname=\(environment["PGDATABASE"] ?? "postgres")", file.path])
    }

    private func run(_ tool: String, _ arguments: [String], quiet: Bool = false) throws {
        let process = Process()
        process.executableURL = bin.appendingPathComponent(tool)
        process.arguments = arguments
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = quiet ? FileHandle.nullDevice : FileHandle.standardError
        do { try process.run() } catch { throw Failure(description: "\(tool) could not be started: \(error)") }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message.prefix(2000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "\(tool) failed (exit \(process.terminationStatus)): \(text)")
        }
    }
}
