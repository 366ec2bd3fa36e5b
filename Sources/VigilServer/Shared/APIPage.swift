import Vapor
import VigilCore

/// `{"items": [...], "nextCursor": "..." | null}` of every JSON list.
struct APIPage<Item: Content>: Content {
    let items: [Item]
    /// Always present: `null` on the last page.
    let nextCursor: String?

    enum CodingKeys: String, CodingKey { case items, nextCursor }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }

    /// A page whose items cost work to make (so the extra row is not made): the next page starts after `nextKey`.
    init(items: [Item], nextKey: String?) {
        self.items = items
        self.nextCursor = nextKey.map(PageRequest.encode)
    }

    /// Builds a page from `limit + 1` fetched rows: the extra row only says that more exist.
    init(rows: [Item], limit: Int, key: (Item) -> String) {
        if rows.count > limit {
            self.items = Array(rows.prefix(limit))
            self.nextCursor = items.last.map { PageRequest.encode(key($0)) }
        } else {
            self.items = rows
            self.nextCursor = nil
        }
    }
}

extension Request {
    /// Reads `?limit=N&cursor=C`, refusing bad values with a clear 400.
    func pageRequest() throws -> PageRequest {
        let limitText = query[String.self, at: "limit"]
        var limit: Int?
        if let limitText {
            guard let value = Int(limitText) else {
                throw VigilError.badRequest("bad_limit", "error.bad_limit", [String(PageRequest.maximumLimit)])
            }
            limit = value
        }
        do {
            return try PageRequest(limit: limit, cursor: query[String.self, at: "cursor"])
        } catch {
            switch error {
            case .badLimit: throw VigilError.badRequest("bad_limit", "error.bad_limit", [String(PageRequest.maximumLimit)])
            case .badCursor: throw VigilError.badRequest("bad_cursor", "error.bad_cursor")
            }
        }
    }

    /// Decodes a JSON body, turning a decoding failure into a 400 that names the problem.
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        guard let contentType = headers.contentType, contentType == .json else {
            throw VigilError(status: .unsupportedMediaType, code: "unsupported_media_type", messageKey: "error.unsupported_media_type")
        }
        do {
            return try content.decode(T.self)
        } catch let error as DecodingError {
            var field = ""
            switch error {
            case .keyNotFound(let key, let context): field = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                field = context.codingPath.map(\.stringValue).joined(separator: ".")
            @unknown default: break
            }
            // Not JSON at all: no field to name.
            guard !field.isEmpty else { throw VigilError(status: .badRequest, code: "malformed_body", messageKey: "error.malformed_json") }
            if case .keyNotFound = error {
                throw VigilError(status: .badRequest, code: "malformed_body", messageKey: "error.missing_field", arguments: [field], field: field)
            }
            throw VigilError(status: .badRequest, code: "malformed_body", messageKey: "error.malformed_field", arguments: [field], field: field)
        }
    }
}

/// A query string from filter values, sorted by name, each value percent-encoded: for the links
/// that keep a list's filters (next page, CSV export).
func formEncodedQuery(_ values: [String: String]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return values.sorted { $0.key < $1.key }.map {
        "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
    }.joined(separator: "&")
}
