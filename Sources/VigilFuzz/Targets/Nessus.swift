@testable import VigilScans

extension FuzzTarget {
    /// Nessus (.nessus) XML, read directly (whatever its first bytes say).
    static let nessus = FuzzTarget(name: "nessus") { bytes in
        _ = try NessusReport.read(path: ScratchFile.write(bytes)) { _ in }
    }
}
