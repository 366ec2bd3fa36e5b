import Crypto
import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import VigilCore
import VigilScans

/// How the import writes its rows: many at a time, bound directly on SQLite (`Cell`, `BoundValues`),
/// with time-ordered ids drawn per batch; and the file's digest, read aside.
extension ScanImportService {
    /// `(?, ?, …), (?, ?, …)…`
    static func placeholders(rows: Int, columns: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        return Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// Rows (`cells`, row after row, one per column of `columns`) into a table in one statement,
    /// with `constants` the same in every row. On SQLite bound directly, past SQLKit's serializer
    /// and encoder (tens of thousands of values a batch), each constant bound once (`?1`…) and
    /// named in every row; through SQLKit elsewhere.
    static func insert(into table: String, columns: [String], constants: KeyValuePairs<String, Cell> = [:], cells: [Cell],
                       on sql: any SQLDatabase) async throws {
        guard !cells.isEmpty else { return }
        let width = columns.count
        precondition(cells.count % width == 0)
        let rows = cells.count / width
        let names = (columns + constants.map(\.key)).map { "\"\($0)\"" }.joined(separator: ", ")
        if let sqlite = sql as? any SQLiteDatabase {
            // The first row numbers every value (constants 1…C, then its own); the rows after it
            // name the constants and leave their own values to SQLite's next number.
            let named = (0..<constants.count).map { "?\($0 + 1)" }
            let first = "(" + ((0..<width).map { "?\(constants.count + 1 + $0)" } + named).joined(separator: ", ") + ")"
            let other = "(" + (Array(repeating: "?", count: width) + named).joined(separator: ", ") + ")"
            var text = "INSERT OR FAIL INTO \"\(table)\" (\(names)) VALUES " + first
            text.reserveCapacity(text.utf8.count + (rows - 1) * (other.utf8.count + 2))
            for _ in 1..<rows {
                text += ", "
                text += other
            }
            var binds = constants.map(\.value.sqlite)
            binds.reserveCapacity(constants.count + cells.count)
            for cell in cells { binds.append(cell.sqlite) }
            _ = try await sqlite.query(text, binds)
            return
        }
        var insert = sql.insert(into: table).columns(columns + constants.map(\.key))
        let fixed = constants.map(\.value.expression)
        for start in stride(from: 0, to: cells.count, by: width) {
            insert = insert.values(cells[start..<(start + width)].map(\.expression) + fixed)
        }
        try await insert.run()
    }

    /// `fileDigest` on a thread of its own (not one of the few that run tasks).
    static func fileDigestAside(_ path: String) -> Task<(String, Int), any Error> {
        Task {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread { continuation.resume(with: Result { try fileDigest(path) }) }
                thread.name = "vigil-scan-digest"
                thread.start()
            }
        }
    }

    /// The file's SHA-256 and size, read in pieces into one buffer. (`FileHandle.read(upToCount:)`
    /// makes a new `Data` per piece: a megabyte of fresh pages, faulted in and zeroed each time, cost
    /// more than the hashing on a 100 MB report; docs/PERFORMANCE.md.)
    static func fileDigest(_ path: String) throws -> (String, Int) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ScanReportError(.cannotOpen) }
        defer { close(descriptor) }
        var hasher = SHA256()
        var size = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw ScanReportError(.cannotRead)
            }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            size += count
        }
        return (Secrets.hex(hasher.finalize()), size)
    }
}

/// A check's text as one import met it, with its content hash.
struct CheckText {
    let title: String
    let vector: String
    let description: String
    let solution: String
    let hash: String

    init(_ result: ScanResult, vector: String, hash: String) {
        (title, self.vector, description, solution, self.hash) = (result.title, vector, result.description, result.solution, hash)
    }

    /// The same text, byte for byte (not Unicode equivalence: the hash is of the bytes).
    func matches(_ result: ScanResult, vector: String) -> Bool {
        Self.same(title, result.title) && Self.same(self.vector, vector) && Self.same(description, result.description)
            && Self.same(solution, result.solution)
    }

    static func same(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }
}

/// Values bound the way the database stores them, past the general encoder's slow paths (a
/// UUID or an optional goes through `Encodable` there): on SQLite, a UUID as the upper-case text
/// Fluent stores (`uuidString`) and an absent value as NULL; on PostgreSQL, as they are.
struct BoundValues {
    let sqlite: Bool

    func id(_ uuid: UUID) -> any SQLExpression {
        sqlite ? SQLBind(Self.text(uuid)) : SQLBind(uuid)
    }

    func nullable<T: Encodable & Sendable>(_ value: T?) -> any SQLExpression {
        guard sqlite else { return SQLBind(value) }
        return value.map { SQLBind($0) } ?? SQLLiteral.null
    }

    /// `uuid.uuidString`, without Foundation's formatting.
    static func text(_ uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var index = 0
                for position in 0..<16 {
                    if position == 4 || position == 6 || position == 8 || position == 10 {
                        out[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    let byte = bytes[position]
                    out[index] = Self.digit(byte >> 4)
                    out[index + 1] = Self.digit(byte & 0x0F)
                    index += 2
                }
                return 36
            }
        }
    }

