import Foundation

/// The target chosen by `VIGIL_FUZZ_TARGET`, set once by `LLVMFuzzerInitialize`.
nonisolated(unsafe) private var selected: FuzzTarget?

/// libFuzzer's start-up hook. `VIGIL_FUZZ_TARGET=list` prints the target names (for scripts/fuzz.sh)
/// and exits; an unknown or missing name exits with status 2 rather than fuzzing nothing.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>?, _ argv: UnsafeMutableRawPointer?) -> Int32 {
    let name = ProcessInfo.processInfo.environment["VIGIL_FUZZ_TARGET"] ?? ""
    if name == "list" {
        print(FuzzTarget.all.map(\.name).joined(separator: "\n"))
        exit(0)
    }
    guard let target = FuzzTarget.all.first(where: { $0.name == name }) else {
        FileHandle.standardError.write(Data("VIGIL_FUZZ_TARGET must be one of: \(FuzzTarget.all.map(\.name).joined(separator: ", "))\n".utf8))
        exit(2)
    }
    selected = target
    return 0
}

/// libFuzzer's per-input entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let target = selected else { return 0 }
    try? target.run(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    return 0
}
