import Foundation

/// What a contact is to the agency: the named focal point and deputy of the directive, a leader,
/// a member of the response team, or someone outside (a body, a supplier's person).
public enum ContactRole: String, CaseIterable, Codable, Sendable {
    case focalPoint = "focal_point"
    case deputyFocalPoint = "deputy_focal_point"
    case leader
    case responseTeam = "response_team"
    case external

    /// An agency names one of each: a second is refused until the first is changed or removed.
    public var isSingular: Bool { self == .focalPoint || self == .deputyFocalPoint }
}

/// When a contact answers: at any hour (what the directive asks of the focal point), or in office hours.
public enum ContactAvailability: String, CaseIterable, Codable, Sendable {
    case always = "24x7"
    case officeHours = "office_hours"
}

/// The outside bodies an agency keeps in its directory (GLOSSARY.md's words).
public enum ExternalBodyKind: String, CaseIterable, Codable, Sendable {
    /// The provincial department that coordinates (Sở; the coordinator's organisation).
    case provincialDepartment = "provincial_department"
    case provincialPolice = "provincial_police"
    /// VNCERT/CC.
    case nationalCoordinator = "national_coordinator"
    /// The specialised incident-response unit.
    case specialisedUnit = "specialised_unit"
    case supplier
    case other
}

/// A contact's fields as a form or the API sends them, before checking. Nil means "not sent":
/// on a change the stored value stays; an empty string clears an optional field.
public struct ContactDraft: Sendable, Equatable {
    public var name: String?
    public var role: String?
    public var position: String?
    public var phone: String?
    public var otherPhones: [String]?
    public var email: String?
    public var availability: String?
    public var languages: [String]?
    public var bodyKind: String?

    public init(name: String? = nil, role: String? = nil, position: String? = nil, phone: String? = nil, otherPhones: [String]? = nil,
                email: String? = nil, availability: String? = nil, languages: [String]? = nil, bodyKind: String? = nil) {
        self.name = name
        self.role = role
        self.position = position
        self.phone = phone
        self.otherPhones = otherPhones
        self.email = email
        self.availability = availability
        self.languages = languages
        self.bodyKind = bodyKind
    }
}

/// A contact's checked details.
public struct ContactDetails: Sendable, Equatable {
    public var name: String
    public var role: ContactRole
    public var position: String?
    public var phone: PhoneNumber?
    public var otherPhones: [PhoneNumber]
    public var email: MailAddress?
    public var availability: ContactAvailability
    public var languages: [String]
    public var bodyKind: ExternalBodyKind?

    public init(name: String, role: ContactRole, position: String? = nil, phone: PhoneNumber? = nil, otherPhones: [PhoneNumber] = [],
                email: MailAddress? = nil, availability: ContactAvailability = .officeHours, languages: [String] = ["vi"],
                bodyKind: ExternalBodyKind? = nil) {
        self.name = name
        self.role = role
        self.position = position
        self.phone = phone
        self.otherPhones = otherPhones
        self.email = email
        self.availability = availability
        self.languages = languages
        self.bodyKind = bodyKind
    }

    /// One problem with one field: the field's name in the API and a stable code.
    public struct Problem: Error, Equatable, Sendable {
        public let field: String
        public let code: String
        public init(_ field: String, _ code: String) {
            self.field = field
            self.code = code
        }
    }

    /// Every problem of one draft.
    public struct Problems: Error, Equatable, Sendable {
        public let all: [Problem]
    }

