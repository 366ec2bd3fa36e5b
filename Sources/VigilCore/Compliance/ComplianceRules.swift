import Foundation

/// Each indicator's target and the text it comes from (REGULATIONS.md). The targets are the law's
/// own (100 %, none overdue, a focal point named); what is only a warning rather than a failure is
/// a setting (`ComplianceThresholds`).
public struct IndicatorRule: Equatable, Sendable {
    public let code: IndicatorCode
    public let target: Double
    public let source: LegalSource

    public init(code: IndicatorCode, target: Double, source: LegalSource) {
        self.code = code
        self.target = target
        self.source = source
    }
}

public enum ComplianceRules {
    private static let directive18 = "Chỉ thị 18/CT-TTg ngày 13/10/2022"

    /// The legal ceiling of a scan interval: a system set to scan less often is still judged by it.
    public static let maxScanIntervalMonths = 6
    /// How far back incidents count for `incidents_notified_on_time`: a rolling year, the
    /// period of the annual report.
    public static let incidentWindowMonths = 12

    /// Whether a system's last scan is within its cadence, the cadence capped at the legal 6 months:
    /// the same states as `ScanCadence` (current or due soon is fresh; overdue or never scanned is not).
    public static func isScanFresh(lastScan: Date?, intervalMonths: Int, now: Date, calendar: Calendar) -> Bool {
        let state = ScanCadence.state(lastScan: lastScan, intervalMonths: min(intervalMonths, maxScanIntervalMonths), now: now, calendar: calendar)
        return state == .current || state == .dueSoon
    }

    /// The first moment of the incidents' window: `incidentWindowMonths` before `now`.
    public static func incidentWindowStart(now: Date, calendar: Calendar) -> Date {
        calendar.date(byAdding: .month, value: -incidentWindowMonths, to: now) ?? now
    }

    public static func rule(_ code: IndicatorCode) -> IndicatorRule {
        switch code {
        case .antimalwareCoverage:
            IndicatorRule(code: code, target: 100, source: LegalSource(
                reference: "Chỉ thị 14/CT-TTg ngày 25/5/2018; \(directive18): phần mềm phòng chống mã độc trên 100% máy chủ, máy trạm, thiết bị đầu cuối",
                effectiveFrom: "2018-05-25"))
        case .scanFreshness:
            IndicatorRule(code: code, target: 100, source: LegalSource(
                reference: "\(directive18): rà quét lỗ hổng mọi hệ thống thông tin ít nhất 6 tháng/lần", effectiveFrom: "2022-10-13"))
        case .immediateFindingsOverdue:
            IndicatorRule(code: code, target: 0, source: LegalSource(
                reference: "\(directive18): khắc phục ngay lỗ hổng cho phép xâm nhập, chiếm quyền điều khiển", effectiveFrom: "2022-10-13"))
        case .findingsOverdue:
            IndicatorRule(code: code, target: 0, source: LegalSource(
                reference: "\(directive18): khắc phục lỗ hổng theo thời hạn theo mức độ nghiêm trọng", effectiveFrom: "2022-10-13"))
        case .advisoriesOverdue:
            IndicatorRule(code: code, target: 0, source: LegalSource(
                reference: "\(directive18): xử lý kịp thời cảnh báo của cơ quan chức năng", effectiveFrom: "2022-10-13"))
        case .incidentsNotifiedOnTime:
            IndicatorRule(code: code, target: 100, source: ReportingRule.circular20of2017.source)
        case .plansCurrent:
            IndicatorRule(code: code, target: 100, source: LegalSource(
                reference: "\(directive18): ban hành phương án ứng cứu sự cố cho các hệ thống thông tin, cập nhật kịp thời khi có thay đổi; Quyết định 05/2017/QĐ-TTg",
                effectiveFrom: "2022-10-13"))
        case .drillsDone:
            IndicatorRule(code: code, target: 100, source: LegalSource(
                reference: "\(directive18): diễn tập thực chiến ít nhất 1 lần/năm cho hệ thống thông tin cấp độ 3 trở lên", effectiveFrom: "2022-10-13"))
        case .focalPoint:
            IndicatorRule(code: code, target: 1, source: LegalSource(
                reference: "Thông tư 20/2017/TT-BTTTT: đầu mối ứng cứu sự cố, liên lạc 24/7", effectiveFrom: "2017-11-01"))
        }
    }
}

/// The pure rule of each kind of indicator: from counts to status and value.
public enum IndicatorEvaluation {
    /// What a ratio with nothing to count means.
    public enum WhenEmpty: Sendable, Equatable {
        /// The data the indicator needs does not exist: failing, with the reason.
        case failing(IndicatorReason)
        /// Nothing was due: ok, with the reason.
        case ok(IndicatorReason)
    }

    /// A share: ok at the target (every one), a warning from the threshold's percent, failing below.
    public static func ratio(_ code: IndicatorCode, met: Int, of total: Int, thresholds: ComplianceThresholds, whenEmpty: WhenEmpty) -> ComplianceIndicator {
        let rule = ComplianceRules.rule(code)
        guard total > 0 else {
            switch whenEmpty {
            case .failing(let reason):
                return ComplianceIndicator(code: code, status: .failing, value: 0, target: rule.target, numerator: 0, denominator: 0, reason: reason.rawValue)
            case .ok(let reason):
                return ComplianceIndicator(code: code, status: .ok, value: 100, target: rule.target, numerator: 0, denominator: 0, reason: reason.rawValue)
            }
        }
        let met = min(max(met, 0), total)
        // Rounded down, as `Coverage.percent`: 99.99 % must not read as 100.
        let value = (Double(met) * 1000 / Double(total)).rounded(.down) / 10
        let status: IndicatorStatus = met == total ? .ok : value >= thresholds.limit(code) ? .warning : .failing
        return ComplianceIndicator(code: code, status: status, value: value, target: rule.target, numerator: met, denominator: total, reason: nil)
    }

    /// Things past their deadline: ok at none, a warning up to the threshold, failing above it;
    /// failing with the reason when the data to count from does not exist.
    public static func count(_ code: IndicatorCode, _ count: Int, thresholds: ComplianceThresholds, missing: IndicatorReason? = nil) -> ComplianceIndicator {
        let rule = ComplianceRules.rule(code)
        let count = max(count, 0)
        let status: IndicatorStatus = missing != nil ? .failing : count == 0 ? .ok : Double(count) <= thresholds.limit(code) ? .warning : .failing
        return ComplianceIndicator(code: code, status: status, value: Double(count), target: rule.target, numerator: count, denominator: nil,
                         reason: missing?.rawValue)
    }

    /// Met or not; when not, the first reason why.
    public static func yesNo(_ code: IndicatorCode, met: Bool, reason: String?) -> ComplianceIndicator {
        let rule = ComplianceRules.rule(code)
        return ComplianceIndicator(code: code, status: met ? .ok : .failing, value: met ? 1 : 0, target: rule.target, numerator: met ? 1 : 0, denominator: nil,
                         reason: met ? nil : reason)
    }
}
