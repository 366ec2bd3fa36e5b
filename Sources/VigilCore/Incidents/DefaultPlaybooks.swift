import Foundation

/// The default response playbooks (kịch bản ứng cứu), one per scenario of the seed, in the order of
/// `Scenario.allCases`.
///
/// The steps follow the phases of NIST SP 800-61 r2 (detection and analysis; containment;
/// eradication and recovery; post-incident activity) and the phase checklists of VNCERT/CC's
/// quick-reference incident handbook (2025), with the legal reporting duties of Circular 20/2017 and
/// Decision 05/2017 (notification within 5 days; immediate emergency reporting for a serious
/// incident). They are only the starting content: the focal point edits an agency's copy, and each
/// copy is versioned so that an incident keeps the playbook it was opened with.
public enum DefaultPlaybooks {
    /// Every default playbook, one per scenario, in the order of `Scenario.allCases`.
    public static let all: [Playbook] = Scenario.allCases.map { playbook(for: $0) }

    /// The default playbook of a scenario.
    public static func playbook(for scenario: Scenario) -> Playbook {
        switch scenario {
        case .ddos: ddos
        case .spoofing: spoofing
        case .malware: malware
        case .intrusion: intrusion
        case .defacement: defacement
        case .ransomware: ransomware
        case .destruction: destruction
        case .espionage: espionage
        case .combinedAttack: combinedAttack
        case .otherAttack: otherAttack
        case .powerFailure: powerFailure
        case .internetFailure: internetFailure
        case .systemFault: systemFault
        case .operatorError: operatorError
        case .naturalDisaster: naturalDisaster
        }
    }

    static let source = LegalSource(
        reference: "Vigil default playbook; NIST SP 800-61 r2; VNCERT/CC quick-reference handbook (2025)",
        effectiveFrom: "2026-11-25"
    )

    // MARK: - Building blocks

    static func make(_ scenario: Scenario, _ viTitle: String, _ enTitle: String, _ steps: [PlaybookStep]) -> Playbook {
        Playbook(
            scenario: scenario,
            version: 1,
            title: LocalizedText(vi: viTitle, en: enTitle),
            steps: steps,
            source: source
        )
    }

    static func step(
        _ phase: ResponsePhase,
        _ viTitle: String,
        _ enTitle: String,
        _ viDetail: String,
        _ enDetail: String,
        _ actor: PlaybookActor,
        _ hours: Int
    ) -> PlaybookStep {
        PlaybookStep(
            phase: phase,
            title: LocalizedText(vi: viTitle, en: enTitle),
            detail: LocalizedText(vi: viDetail, en: enDetail),
            actor: actor,
            dueWithinHours: hours
        )
    }

    // Steps every playbook shares. The wording is the same everywhere so that the reporting duties
    // read identically whatever the scenario.

    /// First report to the focal point; the discovery time starts the legal clocks.
    static func alertFocalPoint() -> PlaybookStep {
        step(
            .detection,
            "Báo đầu mối ứng cứu sự cố và ghi nhận sự cố",
            "Alert the focal point and record the incident",
            "Báo ngay cho đầu mối ứng cứu sự cố qua điện thoại và ghi nhận sự cố vào Vigil: thời điểm phát hiện, hệ thống bị ảnh hưởng, hiện tượng quan sát được và người phát hiện. Thời điểm phát hiện là mốc tính các thời hạn báo cáo theo quy định.",
            "Phone the focal point at once and record the incident in Vigil: when it was discovered, the systems affected, what was observed and who found it. The discovery time starts the legal reporting deadlines.",
            .responder,
            1
        )
    }

