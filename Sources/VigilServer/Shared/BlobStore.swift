import Crypto
import Foundation
import NIOPosix
import VigilCore

/// Files kept by their SHA-256 under `<blob folder>/ab/cd/<digest>` (`<data folder>/blobs`, or `VIGIL_BLOB_DIR`): evidence and issued
/// reports. The same bytes are stored once; a file is written beside its place and renamed into it,
/// so a reader never sees half a file. Reading re-computes the digest, so an altered file is caught
/// before anyone receives it.
struct BlobStore: Sendable {
    let root: URL
    let threadPool: NIOThreadPool

    enum Failure: Error, Equatable {
        case missing
        case altered(expected: String, found: String)
    }

    static func digest(of data: Data) -> String {
        Secrets.hex(SHA256.hash(data: data))
    }

    func location(of digest: String) -> URL { Self.location(of: digest, in: root) }

    static func location(of digest: String, in root: URL) -> URL {
        let chars = Array(digest)
        return root.appendingPathComponent(String(chars[0..<2]))
            .appendingPathComponent(String(chars[2..<4]))
            .appendingPathComponent(digest)
    }

    /// Stores the bytes and answers their digest. File work runs on the thread pool, off the event loops.
    func put(_ data: Data) async throws -> String {
        let digest = Self.digest(of: data)
        let target = location(of: digest)
        try await threadPool.runIfActive {
            let files = FileManager.default
            if files.fileExists(atPath: target.path),
               let existing = try? Data(contentsOf: target), Self.digest(of: existing) == digest {
                return
            }
            try files.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: target, options: [.atomic])
            // Read-only, as a reminder to people with shell access; the digest check is the real guard.
            try? files.setAttributes([.posixPermissions: 0o444], ofItemAtPath: target.path)
        }
        return digest
    }

    /// The bytes stored under the digest, after checking that they still have it.
    func get(_ digest: String) async throws -> Data {
        let target = location(of: digest)
        return try await threadPool.runIfActive {
            guard let data = try? Data(contentsOf: target) else { throw Failure.missing }
            let found = Self.digest(of: data)
            guard found == digest else { throw Failure.altered(expected: digest, found: found) }
            return data
        }
    }
}
