@testable import VigilScans

extension FuzzTarget {
    /// Greenbone/OpenVAS XML, read directly (whatever its first bytes say).
    static let openvas = FuzzTarget(name: "openvas") { bytes in
        _ = try OpenVASReport.read(path: ScratchFile.write(bytes)) { _ in }
    }
}
