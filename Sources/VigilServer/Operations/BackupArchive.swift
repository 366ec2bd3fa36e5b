import Crypto
import Foundation
import VigilCore
import ZIPFoundation

/// A Vigil backup: one ZIP file holding the database (an SQLite snapshot or a `pg_dump` custom-format
/// dump), every file the database refers to under `blobs/<sha256>`, and `manifest.json` saying what
/// each entry must hash to. A restore checks every byte against the manifest before it replaces
/// anything.
struct BackupManifest: Codable, Equatable {
    static let format = "vigil-backup"
    static let version = 1
    static let entry = "manifest.json"

    enum DatabaseKind: String, Codable { case sqlite, postgresql }

    struct Blob: Codable, Equatable {
        var sha256: String
        var size: Int64
    }

    var format = Self.format
    var version = Self.version
    var createdAt: Date
    var database: DatabaseKind
    /// The database entry's name and digest.
    var databaseEntry: String
    var databaseSHA256: String
    var blobs: [Blob]
    /// Files the database refers to that were missing or altered in the blob store when the backup
    /// was taken (only with `--skip-damaged`): a restore reports them.
    var damaged: [String] = []

    static func blobEntry(_ digest: String) -> String { "blobs/" + digest }

    /// A SHA-256 in lowercase hex: the only names a blob entry may have, so that no entry can name a
    /// path outside the staging folder.
    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

enum BackupArchive {
    typealias Failure = BackupOperations.Failure
    static let chunk = 1 << 20

    /// Writes the archive: the database file, then each blob read from the store and hashed as it
    /// is copied. A blob that is missing or no longer has its digest fails the backup, unless
    /// `skipDamaged`, which lists it in the manifest instead.
    static func write(to target: URL, kind: BackupManifest.DatabaseKind, database: URL, databaseEntry: String,
                      digests: [String], blobRoot: URL, skipDamaged: Bool) throws -> BackupManifest {
        let archive: Archive
        do { archive = try Archive(url: target, accessMode: .create) } catch {
            throw Failure(description: "cannot create \(target.path): \(error)")
        }
        let databaseDigest = try addFile(database, as: databaseEntry, to: archive, compress: true)
        var manifest = BackupManifest(createdAt: Date(), database: kind, databaseEntry: databaseEntry, databaseSHA256: databaseDigest.digest,
                                      blobs: [])
        for digest in digests.sorted() {
            let location = BlobStore.location(of: digest, in: blobRoot)
            guard FileManager.default.fileExists(atPath: location.path) else {
                guard skipDamaged else { throw Failure(description: "the stored file \(digest) is missing from \(blobRoot.path); run again with --skip-damaged to back up the rest") }
                manifest.damaged.append(digest)
                continue
            }
            let added = try addFile(location, as: BackupManifest.blobEntry(digest), to: archive, compress: false)
            guard added.digest == digest else {
                guard skipDamaged else { throw Failure(description: "the stored file \(digest) has been altered (its content hashes to \(added.digest)); run again with --skip-damaged to back up the rest") }
                if let entry = archive[BackupManifest.blobEntry(digest)] { try archive.remove(entry) }
                manifest.damaged.append(digest)
                continue
            }
            manifest.blobs.append(.init(sha256: digest, size: added.size))
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(manifest)
        try archive.addEntry(with: BackupManifest.entry, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
        return manifest
    }

    /// Adds a file entry, streaming it, and answers the SHA-256 of what was added.
    private static func addFile(_ file: URL, as path: String, to archive: Archive, compress: Bool) throws -> (digest: String, size: Int64) {
        guard let handle = FileHandle(forReadingAtPath: file.path) else { throw Failure(description: "cannot read \(file.path)") }
        defer { try? handle.close() }
        let size = Int64((try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0)
        var hasher = SHA256()
        try archive.addEntry(with: path, type: .file, uncompressedSize: size, compressionMethod: compress ? .deflate : .none,
                             bufferSize: chunk) { position, length in
            try handle.seek(toOffset: UInt64(position))
            let data = try handle.read(upToCount: length) ?? Data()
            hasher.update(data: data)
            return data
        }
        return (Secrets.hex(hasher.finalize()), size)
    }

    /// Opens a backup and reads its manifest; anything else is refused with the reason.
    static func open(_ file: URL) throws -> (Archive, BackupManifest) {
        let archive: Archive
        do { archive = try Archive(url: file, accessMode: .read) } catch {
            throw Failure(description: "\(file.path) is not a Vigil backup (not a ZIP archive)")
        }
        guard let entry = archive[BackupManifest.entry], entry.type == .file, entry.uncompressedSize < 64 << 20 else {
            throw Failure(description: "\(file.path) is not a Vigil backup (no manifest.json)")
        }
        var data = Data()
        do { _ = try archive.extract(entry) { data.append($0) } } catch {
            throw Failure(description: "the backup's manifest cannot be read: \(error)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let manifest = try? decoder.decode(BackupManifest.self, from: data), manifest.format == BackupManifest.format else {
            throw Failure(description: "\(file.path) is not a Vigil backup (its manifest is not one)")
        }
        guard manifest.version <= BackupManifest.version else {
            throw Failure(description: "the backup was written by a newer Vigil (format \(manifest.version)); restore it with that version")
        }
        guard [BackupManifest.DatabaseKind.sqlite: "vigil.sqlite", .postgresql: "postgres.dump"][manifest.database] == manifest.databaseEntry,
              manifest.blobs.allSatisfy({ BackupManifest.isDigest($0.sha256) }), manifest.damaged.allSatisfy(BackupManifest.isDigest) else {
            throw Failure(description: "the backup's manifest names entries a Vigil backup does not have")
        }
        let expected = Set([BackupManifest.entry, manifest.databaseEntry] + manifest.blobs.map { BackupManifest.blobEntry($0.sha256) })
        for entry in archive where !expected.contains(entry.path) {
            throw Failure(description: "the backup holds an entry its manifest does not list: \(entry.path.prefix(200))")
        }
        return (archive, manifest)
    }

    /// Extracts one entry to a file, checking its size and digest as it streams.
    static func extract(_ path: String, from archive: Archive, to target: URL, sha256: String, size: Int64? = nil) throws {
        guard let entry = archive[path], entry.type == .file else { throw Failure(description: "the backup lacks \(path)") }
        if let size, Int64(entry.uncompressedSize) != size { throw Failure(description: "\(path) in the backup has the wrong size") }
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: target.path, contents: nil), let handle = FileHandle(forWritingAtPath: target.path) else {
            throw Failure(description: "cannot write \(target.path)")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            _ = try archive.extract(entry, bufferSize: chunk) { data in
                hasher.update(data: data)
                try handle.write(contentsOf: data)
            }
        } catch {
            throw Failure(description: "\(path) in the backup is damaged: \(error)")
        }
        let found = Secrets.hex(hasher.finalize())
        guard found == sha256 else { throw Failure(description: "\(path) in the backup is damaged: its content hashes to \(found), the manifest says \(sha256)") }
    }
}
