@testable import VigilScans

extension FuzzTarget {
    /// Vigil's own scan CSV, read directly (whatever its first bytes say).
    static let vigilCSV = FuzzTarget(name: "csv") { bytes in
        _ = try VigilCSVReport.read(path: ScratchFile.write(bytes)) { _ in }
    }
}
