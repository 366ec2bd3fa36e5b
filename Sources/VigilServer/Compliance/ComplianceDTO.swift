import Foundation
import Vapor
import VigilCore

/// The compliance API's answers (a contract, issue 21).
enum ComplianceDTO {
    /// `{"code", "status", "value", "target", "numerator", "denominator", "reason"?, "link"}`:
    /// `denominator` is null for counts and yes/no, `reason` is left out when there is none.
    struct Indicator: Content {
        let code: String
        let status: String
        let value: Double
        let target: Double
        let numerator: Int
        let denominator: Int?
        let reason: String?
        let link: String

        enum CodingKeys: String, CodingKey { case code, status, value, target, numerator, denominator, reason, link }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(status, forKey: .status)
            try container.encode(value, forKey: .value)
            try container.encode(target, forKey: .target)
            try container.encode(numerator, forKey: .numerator)
            try container.encode(denominator, forKey: .denominator)
            try container.encodeIfPresent(reason, forKey: .reason)
            try container.encode(link, forKey: .link)
        }
    }

    /// `GET /api/v1/compliance`.
    struct Report: Content {
        let organisationId: String
        let computedAt: Date
        let indicators: [Indicator]
    }

    /// One item of `GET /api/v1/compliance/organisations`.
    struct Organisation: Content {
        let organisationId: String
        let name: String
        let indicators: [Indicator]
    }

    /// `GET`/`PUT /api/v1/compliance/thresholds`.
    struct Thresholds: Content {
        let limits: [String: Double]
        let legalReference: String
        let effectiveFrom: String
    }

    static func indicators(_ report: ComplianceService.Report, timeZone: TimeZone) -> [Indicator] {
        let id = report.organisation.id!
        return report.indicators.map {
            Indicator(code: $0.code.rawValue, status: $0.status.rawValue, value: $0.value, target: $0.target, numerator: $0.numerator,
                      denominator: $0.denominator, reason: $0.reason,
                      link: ComplianceLinks.link($0.code, organisation: id, now: report.computedAt, timeZone: timeZone))
        }
    }

    static func thresholds(_ value: ComplianceThresholds) -> Thresholds {
        Thresholds(limits: Dictionary(uniqueKeysWithValues: ComplianceThresholds.codes.map { ($0.rawValue, value.limit($0)) }),
                   legalReference: value.source.reference, effectiveFrom: value.source.effectiveFrom)
    }
}
