@testable import VigilScans

extension FuzzTarget {
    /// Any report through format detection (`ScanReader`), as an upload is read.
    static let scan = FuzzTarget(name: "scan") { bytes in
        _ = try ScanReader.read(path: ScratchFile.write(bytes)) { _ in }
    }
}
