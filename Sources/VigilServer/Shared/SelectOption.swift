/// One choice of a `<select>` or a checkbox list, as every view model offers it.
struct SelectOption: Encodable, Sendable {
    let value: String
    let label: String
    let selected: Bool
    /// A line under the choice saying what it means (a role's powers).
    var hint: String? = nil
}

extension Optional {
    /// `map` for an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
