import Foundation
import VigilCore

/// A new version of a report template as its form sends it (the incident reports' and the
/// periodic reports' templates take the same form): the body checked by the core's template
/// rules, the legal reference and the effective day; every field's problem named at once.
struct TemplateForm {
    /// The body with Windows line ends made plain.
    let body: String
    let legalReference: String
    /// yyyy-MM-dd.
    let effectiveFrom: String

    init(body raw: String, legalReference: String, effectiveFrom: String, maxBodyLength: Int,
         validate: (String) -> ReportTemplate.Problem?) throws {
        var problems = FieldProblems()
        let normalised = raw.replacingOccurrences(of: "\r\n", with: "\n")
        if let problem = validate(normalised) {
            switch problem {
            case .empty: problems.add(.invalid("body", "validation.required"))
            case .tooLong: problems.add(.invalid("body", "validation.too_long", [String(maxBodyLength)]))
            case .unknownField(let name): problems.add(.invalid("body", "report.template.error.unknown_field", [name]))
            case .tableNotAlone(let name): problems.add(.invalid("body", "report.template.error.table_alone", [name]))
            case .noTitle: problems.add(.invalid("body", "report.template.error.no_title"))
            }
        }
        let reference = try problems.check { try InputValidation.name(legalReference, field: "legalReference", maxLength: 300) }
        let day = effectiveFrom.trimmingCharacters(in: .whitespaces)
        if ISODay.parse(day) == nil { problems.add(.invalid("effectiveFrom", "validation.date")) }
        try problems.throwIfAny()
        guard let reference else { throw VigilError.internal }
        body = normalised
        self.legalReference = reference
        self.effectiveFrom = day
    }
}