    private static func digit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x37 + value
    }

    /// `UUID(uuidString:)` for ids as stored (`text`, or lower-case), without Foundation's
    /// `sscanf` (once per finding read back by a re-import); other forms go to Foundation.
    static func uuid(_ text: String) -> UUID? {
        var copy = text
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = copy.withUTF8 { bytes in
            bytes.count == 36 && withUnsafeMutableBytes(of: &uuid) { out in
                var index = 0
                for position in 0..<16 {
                    if position == 4 || position == 6 || position == 8 || position == 10 {
                        guard bytes[index] == UInt8(ascii: "-") else { return false }
                        index += 1
                    }
                    guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else { return false }
                    out[position] = high << 4 | low
                    index += 2
                }
                return true
            }
        }
        return parsed ? UUID(uuid: uuid) : UUID(uuidString: text)
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x37
        case 0x61...0x66: byte - 0x57
        default: nil
        }
    }
}

/// A value of a row the import writes: bound as `SQLiteData` on SQLite, as SQLKit binds
/// elsewhere (an absent value as a bind of the optional, as before).
enum Cell: Sendable {
    case text(String)
    case integer(Int?)
    case real(Double?)
    case bool(Bool)
    case id(UUID)
    case date(Date?)
    /// A value as SQLite gave it (an id read back), or formatted once for many rows.
    case stored(SQLiteData)

    /// SQLite's form made once (a value repeated in every row of a batch).
    func bound(sqlite: Bool) -> Cell {
        sqlite ? .stored(self.sqlite) : self
    }

    var sqlite: SQLiteData {
        switch self {
        case .text(let text): .text(text)
        case .integer(let value): value.map { .integer($0) } ?? .null
        case .real(let value): value.map { .float($0) } ?? .null
        case .bool(let value): .integer(value ? 1 : 0)
        // As Fluent stores a UUID on SQLite: its `uuidString`, as text.
        case .id(let uuid): .text(BoundValues.text(uuid))
        // As SQLiteNIO stores a date: seconds since 1970.
        case .date(let date): date.map { .float($0.timeIntervalSince1970) } ?? .null
        case .stored(let data): data
        }
    }

    var expression: any SQLExpression {
        switch self {
        case .text(let text): SQLBind(text)
        case .integer(let value): SQLBind(value)
        case .real(let value): SQLBind(value)
        case .bool(let value): SQLBind(value)
        case .id(let uuid): SQLBind(uuid)
        case .date(let date): SQLBind(date)
        case .stored: preconditionFailure("SQLite values are bound on SQLite only")
        }
    }
}

/// Increasing version 7 UUIDs for one import (`TimeOrderedUUIDSequence`): its findings, sightings,
/// hosts and checks, in the order it makes them. The random steps are drawn in blocks from the
/// kernel's generator rather than one system call each.
struct TimeOrderedIDs {
    private var sequence: TimeOrderedUUIDSequence
    private var steps: [UInt8] = []
    private var offset = 0

    init(at date: Date) {
        sequence = TimeOrderedUUIDSequence(milliseconds: UUID.unixMilliseconds(date), start: UUID().uuid)
    }

    /// From the kernel's generator in one read (`SystemRandomNumberGenerator` and `SymmetricKey`
    /// make a system call per 8 bytes).
    static func randomBytes(_ count: Int) -> [UInt8] {
        if let handle = FileHandle(forReadingAtPath: "/dev/urandom") {
            defer { try? handle.close() }
            if let data = try? handle.read(upToCount: count), data.count == count { return Array(data) }
        }
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    mutating func next() -> UUID {
        if offset + 2 > steps.count {
            steps = Self.randomBytes(2 * 4096)
            offset = 0
        }
        let step = UInt16(steps[offset]) << 8 | UInt16(steps[offset + 1])
        offset += 2
        return sequence.next(step: step)
    }
}

/// Flushes the SQLite write-ahead log to disk every quarter of a second while a large import
/// writes it, from a thread of its own. SQLite flushes it once, at the commit: 50 MB of log then
/// took 0.15–0.4 s of waiting for the disk. Flushed as it grows, the disk works while the import
/// computes, and the commit's flush finds little left (docs/PERFORMANCE.md). SQLite still makes
/// the commit durable itself; this only moves the disk's work earlier.
final class WriteAheadLogFlusher: @unchecked Sendable {
    private let path: String
    private let lock = NSCondition()
    private var stopped = false

    /// On SQLite in WAL mode only (`nil` otherwise): the log's path from `PRAGMA database_list`.
    static func start(on db: any Database) async throws -> WriteAheadLogFlusher? {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return nil }
        let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
        struct Row: Decodable { let name: String; let file: String }
        guard mode?.lowercased() == "wal",
              let main = try await sql.raw("PRAGMA database_list").all(decoding: Row.self).first(where: { $0.name == "main" }),
              !main.file.isEmpty else { return nil }
        let flusher = WriteAheadLogFlusher(path: main.file + "-wal")
        let thread = Thread { flusher.run() }
        thread.name = "vigil-wal-flush"
        thread.start()
        return flusher
    }

    private init(path: String) { self.path = path }

    private func run() {
        lock.lock()
        defer { lock.unlock() }
        while !stopped {
            _ = lock.wait(until: Date().addingTimeInterval(0.25))
            if stopped { break }
            lock.unlock()
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            if descriptor >= 0 {
                _ = fdatasync(descriptor)
                close(descriptor)
            }
            lock.lock()
        }
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.broadcast()
        lock.unlock()
    }
}
