import Vapor

/// Pages of a list read whole (information systems, suppliers: hundreds at most in a province):
/// `?page=N`, a hundred rows a page, the links keeping the list's other query values (its sort).
/// Long lists that grow without bound (incidents, findings, hosts) page by cursor in the database.
struct ListPaging: Encodable, Sendable {
    static let size = 100

    let page: Int
    let pages: Int
    let previous: String?
    let next: String?
    var show: Bool { pages > 1 }

    enum CodingKeys: String, CodingKey { case page, pages, previous, next, show }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(page, forKey: .page)
        try container.encode(pages, forKey: .pages)
        try container.encodeIfPresent(previous, forKey: .previous)
        try container.encodeIfPresent(next, forKey: .next)
        try container.encode(show, forKey: .show)
    }

    init(count: Int, request: Request, path: String, keep: [String] = ["sort"]) {
        pages = max(1, (count + Self.size - 1) / Self.size)
        page = min(max(1, request.query[Int.self, at: "page"] ?? 1), pages)
        var values: [String: String] = [:]
        for key in keep { if let value = request.query[String.self, at: key], !value.isEmpty { values[key] = String(value.prefix(40)) } }
        func link(_ number: Int) -> String {
            var query = values
            if number > 1 { query["page"] = String(number) }
            let text = formEncodedQuery(query)
            return text.isEmpty ? path : path + "?" + text
        }
        previous = page > 1 ? link(page - 1) : nil
        next = page < pages ? link(page + 1) : nil
    }

    func slice<Row>(_ rows: [Row]) -> [Row] {
        Array(rows.dropFirst((page - 1) * Self.size).prefix(Self.size))
    }
}
