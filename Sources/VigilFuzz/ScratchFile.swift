import Foundation

/// The scanner readers take a path (reports are streamed from disk, never held in memory), so each
/// input is written to one file per process, rewritten for every input.
enum ScratchFile {
    static let path: String = {
        let directory = ProcessInfo.processInfo.environment["VIGIL_FUZZ_SCRATCH"] ?? NSTemporaryDirectory()
        return (directory as NSString).appendingPathComponent("vigil-fuzz-\(getpid())")
    }()

    /// Writes `bytes` to the scratch file and returns its path.
    static func write(_ bytes: UnsafeRawBufferPointer) throws -> String {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
