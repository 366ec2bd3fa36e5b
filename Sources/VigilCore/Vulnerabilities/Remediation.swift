import Crypto
import Foundation

/// Where a finding stands in its remediation.
public enum FindingStatus: String, Codable, CaseIterable, Sendable {
    case open
    case inProgress = "in_progress"
    /// Verified by a later scan that no longer sees it, or by hand with a note.
    case fixed
    /// Accepted for a while, with a reason, by someone; an expired acceptance reopens it.
    case riskAccepted = "risk_accepted"
    case falsePositive = "false_positive"

    /// Whether a scan that no longer sees it marks it fixed (a decision by a person stands).
    public var isOpen: Bool { self == .open || self == .inProgress }
}

/// How long each severity may stay unfixed. Defaults from the directive's "fix at once what allows
/// intrusion and control": critical 3 days, high 15, medium 30, low 90; informational findings
/// have no deadline, and a finding that allows intrusion is due at once.
public struct RemediationPolicy: Codable, Equatable, Sendable {
    public var days: [FindingSeverity: Int]

    public static let standard = RemediationPolicy(days: [.critical: 3, .high: 15, .medium: 30, .low: 90])

    public init(days: [FindingSeverity: Int]) {
        self.days = days
    }

    /// When a finding first seen at `firstSeen` must be fixed; nil when it has no deadline.
    public func due(severity: FindingSeverity, allowsIntrusion: Bool, firstSeen: Date) -> Date? {
        if allowsIntrusion { return firstSeen }
        return days[severity].map { firstSeen.addingTimeInterval(TimeInterval($0) * 86_400) }
    }
}

/// What makes results the same weakness across scans: the host, the port and protocol, the
/// scanner's id (else the title) and the component, kept as a key for the index.
///
/// The key is the host's id (32 hex digits) followed by the first 32 hex digits of the SHA-256 of
/// all of it: a host's findings then sit side by side in the organisation's index, so an import
/// (a report lists a host's results together) touches a few index pages per host instead of one
/// random page per finding. 128 bits of digest within one host cannot collide in practice.
public enum FindingIdentity {
    public static func digest(hostID: UUID, result: ScanResult) -> String {
        let host = hostID.uuidString.lowercased()
        return key(hostText: host, hostPrefix: prefix(hostText: host), result: result)
    }

    /// The host's part of the key: its id without the dashes.
    public static func prefix(hostText: String) -> String {
        String(hostText.utf8.lazy.filter { $0 != UInt8(ascii: "-") }.map { Character(Unicode.Scalar($0)) })
    }

    /// The key from the host's id as lower-case text and its `prefix`, made once per host by an
    /// import rather than once per result. The text hashed is the parts joined by U+001F: the
    /// host's id, the port, the protocol, the scanner's id (else the title, lower-case) and the
    /// component (lower-case); it is built as bytes, and only the digest's first 16 bytes are
    /// hex-encoded (this runs for every result of a report).
    public static func key(hostText: String, hostPrefix: String, result: ScanResult) -> String {
        let check = result.scannerID.isEmpty ? result.title.lowercased() : result.scannerID
        let separator: UInt8 = 0x1F
        var text: [UInt8] = []
        text.reserveCapacity(hostText.utf8.count + check.utf8.count + result.component.utf8.count + 24)
        text.append(contentsOf: hostText.utf8)
        text.append(separator)
        if let port = result.port { text.append(contentsOf: String(port).utf8) }
        text.append(separator)
        text.append(contentsOf: result.transport.lowercased().utf8)
        text.append(separator)
        text.append(contentsOf: check.utf8)
        text.append(separator)
        text.append(contentsOf: result.component.lowercased().utf8)
        return hostPrefix + Secrets.hex(SHA256.hash(data: text).prefix(16))
    }
}

/// Findings that "allow intrusion and control" (the directive: fix at once): remote code
/// execution and authentication bypass by their words, and the known-exploited CVEs an
/// administrator imports (CISA KEV and the like).
public struct IntrusionRule: Sendable {
    public var knownExploited: Set<String>

    public static let phrases = [
        "remote code execution", "execute arbitrary code", "arbitrary code execution", "execution of arbitrary code",
        "authentication bypass", "bypass authentication", "bypass the authentication", "unauthenticated remote attacker to execute",
        "command injection", "remote command execution",
    ]

    public init(knownExploited: Set<String> = []) {
        self.knownExploited = knownExploited
    }

    public func allowsIntrusion(_ result: ScanResult) -> Bool {
        if result.cves.contains(where: knownExploited.contains) { return true }
        guard result.severity >= .high else { return false }
        let text = ASCIILowercasedText(result.title + "\n" + result.description)
        return Self.phrases.contains { text.contains($0) }
    }
}

/// A person's change of a finding's status, checked: what each status needs (a note for a fix by
/// hand, a reason and an expiry within a year for an accepted risk, a reason for a false
/// positive) and which moves are allowed.
public struct FindingTransition: Equatable, Sendable {
    public let to: FindingStatus
    public let note: String
    public let acceptedUntil: Date?

    public static let maxAcceptance: TimeInterval = 366 * 86_400

    public enum Problem: String, Error, Equatable, Sendable {
        case sameStatus = "finding.error.same_status"
        case noteRequired = "finding.error.note_required"
        case untilRequired = "finding.error.until_required"
        case untilOutOfRange = "finding.error.until_range"
        case noteTooLong = "finding.error.note_too_long"
    }

    public init(from: FindingStatus, to: FindingStatus, note: String, acceptedUntil: Date?, now: Date) throws(Problem) {
        let note = note.trimmedWhitespace
        guard from != to else { throw .sameStatus }
        guard note.count <= 2000 else { throw .noteTooLong }
        switch to {
        case .fixed, .falsePositive, .riskAccepted:
            guard !note.isEmpty else { throw .noteRequired }
        case .open, .inProgress:
            break
        }
        if to == .riskAccepted {
            guard let until = acceptedUntil else { throw .untilRequired }
            guard until > now, until.timeIntervalSince(now) <= Self.maxAcceptance else { throw .untilOutOfRange }
        }
        self.to = to
        self.note = note
        self.acceptedUntil = to == .riskAccepted ? acceptedUntil : nil
    }
}
