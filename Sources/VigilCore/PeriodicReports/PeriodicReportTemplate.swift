import Foundation

/// A periodic report's template: the same line language as the incident reports' (`ReportTemplate`:
/// `#` title, `##` heading, `^` centred, `-` item, a table field alone on its line, `{{field}}`
/// inline), with the periodic report's own fields. An administrator edits it; each save is a
/// version with its legal source and effective day.
public struct PeriodicReportTemplate: Equatable, Sendable {
    public var kind: PeriodicReportKind
    public var body: String
    public var source: LegalSource

    public init(kind: PeriodicReportKind, body: String, source: LegalSource) {
        self.kind = kind
        self.body = body
        self.source = source
    }

    public static let fields: [String] = [
        "organisation", "organisation_code", "kind", "year", "period_start", "period_end", "due_on", "counted_until", "generated_at",
        "received", "incidents", "handled", "drills", "scans", "systems_scanned", "findings_found", "findings_fixed",
        "indicators_note", "issued_by", "issued_at", "today",
    ]
    public static let tableFields: [String] = ["by_cause", "by_scenario", "by_severity", "by_status", "by_outcome", "indicators", "agencies"]

    public static let maxBodyLength = ReportTemplate.maxBodyLength

    /// The template's first problem, nil when it can be used (the incident reports' problems).
    public static func validate(_ body: String) -> ReportTemplate.Problem? {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .empty }
        if body.count > maxBodyLength { return .tooLong }
        var hasTitle = false
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("# ") { hasTitle = true }
            for name in ReportTemplate.placeholders(in: text) {
                if tableFields.contains(name) {
                    if !ReportTemplate.isTableLine(text) { return .tableNotAlone(name) }
                } else if !fields.contains(name) {
                    return .unknownField(name)
                }
            }
        }
        return hasTitle ? nil : .noTitle
    }

    /// The document filled with a report's facts: its title and blocks.
    public func render(_ facts: ReportFacts) -> (title: String, blocks: [DocumentBlock]) {
        var title = ""
        var blocks: [DocumentBlock] = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            if ReportTemplate.isTableLine(text), let name = ReportTemplate.placeholders(in: text).first, Self.tableFields.contains(name) {
                blocks.append(.table(facts.tables[name] ?? DocumentTable(headers: [], rows: [])))
            } else if text.hasPrefix("## ") {
                blocks.append(.heading(facts.fill(String(text.dropFirst(3)))))
            } else if text.hasPrefix("# ") {
                let filled = facts.fill(String(text.dropFirst(2)))
                if title.isEmpty { title = filled }
                blocks.append(.title(filled))
            } else if text.hasPrefix("^ ") {
                blocks.append(.centred(facts.fill(String(text.dropFirst(2)))))
            } else if text.hasPrefix("- ") {
                blocks.append(.listItem(facts.fill(String(text.dropFirst(2)))))
            } else {
                blocks.append(.paragraph(facts.fill(text)))
            }
        }
        return (title, blocks)
    }
}

/// Vigil's starting templates, in Vietnamese. The official form (Circular 20/2017, form no. 5) has
/// an unconfirmed field list (REGULATIONS.md), so this is a sensible layout an administrator adapts.
public enum DefaultPeriodicReportTemplates {
    public static let source = PeriodicReportRule.dueSource

    public static func template(for kind: PeriodicReportKind) -> PeriodicReportTemplate {
        PeriodicReportTemplate(kind: kind, body: body, source: source)
    }

    static let body = """
    ^ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    ^ Độc lập - Tự do - Hạnh phúc
    ^ {{organisation}} ({{organisation_code}})
    # BÁO CÁO {{kind}} {{year}} VỀ CÔNG TÁC ỨNG CỨU SỰ CỐ AN TOÀN THÔNG TIN MẠNG
    Kỳ báo cáo: từ ngày {{period_start}} đến ngày {{period_end}}; hạn gửi: {{due_on}}. Số liệu tính đến {{counted_until}}.
    ## 1. Tình hình tiếp nhận và xử lý sự cố
    - Số báo cáo sự cố đã tiếp nhận: {{received}} (trong đó {{incidents}} sự cố)
    - Số sự cố đã xử lý xong trong kỳ: {{handled}}
    ## 1.1. Theo nhóm nguyên nhân
    {{by_cause}}
    ## 1.2. Theo loại sự cố
    {{by_scenario}}
    ## 1.3. Theo mức độ
    {{by_severity}}
    ## 1.4. Theo bước xử lý hiện tại
    {{by_status}}
    ## 1.5. Theo kết quả
    {{by_outcome}}
    ## 2. Các chỉ số tuân thủ tại cuối kỳ
    {{indicators_note}}
    {{indicators}}
    ## 3. Diễn tập
    - Số cuộc diễn tập đã hoàn thành trong kỳ: {{drills}}
    ## 4. Kiểm tra, đánh giá lỗ hổng
    - Số lần rà quét đã nhập: {{scans}}; số hệ thống được rà quét: {{systems_scanned}}
    - Số lỗ hổng mới phát hiện: {{findings_found}}; số lỗ hổng đã khắc phục: {{findings_fixed}}
    ## 5. Tổng hợp các đơn vị trực thuộc
    {{agencies}}
    ^ Người lập báo cáo: {{issued_by}} — ngày {{issued_at}}
    """
}
