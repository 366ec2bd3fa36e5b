/// One choice of a `<select>` or a checkbox list, as every view model offers it.
struct SelectOption: Encodable, Sendable {
    let value: String
    let label: String
    let selected: Bool
}
