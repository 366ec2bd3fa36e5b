import Leaf
import LeafKit

/// `#t("key")` or `#t("key", arg0, arg1…)` in templates: text from the localization tables in
/// the request's language. The text is HTML-escaped by Leaf like any other value.
struct TranslateTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let key = ctx.parameters.first?.string else {
            throw LeafError(.unknownError("#t() needs a key"))
        }
        guard let request = ctx.request else { return .string(key) }
        let arguments = ctx.parameters.dropFirst().map { $0.string ?? "" }
        return .string(request.application.localizer.text(key, request.language, Array(arguments)))
    }
}
