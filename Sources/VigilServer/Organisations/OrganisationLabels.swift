import Foundation

/// Names organisations by their place in the tree ("Sở Xây dựng › Văn phòng Sở"), so that the many
/// units with the same name ("Văn phòng Sở") can be told apart in a drop-down.
struct OrganisationLabels {
    struct Option {
        let id: String
        let label: String
    }

    let options: [Option]

    /// - Parameter records: organisations ordered by path, as the repository lists them.
    init(_ records: [OrganisationRecord]) {
        var nameByID: [String: String] = [:]
        for record in records { nameByID[record.id?.uuidString.lowercased() ?? ""] = record.name }
        options = records.map { record in
            let ancestry = record.path.split(separator: "/").map(String.init).compactMap { nameByID[$0] }
            return Option(id: record.id?.uuidString.lowercased() ?? "", label: ancestry.suffix(3).joined(separator: " › "))
        }
    }
}
