import Crypto
import Foundation

/// A message from one Vigil installation to another (an agency's to its coordinator's, and the
/// coordinator's acknowledgement back): a JSON envelope, signed as the raw bytes sent
/// (`FederationKeys.sign`), so that both sides keep exactly what was signed. docs/FEDERATION.md
/// is the wire contract.
public struct FederationMessage: Codable, Equatable, Sendable {
    public static let version = 1

    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// The incident as it stands: the notification of an incident upward.
        case notification = "incident.notification"
        /// An official report issued for the incident, with its DOCX.
        case report = "incident.report"
        /// The receiving side's person confirms a message was received and read.
        case acknowledgement
    }

    public var version: Int
    public var id: UUID
    public var type: Kind
    /// The sending and receiving installations.
    public var from: UUID
    public var to: UUID
    public var sentAt: Date
    public var incident: IncidentSummary?
    public var report: ReportDocument?
    public var acknowledgement: Acknowledgement?

    public init(id: UUID, type: Kind, from: UUID, to: UUID, sentAt: Date, incident: IncidentSummary? = nil, report: ReportDocument? = nil,
                acknowledgement: Acknowledgement? = nil) {
        version = Self.version
        self.id = id
        self.type = type
        self.from = from
        self.to = to
        self.sentAt = sentAt
        self.incident = incident
        self.report = report
        self.acknowledgement = acknowledgement
    }

    /// The incident as the sending installation holds it when the message is made.
    public struct IncidentSummary: Codable, Equatable, Sendable {
        public var id: UUID
        public var reference: String
        public var title: String
        public var organisation: String
        public var description: String
        public var status: String
        public var causeGroup: String?
        public var scenario: String?
        public var severity: String?
        public var serious: Bool
        public var systemName: String?
        public var discoveredAt: Date
        public var occurredAt: Date?
        public var notifiedAt: Date?
        public var closedAt: Date?
        /// Who sent it, and how to reach the agency's focal point.
        public var sentBy: String
        public var contact: String?

        public init(id: UUID, reference: String, title: String, organisation: String, description: String, status: String, causeGroup: String?,
                    scenario: String?, severity: String?, serious: Bool, systemName: String?, discoveredAt: Date, occurredAt: Date?,
                    notifiedAt: Date?, closedAt: Date?, sentBy: String, contact: String?) {
            self.id = id
            self.reference = reference
            self.title = title
            self.organisation = organisation
            self.description = description
            self.status = status
            self.causeGroup = causeGroup
            self.scenario = scenario
            self.severity = severity
            self.serious = serious
            self.systemName = systemName
            self.discoveredAt = discoveredAt
            self.occurredAt = occurredAt
            self.notifiedAt = notifiedAt
            self.closedAt = closedAt
            self.sentBy = sentBy
            self.contact = contact
        }
    }

    /// An issued official report: its record and the DOCX itself (base64).
    public struct ReportDocument: Codable, Equatable, Sendable {
        public var id: UUID
        public var kind: String
        public var title: String
        public var issuedAt: Date
        public var issuedBy: String
        public var recipients: String
        public var sha256: String
        public var document: String

        public init(id: UUID, kind: String, title: String, issuedAt: Date, issuedBy: String, recipients: String, sha256: String, document: Data) {
            self.id = id
            self.kind = kind
            self.title = title
            self.issuedAt = issuedAt
            self.issuedBy = issuedBy
            self.recipients = recipients
            self.sha256 = sha256
            self.document = document.base64EncodedString()
        }
    }

    public struct Acknowledgement: Codable, Equatable, Sendable {
        /// The acknowledged message's id.
        public var messageId: UUID
        public var acknowledgedAt: Date
        public var acknowledgedBy: String
        public var note: String?

        public init(messageId: UUID, acknowledgedAt: Date, acknowledgedBy: String, note: String?) {
            self.messageId = messageId
            self.acknowledgedAt = acknowledgedAt
            self.acknowledgedBy = acknowledgedBy
            self.note = note
        }
    }

    /// Why a received message is refused; the code goes in the answer and the refusals' log.
    public enum Problem: Error, Equatable, Sendable {
        case unreadable(String)
        case unsupportedVersion
        case missingPart(String)
        case tooLong(String)
        case badDocument
        case reportTooLarge

        public var code: String {
            switch self {
            case .unreadable: "unreadable"
            case .unsupportedVersion: "unsupported_version"
            case .missingPart: "missing_part"
            case .tooLong: "too_long"
            case .badDocument: "bad_document"
            case .reportTooLarge: "report_too_large"
            }
        }

        /// The field or part concerned, for the log.
        public var detail: String {
            switch self {
            case .unreadable(let detail), .missingPart(let detail), .tooLong(let detail): detail
            case .unsupportedVersion, .badDocument, .reportTooLarge: ""
            }
        }
    }

    /// A report's DOCX may be this large (before base64); a message, a little over 4/3 of it.
    public static let maxDocumentBytes = 8 << 20
    public static let maxMessageBytes = maxDocumentBytes / 3 * 4 + (256 << 10)

    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            try container.encode(formatter.string(from: date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public func encoded() throws -> Data { try Self.encoder().encode(self) }

    /// Reads and checks a received body: every part its kind needs, text lengths bounded, the
    /// report's document base64 of a DOCX (a zip) whose SHA-256 is the one named.
    public static func decode(_ body: Data) throws(Problem) -> FederationMessage {
        guard body.count <= maxMessageBytes else { throw .reportTooLarge }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = ISO8601.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 date-time"))
            }
            return date
        }
        let message: FederationMessage
        do {
            message = try decoder.decode(FederationMessage.self, from: body)
        } catch let DecodingError.keyNotFound(key, _) {
            throw .missingPart(key.stringValue)
        } catch let DecodingError.valueNotFound(_, context), let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
            throw .unreadable(context.codingPath.map(\.stringValue).joined(separator: "."))
        } catch {
            throw .unreadable("")
        }
        try message.check()
        return message
    }

    /// The checks `decode` makes past the JSON's shape.
    public func check() throws(Problem) {
        guard version == Self.version else { throw .unsupportedVersion }
        switch type {
        case .notification:
            guard let incident else { throw .missingPart("incident") }
            try incident.check()
        case .report:
            guard let incident else { throw .missingPart("incident") }
            guard let report else { throw .missingPart("report") }
            try incident.check()
            try report.check()
        case .acknowledgement:
            guard let acknowledgement else { throw .missingPart("acknowledgement") }
            try Self.bounded(acknowledgement.acknowledgedBy, "acknowledgement.acknowledgedBy", 200, required: true)
            try Self.bounded(acknowledgement.note, "acknowledgement.note", 2_000)
        }
    }

    static func bounded(_ text: String?, _ field: String, _ limit: Int, required: Bool = false) throws(Problem) {
        guard let text else {
            if required { throw .missingPart(field) }
            return
        }
        if required && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .missingPart(field) }
        if text.count > limit { throw .tooLong(field) }
        // No control characters other than line breaks and tabs.
        if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" }) { throw .unreadable(field) }
    }
}

