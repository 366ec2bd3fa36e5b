@testable import VigilScans

extension FuzzTarget {
    /// Trivy JSON, read directly (whatever its first bytes say).
    static let trivy = FuzzTarget(name: "trivy") { bytes in
        _ = try TrivyReport.read(path: ScratchFile.write(bytes)) { _ in }
    }
}
