import Foundation

/// Where a host's anti-malware state came from.
public enum StateSource: String, Codable, CaseIterable, Sendable {
    case agent
    case `import`
    case manual
}

/// A host's anti-malware product as last reported (Directive 14/CT-TTg asks for product, central
/// management, signature date and real-time protection).
public struct AntiMalwareState: Codable, Equatable, Sendable {
    public var product: String
    public var version: String?
    /// The product is installed and running.
    public var enabled: Bool
    public var realTimeProtection: Bool
    public var centrallyManaged: Bool
    public var signatureDate: Date?
    public var lastScan: Date?

    public init(product: String, version: String? = nil, enabled: Bool, realTimeProtection: Bool, centrallyManaged: Bool,
                signatureDate: Date?, lastScan: Date? = nil) {
        self.product = product
        self.version = version
        self.enabled = enabled
        self.realTimeProtection = realTimeProtection
        self.centrallyManaged = centrallyManaged
        self.signatureDate = signatureDate
        self.lastScan = lastScan
    }
}

/// When a host counts as protected: an active product with real-time protection on, signatures no
/// older than `maxSignatureAgeDays`, and a report within `maxSilenceDays`. Both windows are
/// settings; the defaults are the (7 and 3 days).
public struct ProtectionPolicy: Codable, Equatable, Sendable {
    public var maxSignatureAgeDays: Int
    public var maxSilenceDays: Int

    public static let standard = ProtectionPolicy(maxSignatureAgeDays: 7, maxSilenceDays: 3)
    /// What an administrator may set either window to.
    public static let allowedDays = 1...90

    public init(maxSignatureAgeDays: Int, maxSilenceDays: Int) {
        self.maxSignatureAgeDays = maxSignatureAgeDays
        self.maxSilenceDays = maxSilenceDays
    }

    /// The verdict for one host. `products` is every product the host reported (a host may run
    /// several); the best one decides. `lastReport` is its last check-in, import or manual update.
    public func evaluate(products: [AntiMalwareState], lastReport: Date?, now: Date) -> ProtectionVerdict {
        guard let lastReport else { return ProtectionVerdict(status: .unknown, reason: .neverReported) }
        let silentDays = Self.days(from: lastReport, to: now)
        if silentDays > maxSilenceDays {
            return ProtectionVerdict(status: .stale, reason: .notReported(days: silentDays))
        }
        guard !products.isEmpty else { return ProtectionVerdict(status: .unprotected, reason: .noProduct) }
        let active = products.filter(\.enabled)
        guard !active.isEmpty else { return ProtectionVerdict(status: .unprotected, reason: .productDisabled) }
        let realTime = active.filter(\.realTimeProtection)
        guard !realTime.isEmpty else { return ProtectionVerdict(status: .unprotected, reason: .realTimeOff) }
        // The freshest signatures among the products that protect in real time.
        let newest = realTime.compactMap(\.signatureDate).max()
        guard let newest else { return ProtectionVerdict(status: .unprotected, reason: .signaturesUnknown) }
        let age = Self.days(from: newest, to: now)
        if age > maxSignatureAgeDays { return ProtectionVerdict(status: .unprotected, reason: .signaturesOld(days: age)) }
        return ProtectionVerdict(status: .protected, reason: nil)
    }

    /// The same judgement from the facts a host keeps instead of its products (`hosts.av_*`: how
    /// many products, whether one is enabled, whether an enabled one protects in real time, the
    /// newest signatures among those), as the coverage count makes it in SQL: whether the host
    /// counts as protected at `now`.
    public func protects(lastReport: Date?, products: Int, enabled: Bool, realTime: Bool, signatureAt: Date?, now: Date) -> Bool {
        guard let lastReport, products > 0, enabled, realTime, let signatureAt else { return false }
        return Self.days(from: lastReport, to: now) <= maxSilenceDays && Self.days(from: signatureAt, to: now) <= maxSignatureAgeDays
    }

    /// Whole days elapsed, never negative (a clock slightly ahead is not "minus one day").
    static func days(from start: Date, to end: Date) -> Int {
        max(0, Int((end.timeIntervalSince(start) / 86_400).rounded(.down)))
    }
}

public struct ProtectionVerdict: Equatable, Sendable {
    public enum Status: String, Codable, CaseIterable, Sendable {
        case protected
        case unprotected
        case stale
        case unknown
    }

    public enum Reason: Equatable, Sendable {
        case neverReported
        case notReported(days: Int)
        case noProduct
        case productDisabled
        case realTimeOff
        case signaturesUnknown
        case signaturesOld(days: Int)

        /// A stable code, for the API's `byReason` and for filters.
        public var code: String {
            switch self {
            case .neverReported: "never_reported"
            case .notReported: "not_reported"
            case .noProduct: "no_product"
            case .productDisabled: "product_disabled"
            case .realTimeOff: "real_time_off"
            case .signaturesUnknown: "signatures_unknown"
            case .signaturesOld: "signatures_old"
            }
        }

        /// The sentence's arguments (the number of days, where there is one).
        public var arguments: [String] {
            switch self {
            case .notReported(let days), .signaturesOld(let days): [String(days)]
            default: []
            }
        }
    }

    public let status: Status
    /// Why the host is not protected; nil when it is.
    public let reason: Reason?

    public init(status: Status, reason: Reason?) {
        self.status = status
        self.reason = reason
    }
}

/// Coverage against the 100 % target: how many hosts are protected, and why the others are not.
public struct Coverage: Equatable, Sendable {
    public var total: Int
    public var protected: Int
    /// Reason code → number of hosts.
    public var byReason: [String: Int]

    public init(total: Int = 0, protected: Int = 0, byReason: [String: Int] = [:]) {
        self.total = total
        self.protected = protected
        self.byReason = byReason
    }

    /// Percent protected, to one decimal; 100 for no hosts (nothing is uncovered), which the
    /// pages show together with the count so that an empty inventory is not mistaken for success.
    public var percent: Double {
        guard total > 0 else { return 100 }
        return (Double(protected) * 1000 / Double(total)).rounded(.down) / 10
    }

    public var meetsTarget: Bool { total > 0 && protected == total }

    public mutating func add(_ verdict: ProtectionVerdict) {
        total += 1
        if verdict.status == .protected {
            protected += 1
        } else if let reason = verdict.reason {
            byReason[reason.code, default: 0] += 1
        }
    }

    public static func + (lhs: Coverage, rhs: Coverage) -> Coverage {
        Coverage(total: lhs.total + rhs.total, protected: lhs.protected + rhs.protected,
                 byReason: lhs.byReason.merging(rhs.byReason, uniquingKeysWith: +))
    }
}
