import Foundation
import VigilCore

extension FuzzTarget {
    /// An advisory file in JSON, read into drafts and each draft validated (versions included), as an
    /// import does before it stores anything.
    static let advisoryJSON = FuzzTarget(name: "advisory-json") { bytes in
        for draft in try AdvisoryFile.drafts(json: Data(bytes)) { _ = draft.validated() }
    }
}
