/// One parser under fuzzing: a name (`VIGIL_FUZZ_TARGET`, the corpus and seed folders) and what to
/// do with one input. `run` must return for every input; a crash, a sanitizer report or an input
/// that takes longer than the harness's timeout is a finding. Errors thrown for malformed input are
/// expected and ignored.
struct FuzzTarget: Sendable {
    let name: String
    let run: @Sendable (UnsafeRawBufferPointer) throws -> Void
}

extension FuzzTarget {
    /// Every target. Adding one is a file in `Targets/` declaring a `static let` on `FuzzTarget`,
    /// and its name here.
    static let all: [FuzzTarget] = [
        .scan, .openvas, .nessus, .nmap, .trivy, .vigilCSV,
        .checkIn, .indicators, .advisoryJSON, .advisoryCSV, .page,
    ]
}
