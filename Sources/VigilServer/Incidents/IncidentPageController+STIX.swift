import Vapor
import VigilCore

/// The incident page's import of a STIX 2.1 bundle (a file picked in the indicators card): the
/// same reading as the API's (`IndicatorExchangeController`), a refused bundle shown beside the
/// form with every bad object's reason, nothing stored.
extension IncidentPageController {
    struct STIXUploadForm: Content {
        var file: File?
    }

    /// At most this many reasons are listed under the form; the rest are counted.
    static let shownSTIXProblems = 10

    @Sendable func importSTIX(req: Request) async throws -> Response {
        let user = try req.currentUser
        let incident = try await repository.load(req)
        let refuse: (String) async throws -> Response = { message in
            var form = FormState()
            form.errors["stix"] = message
            return try await showPage(req, incident: incident, form: form, status: .unprocessableEntity)
        }
        guard req.headers.contentType?.type == "multipart",
              let file = try? req.content.decode(STIXUploadForm.self).file, file.data.readableBytes > 0
        else { return try await refuse(req.t("stix.choose_file", [])) }
        let result: StixBundleReader.Result
        do {
            result = try StixBundleReader.read(Data(buffer: file.data))
        } catch {
            var messages = error.problems.prefix(Self.shownSTIXProblems).map { problem in
                let refusal = IndicatorExchangeController.error(problem)
                return req.t(refusal.messageKey, refusal.arguments)
            }
            if error.problems.count > Self.shownSTIXProblems {
                messages.append(req.t("stix.more_problems", [String(error.problems.count - Self.shownSTIXProblems)]))
            }
            return try await refuse(req.t("stix.refused", []) + " " + messages.joined(separator: " · "))
        }
        let added = try await service.addIndicators(incident, result.indicators, by: user, address: req.clientAddress, on: req.db,
                                                    action: "incident.import_stix")
        return req.redirect(to: IncidentsPath.show(.value(try incident.requireID()))
            .link(notice: added.isEmpty ? "stix_nothing_new" : "stix_imported", fragment: "indicators"))
    }
}
