import Vapor
import VigilCore

/// Contacts and focal-point problems in the words of the reader's language, for the pages.
struct ContactPresenter {
    let req: Request

    func phones(_ contact: ContactRecord) -> String {
        contact.nationalPhones.joined(separator: ", ")
    }

    func confirmed(_ contact: ContactRecord) -> String {
        contact.confirmedAt.map { req.formDateTime($0) } ?? req.t("contact.never_confirmed")
    }

    func row(_ contact: ContactRecord) -> ContactPages.Row {
        let id = contact.id ?? UUID()
        return ContactPages.Row(
            id: id.uuidString.lowercased(), name: contact.name, role: role(contact), position: contact.position ?? "", phones: phones(contact),
            email: contact.email ?? "", availability: req.t("contact.availability.\(contact.availability)"), confirmed: confirmed(contact),
            link: ContactsPath.contact(.value(id)).path)
    }

    func role(_ contact: ContactRecord) -> String {
        let role = req.t("contact.role.\(contact.role)")
        guard let kind = contact.bodyKind else { return role }
        return role + " · " + req.t("contact.body_kind.\(kind)")
    }

    func person(_ contact: ContactRecord?) -> ContactPages.Person? {
        guard let contact else { return nil }
        return ContactPages.Person(id: contact.id?.uuidString.lowercased() ?? "", name: contact.name, phones: phones(contact), email: contact.email ?? "",
                                   availability: req.t("contact.availability.\(contact.availability)"), confirmed: confirmed(contact),
                                   checkSent: contact.checkSentAt.map { req.formDateTime($0) } ?? "")
    }

    func problems(_ problems: [FocalPointProblem]) -> [String] {
        problems.map { req.t("contact.problem.\($0.rawValue)") }
    }

    func panel(_ status: ContactRepository.FocalPointStatus) -> ContactPages.Panel {
        ContactPages.Panel(focalPoint: person(status.focalPoint), deputy: person(status.deputy), problems: problems(status.problems),
                           hasProblems: !status.problems.isEmpty)
    }

    /// The organisations of a select, the chosen one marked.
    static func options(_ organisations: [OrganisationRecord], chosen: UUID) -> [SelectOption] {
        let labels = OrganisationLabels(organisations).options
        return labels.map { SelectOption(value: $0.id, label: $0.label, selected: $0.id == chosen.uuidString.lowercased()) }
    }
}