    /// Applies `draft` over `current` (nil for a new contact) and checks the result, naming every
    /// field that is wrong: a contact needs a name, a role, and a phone or an e-mail; each number
    /// and address must parse.
    public static func validated(_ draft: ContactDraft, over current: ContactDetails?) -> Result<ContactDetails, Problems> {
        var problems: [Problem] = []
        func text(_ raw: String?, _ field: String, max: Int) -> String? {
            let value = raw?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if value.count > max { problems.append(Problem(field, "too_long")) }
            if value.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) { problems.append(Problem(field, "control_characters")) }
            return value.isEmpty ? nil : value
        }
        var name = current?.name
        if current == nil || draft.name != nil {
            name = text(draft.name, "name", max: 200)
            if name == nil { problems.append(Problem("name", "required")) }
        }
        var role = current?.role
        if let raw = draft.role {
            role = ContactRole(rawValue: raw)
            if role == nil { problems.append(Problem("role", raw.isEmpty ? "required" : "unknown")) }
        } else if current == nil {
            problems.append(Problem("role", "required"))
        }
        var position = current?.position
        if draft.position != nil { position = text(draft.position, "position", max: 200) }
        var phone = current?.phone
        if let raw = draft.phone {
            phone = nil
            if !raw.trimmingCharacters(in: .whitespaces).isEmpty {
                do { phone = try PhoneNumber(raw) } catch { problems.append(Problem("phone", Self.code(error))) }
            }
        }
        var otherPhones = current?.otherPhones ?? []
        if let raw = draft.otherPhones {
            otherPhones = []
            let filled = raw.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            if filled.count > 5 { problems.append(Problem("otherPhones", "too_many")) }
            for number in filled.prefix(5) {
                do { otherPhones.append(try PhoneNumber(number)) } catch { problems.append(Problem("otherPhones", Self.code(error))); break }
            }
        }
        var email = current?.email
        if let raw = draft.email {
            email = nil
            if !raw.trimmingCharacters(in: .whitespaces).isEmpty {
                do { email = try MailAddress(raw) } catch { problems.append(Problem("email", Self.code(error))) }
            }
        }
        var availability = current?.availability ?? .officeHours
        if let raw = draft.availability, !raw.isEmpty {
            if let value = ContactAvailability(rawValue: raw) { availability = value } else { problems.append(Problem("availability", "unknown")) }
        }
        var languages = current?.languages ?? ["vi"]
        if let raw = draft.languages {
            let codes = raw.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            if codes.count > 5 || codes.contains(where: { !(2...3).contains($0.count) || !$0.allSatisfy { $0.isASCII && $0.isLetter } }) {
                problems.append(Problem("languages", "language"))
            } else {
                languages = codes.isEmpty ? ["vi"] : codes.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
            }
        }
        var bodyKind = current?.bodyKind
        if let raw = draft.bodyKind {
            bodyKind = raw.isEmpty ? nil : ExternalBodyKind(rawValue: raw)
            if !raw.isEmpty && bodyKind == nil { problems.append(Problem("bodyKind", "unknown")) }
        }
        if let role, role != .external, bodyKind != nil, draft.bodyKind?.isEmpty == false { problems.append(Problem("bodyKind", "external_only")) }
        if role != nil && role != .external { bodyKind = nil } else if role == .external && bodyKind == nil { bodyKind = .other }
        // A way to reach them: the field named is the one a person fills in first.
        let phoneOrEmailFailed = problems.contains { $0.field == "phone" || $0.field == "email" }
        if phone == nil && email == nil && !phoneOrEmailFailed { problems.append(Problem("phone", "phone_or_email")) }
        guard problems.isEmpty, let name, let role else { return .failure(Problems(all: problems)) }
        return .success(ContactDetails(name: name, role: role, position: position, phone: phone, otherPhones: otherPhones, email: email,
                                       availability: availability, languages: languages, bodyKind: bodyKind))
    }

    /// A stable code for a number or an address that does not parse.
    static func code(_ error: any Error) -> String {
        switch error {
        case PhoneNumber.Problem.badCharacters: "phone_characters"
        case PhoneNumber.Problem.wrongLength: "phone_length"
        case PhoneNumber.Problem.unknownPrefix: "phone_prefix"
        case is PhoneNumber.Problem: "phone"
        case MailAddress.Problem.notASCII: "email_not_ascii"
        default: "email"
        }
    }
}
