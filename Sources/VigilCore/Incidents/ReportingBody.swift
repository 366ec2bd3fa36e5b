import Foundation

/// A body an incident is reported to (Circular 20/2017 Art. 9; Decision 05/2017 Art. 11). The
/// institutions changed in 2025 and will change again, so they are data an administrator keeps,
/// each with the legal source that names it.
public struct ReportingBody: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// The system's owner (chủ quản hệ thống thông tin).
        case systemOwner = "system_owner"
        /// The national coordinating body (cơ quan điều phối quốc gia).
        case nationalCoordinator = "national_coordinator"
        /// The specialised incident-response unit (đơn vị chuyên trách ứng cứu sự cố).
        case specialisedUnit = "specialised_unit"
        /// The police, when a crime is suspected.
        case police
        case other
    }

    public var name: String
    public var kind: Kind
    /// Address, e-mail, telephone: how to reach it, as the administrator writes it.
    public var contact: String
    public var source: LegalSource

    public init(name: String, kind: Kind, contact: String, source: LegalSource) {
        self.name = name
        self.kind = kind
        self.contact = contact
        self.source = source
    }

    /// The starting list, from REGULATIONS.md. Contacts are left for the administrator to fill in:
    /// Vigil does not guess addresses.
    public static let defaults: [ReportingBody] = [
        ReportingBody(
            name: "Chủ quản hệ thống thông tin (lãnh đạo cơ quan)", kind: .systemOwner, contact: "",
            source: LegalSource(reference: "Thông tư 20/2017/TT-BTTTT, Điều 9", effectiveFrom: "2017-11-01")),
        ReportingBody(
            name: "Cơ quan điều phối quốc gia: Trung tâm VNCERT/CC (thuộc Cục A05, Bộ Công an)", kind: .nationalCoordinator, contact: "",
            source: LegalSource(reference: "Thông tư 20/2017/TT-BTTTT, Điều 9; chức năng chuyển sang Bộ Công an từ 28/02/2025",
                                effectiveFrom: "2025-02-28")),
        ReportingBody(
            name: "Đơn vị chuyên trách ứng cứu sự cố của tỉnh (Sở Khoa học và Công nghệ)", kind: .specialisedUnit, contact: "",
            source: LegalSource(reference: "Quyết định 05/2017/QĐ-TTg, Điều 11; hợp nhất Sở TT&TT vào Sở KH&CN năm 2025",
                                effectiveFrom: "2025-03-01")),
        ReportingBody(
            name: "Công an tỉnh (khi có dấu hiệu tội phạm)", kind: .police, contact: "",
            source: LegalSource(reference: "Chỉ thị 18/CT-TTg (2022): phối hợp với Công an tỉnh", effectiveFrom: "2022-10-13")),
    ]

    /// One line for a report's list of recipients.
    public var recipientLine: String {
        let trimmed = contact.trimmingCharacters(in: .whitespacesAndNewlines)
        return "- " + name + (trimmed.isEmpty ? "" : " (\(trimmed))") + ";"
    }
}
