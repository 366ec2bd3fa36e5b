@testable import VigilScans

extension FuzzTarget {
    /// Nmap XML, read directly (whatever its first bytes say).
    static let nmap = FuzzTarget(name: "nmap") { bytes in
        _ = try NmapReport.read(path: ScratchFile.write(bytes)) { _ in }
    }
}