extension FederationMessage.IncidentSummary {
    func check() throws(FederationMessage.Problem) {
        try FederationMessage.bounded(reference, "incident.reference", 60, required: true)
        try FederationMessage.bounded(title, "incident.title", 300, required: true)
        try FederationMessage.bounded(organisation, "incident.organisation", 300, required: true)
        try FederationMessage.bounded(description, "incident.description", 20_000)
        try FederationMessage.bounded(status, "incident.status", 40, required: true)
        try FederationMessage.bounded(causeGroup, "incident.causeGroup", 60)
        try FederationMessage.bounded(scenario, "incident.scenario", 60)
        try FederationMessage.bounded(severity, "incident.severity", 40)
        try FederationMessage.bounded(systemName, "incident.systemName", 300)
        try FederationMessage.bounded(sentBy, "incident.sentBy", 200, required: true)
        try FederationMessage.bounded(contact, "incident.contact", 500)
    }
}

extension FederationMessage.ReportDocument {
    /// The DOCX's bytes, checked against the digest the message names.
    public func documentData() throws(FederationMessage.Problem) -> Data {
        guard let data = Data(base64Encoded: document), data.count <= FederationMessage.maxDocumentBytes else { throw .badDocument }
        // A DOCX is a zip: it starts with a local file header.
        guard data.starts(with: [0x50, 0x4b, 0x03, 0x04]), Secrets.hex(SHA256.hash(data: data)) == sha256.lowercased() else { throw .badDocument }
        return data
    }

    func check() throws(FederationMessage.Problem) {
        try FederationMessage.bounded(kind, "report.kind", 40, required: true)
        guard ReportKind(rawValue: kind) != nil else { throw .unreadable("report.kind") }
        try FederationMessage.bounded(title, "report.title", 300, required: true)
        try FederationMessage.bounded(issuedBy, "report.issuedBy", 200, required: true)
        try FederationMessage.bounded(recipients, "report.recipients", 1_000, required: true)
        _ = try documentData()
    }
}

/// The receiving installation's answer to a message it kept: signed by it in turn, so the sender
/// can show that this installation, and no one between, received it.
public struct FederationReceipt: Codable, Equatable, Sendable {
    public var id: UUID
    public var receivedAt: Date
    public var receiver: UUID
    /// True when the message had been received before (a retry): it was not kept twice.
    public var duplicate: Bool

    public init(id: UUID, receivedAt: Date, receiver: UUID, duplicate: Bool) {
        self.id = id
        self.receivedAt = receivedAt
        self.receiver = receiver
        self.duplicate = duplicate
    }

    public func encoded() throws -> Data { try FederationMessage.encoder().encode(self) }

    public static func decode(_ body: Data) -> FederationReceipt? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = ISO8601.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "date"))
            }
            return date
        }
        return try? decoder.decode(FederationReceipt.self, from: body)
    }
}

