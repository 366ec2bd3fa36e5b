import Foundation

/// `?limit=N&cursor=C` of every JSON list, validated.
public struct PageRequest: Equatable, Sendable {
    public static let defaultLimit = 50
    public static let maximumLimit = 500

    public let limit: Int
    /// The sort key of the last item of the previous page, decoded from the opaque cursor.
    public let after: String?

    public enum Problem: Error, Equatable, Sendable {
        case badLimit
        case badCursor
    }

    public init(limit: Int? = nil, cursor: String? = nil) throws(Problem) {
        let limit = limit ?? Self.defaultLimit
        guard (1...Self.maximumLimit).contains(limit) else { throw .badLimit }
        self.limit = limit
        if let cursor, !cursor.isEmpty {
            guard let key = Self.decode(cursor) else { throw .badCursor }
            self.after = key
        } else {
            self.after = nil
        }
    }

    /// A list in a chosen column order pages by position: the offset its cursor names (`o<N>`),
    /// 0 without a cursor, nil for a cursor that is not an offset.
    public var offset: Int? { Self.offset(after) }

    public static func offset(_ key: String?) -> Int? {
        guard let key else { return 0 }
        guard key.hasPrefix("o"), let number = Int(key.dropFirst()), number >= 0 else { return nil }
        return number
    }

    /// The cursor of the page that starts at `offset`, in a chosen column order.
    public static func offsetCursor(_ offset: Int) -> String { encode("o\(offset)") }

    /// Cursors are opaque to clients: base64url of the sort key, so that clients do not build them.
    public static func encode(_ key: String) -> String {
        Data(key.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ cursor: String) -> String? {
        guard cursor.count <= 512 else { return nil }
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let key = String(data: data, encoding: .utf8), !key.isEmpty
        else { return nil }
        return key
    }
}
