import Foundation

/// `sort=field` or `sort=-field` on a long list: one of the list's named orders (the same ones its
/// page offers, each a fixed SQL text no input reaches), ascending or, with `-`, the whole order
/// reversed. A sorted list pages by offset (`o<N>` cursors); an unknown field is a 422 naming it.
struct ListSort<Order: RawRepresentable & CaseIterable & Sendable>: Sendable where Order.RawValue == String {
    let order: Order
    let descending: Bool

    /// nil when the query has no `sort`.
    static func parse(_ raw: String?) throws -> ListSort? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        let descending = raw.hasPrefix("-")
        guard let order = Order(rawValue: descending ? String(raw.dropFirst()) : raw) else {
            let names = Order.allCases.map(\.rawValue).joined(separator: ", ")
            throw VigilError(status: .unprocessableEntity, code: "unknown_sort", messageKey: "error.unknown_sort", arguments: [String(raw.prefix(40)), names],
                             field: "sort")
        }
        return ListSort(order: order, descending: descending)
    }

    /// The order's SQL, reversed when descending.
    func sql(_ ascending: String) -> String { descending ? Self.reversed(ascending) : ascending }

    /// An ORDER BY list with every term's direction flipped (`x` → `x DESC`, `x DESC` → `x`).
    /// Terms split at top-level commas (outside parentheses and quotes). Written here because
    /// SQLKit's orderings are built from columns, and these orders are expressions.
    static func reversed(_ orderBy: String) -> String {
        var terms: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for character in orderBy {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth -= 1
            } else if character == ",", depth == 0 {
                terms.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        terms.append(current)
        return terms.map { term in
            let trimmed = term.trimmingCharacters(in: .whitespaces)
            if trimmed.uppercased().hasSuffix(" DESC") { return String(trimmed.dropLast(5)) }
            if trimmed.uppercased().hasSuffix(" ASC") { return String(trimmed.dropLast(4)) + " DESC" }
            return trimmed + " DESC"
        }.joined(separator: ", ")
    }
}
