import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An advisory lock on `<data>/vigil.lock`: every `vigil serve` holds it shared, and
/// `vigil restore` needs it exclusive, so a restore can never replace a database in use.
/// The kernel drops the lock when a process dies, so no stale lock is ever left behind.
public final class DataFolderLock: @unchecked Sendable {
    private let descriptor: Int32

    public enum Mode { case shared, exclusive }

    public struct Busy: Error, CustomStringConvertible {
        public var description: String { "a Vigil server is using this data folder; stop it first" }
    }

    public init(dataDirectory: URL, mode: Mode) throws {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let path = dataDirectory.appendingPathComponent("vigil.lock").path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        if flock(descriptor, (mode == .shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0 {
            close(descriptor)
            throw Busy()
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