    /// The serious-incident test of Decision 05/2017 and the leader's briefing.
    static func assessSeverity() -> PlaybookStep {
        step(
            .detection,
            "Đánh giá mức độ nghiêm trọng và báo cáo lãnh đạo",
            "Assess severity and brief the leader",
            "Đánh giá mức độ nghiêm trọng, đối chiếu tiêu chí sự cố nghiêm trọng (hệ thống cấp độ 4, 5 hoặc hệ thống thông tin quan trọng quốc gia mà cơ quan không tự xử lý được) và báo cáo lãnh đạo. Nếu đạt tiêu chí hoặc sự cố vượt quá khả năng xử lý, báo cáo ngay theo thủ tục khẩn cấp tới cơ quan điều phối quốc gia (VNCERT/CC) và đơn vị chuyên trách ứng cứu sự cố, không chờ hết thời hạn 5 ngày.",
            "Assess the severity, check the serious-incident criteria (a level 4 or 5 or national critical information system that the agency cannot handle alone) and brief the leader. If the criteria are met or the incident exceeds the agency's capacity, report immediately through the emergency procedure to the national coordinating body (VNCERT/CC) and the specialised incident-response unit, without waiting for the 5-day deadline.",
            .focalPoint,
            2
        )
    }

    /// The 5-day notification of Circular 20/2017 (Art. 9) and Decision 05/2017 (Art. 11).
    static func notifyWithinFiveDays() -> PlaybookStep {
        step(
            .detection,
            "Thông báo sự cố trong thời hạn 5 ngày",
            "Send the incident notification within 5 days",
            "Chậm nhất 5 ngày kể từ khi phát hiện, gửi thông báo sự cố đồng thời tới chủ quản hệ thống thông tin, cơ quan điều phối quốc gia (VNCERT/CC) và đơn vị chuyên trách ứng cứu sự cố bằng văn bản, thư điện tử hoặc qua hệ thống báo cáo kỹ thuật của cơ quan điều phối quốc gia. Nếu sự cố chưa xử lý xong, tiếp tục gửi báo cáo tình hình sự cố cho đến khi kết thúc.",
            "No later than 5 days after discovery, notify the system owner, the national coordinating body (VNCERT/CC) and the specialised incident-response unit at the same time, by official letter, e-mail or the national coordinating body's reporting system. If the incident is not yet resolved, keep sending situation reports until it is.",
            .focalPoint,
            120
        )
    }

    /// The same notification for failures, where it depends on the effect on the information system.
    static func notifyIfRequired() -> PlaybookStep {
        step(
            .detection,
            "Thông báo sự cố theo quy định",
            "Notify the incident as required",
            "Nếu sự cố làm gián đoạn hoặc ảnh hưởng tới hệ thống thông tin, chậm nhất 5 ngày kể từ khi phát hiện gửi thông báo sự cố tới chủ quản hệ thống thông tin và, theo phương án ứng cứu sự cố, tới cơ quan điều phối quốc gia (VNCERT/CC) và đơn vị chuyên trách ứng cứu sự cố. Ghi vào hồ sơ sự cố quyết định có thông báo hay không và lý do.",
            "If the incident interrupted or affected an information system, notify the system owner no later than 5 days after discovery and, as the response plan requires, the national coordinating body (VNCERT/CC) and the specialised incident-response unit. Record in the incident whether it was notified and why.",
            .focalPoint,
            120
        )
    }

    static func finalReport(_ hours: Int = 168) -> PlaybookStep {
        step(
            .postIncident,
            "Lập báo cáo kết thúc ứng phó sự cố",
            "Write the final incident report",
            "Tổng hợp diễn biến, nguyên nhân, thiệt hại và các biện pháp đã thực hiện vào báo cáo kết thúc ứng phó sự cố, trình lãnh đạo ký và gửi tới các nơi đã nhận thông báo sự cố.",
            "Summarise the timeline, cause, damage and actions taken in the final incident report, have the leader sign it and send it to everyone who received the incident notification.",
            .focalPoint,
            hours
        )
    }

    static func lessonsLearned(_ viFocus: String, _ enFocus: String, _ hours: Int = 240) -> PlaybookStep {
        step(
            .postIncident,
            "Họp rút kinh nghiệm và cập nhật phương án",
            "Hold the lessons-learned review and update the plan",
            "Họp rút kinh nghiệm với các bên liên quan, ghi lại bài học kinh nghiệm và cập nhật phương án ứng cứu sự cố cùng kịch bản này. " + viFocus,
            "Hold a review with everyone involved, record the lessons learned and update the response plan and this playbook. " + enFocus,
            .focalPoint,
            hours
        )
    }
}
