import Foundation

/// Vigil's starting report templates, in Vietnamese, after the contents Circular 20/2017 and
/// Decision 05/2017 ask for. The official forms' exact field lists are unconfirmed
/// (REGULATIONS.md), so these are a sensible layout an administrator adapts, not a copy.
public enum DefaultReportTemplates {
    public static let source = LegalSource(
        reference: "Thông tư 20/2017/TT-BTTTT, Điều 9; Quyết định 05/2017/QĐ-TTg, Điều 11",
        effectiveFrom: "2017-09-12")

    public static func template(for kind: ReportKind) -> ReportTemplate {
        ReportTemplate(kind: kind, body: body(for: kind), source: source)
    }

    static let header = """
    ^ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    ^ Độc lập - Tự do - Hạnh phúc
    ^ {{organisation}} — Số: {{reference}}
    """

    static let incidentFacts = """
    ## Thông tin về sự cố
    - Số hiệu sự cố: {{reference}}
    - Tên sự cố: {{title}}
    - Hệ thống thông tin bị ảnh hưởng: {{system}} (cấp độ {{security_level}})
    - Thời điểm phát hiện: {{discovered_at}}
    - Thời điểm xảy ra (nếu biết): {{occurred_at}}
    - Người phát hiện, báo cáo: {{reporter}} — liên hệ: {{reporter_contact}}
    - Mô tả: {{description}}
    """

    static let classification = """
    ## Phân loại và đánh giá
    - Nhóm nguyên nhân: {{cause_group}}
    - Loại sự cố: {{scenario}}
    - Mức độ: {{severity}}
    - Căn cứ đánh giá: {{severity_explanation}}
    - Sự cố nghiêm trọng (Quyết định 05/2017/QĐ-TTg): {{serious}}
    - Vượt quá khả năng xử lý của đơn vị: {{beyond_capacity}}
    """

    static let signature = """
    ## Nơi nhận
    {{recipients}}
    ^ Người lập báo cáo: {{issued_by}} — ngày {{issued_at}}
    """

    static func body(for kind: ReportKind) -> String {
        switch kind {
        case .notification:
            return """
            \(header)
            # THÔNG BÁO SỰ CỐ AN TOÀN THÔNG TIN MẠNG
            Kính gửi: {{recipients}}
            Căn cứ Điều 9 Thông tư 20/2017/TT-BTTTT, {{organisation}} thông báo sự cố an toàn thông tin mạng như sau.
            \(incidentFacts)
            \(classification)
            ## Tình trạng xử lý
            - Trạng thái hiện tại: {{status}}
            - Người chủ trì xử lý: {{assignee}}
            - Hạn thông báo theo quy định: {{notification_deadline}}
            \(signature)
            """
        case .initial:
            return """
            \(header)
            # BÁO CÁO BAN ĐẦU SỰ CỐ AN TOÀN THÔNG TIN MẠNG
            Kính gửi: {{recipients}}
            \(incidentFacts)
            \(classification)
            ## Các biện pháp đã triển khai
            {{tasks}}
            ## Dấu hiệu nhận biết (IOC)
            {{indicators}}
            ## Diễn biến
            {{timeline}}
            ## Đề xuất, kiến nghị
            Đề nghị cơ quan điều phối quốc gia và đơn vị chuyên trách hỗ trợ khi sự cố vượt quá khả năng xử lý của đơn vị.
            \(signature)
            """
        case .situation:
            return """
            \(header)
            # BÁO CÁO TÌNH HÌNH XỬ LÝ SỰ CỐ AN TOÀN THÔNG TIN MẠNG
            Kính gửi: {{recipients}}
            Báo cáo cập nhật tình hình xử lý sự cố {{reference}} tính đến ngày {{today}}.
            ## Tình trạng
            - Trạng thái hiện tại: {{status}}
            - Mức độ: {{severity}}
            - Người chủ trì xử lý: {{assignee}}
            ## Diễn biến và kết quả xử lý
            {{timeline}}
            ## Nhiệm vụ
            {{tasks}}
            ## Dấu hiệu nhận biết (IOC)
            {{indicators}}
            \(signature)
            """
        case .final:
            return """
            \(header)
            # BÁO CÁO KẾT THÚC XỬ LÝ SỰ CỐ AN TOÀN THÔNG TIN MẠNG
            Kính gửi: {{recipients}}
            \(incidentFacts)
            \(classification)
            ## Kết quả xử lý
            - Trạng thái: {{status}}
            - Thời điểm kết thúc: {{closed_at}}
            - Đã thông báo cơ quan chức năng lúc: {{notified_at}}
            ## Diễn biến
            {{timeline}}
            ## Nhiệm vụ đã thực hiện
            {{tasks}}
            ## Dấu hiệu nhận biết (IOC)
            {{indicators}}
            ## Chứng cứ lưu giữ
            {{evidence}}
            ## Bài học kinh nghiệm
            {{lessons_learned}}
            \(signature)
            """
        }
    }
}
