import Fluent
import Foundation
import VigilCore

/// A year of incidents, made in the order they happened through the incident service: reported by
/// staff, classified (severity and the legal clock), notified to the authorities on time or late
/// (a few not yet), worked through the response steps and, when old enough, closed with their
/// lessons. Every scenario and cause group appears; a few reports turn out to be no incident or a
/// duplicate.
extension DemoSeeder {
    struct IncidentStory {
        let scenario: Scenario
        let title: String
        let details: String
        let confidentiality: ImpactLevel
        let integrity: ImpactLevel
        let availability: ImpactLevel
    }

    static let stories: [IncidentStory] = [
        IncidentStory(scenario: .ddos, title: "Cổng thông tin bị tấn công từ chối dịch vụ",
                      details: "Lưu lượng truy cập tăng đột biến từ nhiều địa chỉ nước ngoài, cổng thông tin không truy cập được khoảng 2 giờ.",
                      confidentiality: .none, integrity: .none, availability: .high),
        IncidentStory(scenario: .spoofing, title: "Thư điện tử giả mạo lãnh đạo yêu cầu chuyển tiền",
                      details: "Nhiều cán bộ nhận thư từ địa chỉ giả mạo tên miền của đơn vị, yêu cầu chuyển khoản gấp.",
                      confidentiality: .low, integrity: .none, availability: .none),
        IncidentStory(scenario: .malware, title: "Máy trạm nhiễm mã độc đánh cắp thông tin",
                      details: "Phần mềm phòng chống mã độc cảnh báo tệp đính kèm thư điện tử chứa mã độc đánh cắp mật khẩu trình duyệt.",
                      confidentiality: .medium, integrity: .low, availability: .none),
        IncidentStory(scenario: .intrusion, title: "Phát hiện truy cập trái phép vào máy chủ quản trị",
                      details: "Nhật ký hệ thống ghi nhận đăng nhập SSH thành công từ địa chỉ lạ ngoài giờ làm việc.",
                      confidentiality: .high, integrity: .medium, availability: .low),
        IncidentStory(scenario: .defacement, title: "Trang chủ cổng thông tin bị thay đổi nội dung",
                      details: "Trang chủ hiển thị nội dung quảng cáo cờ bạc trực tuyến thay cho tin tức của đơn vị.",
                      confidentiality: .none, integrity: .high, availability: .medium),
        IncidentStory(scenario: .ransomware, title: "Mã độc tống tiền mã hóa dữ liệu máy chủ lưu trữ",
                      details: "Các tệp trên máy chủ lưu trữ dùng chung bị đổi phần mở rộng, xuất hiện thư đòi tiền chuộc.",
                      confidentiality: .medium, integrity: .high, availability: .high),
        IncidentStory(scenario: .destruction, title: "Dữ liệu trong cơ sở dữ liệu bị xóa trái phép",
                      details: "Một số bảng dữ liệu bị xóa bằng tài khoản ứng dụng; nghi lộ mật khẩu cơ sở dữ liệu.",
                      confidentiality: .low, integrity: .high, availability: .medium),
        IncidentStory(scenario: .espionage, title: "Máy trạm gửi dữ liệu đến máy chủ điều khiển nước ngoài",
                      details: "Hệ thống giám sát phát hiện kết nối định kỳ đến địa chỉ thuộc chiến dịch tấn công có chủ đích (APT).",
                      confidentiality: .high, integrity: .low, availability: .none),
        IncidentStory(scenario: .combinedAttack, title: "Tấn công từ chối dịch vụ kết hợp dò quét lỗ hổng ứng dụng",
                      details: "Trong lúc bị tấn công từ chối dịch vụ, tường lửa ứng dụng web ghi nhận hàng nghìn yêu cầu khai thác lỗ hổng.",
                      confidentiality: .low, integrity: .low, availability: .high),
        IncidentStory(scenario: .otherAttack, title: "Dò mật khẩu hàng loạt vào hệ thống thư điện tử",
                      details: "Hàng chục nghìn lần đăng nhập sai vào các hộp thư công vụ trong một giờ.",
                      confidentiality: .low, integrity: .none, availability: .low),
        IncidentStory(scenario: .powerFailure, title: "Mất điện kéo dài tại phòng máy chủ",
                      details: "Điện lưới mất hơn 4 giờ, bộ lưu điện hết pin, các máy chủ tắt đột ngột.",
                      confidentiality: .none, integrity: .low, availability: .high),
        IncidentStory(scenario: .internetFailure, title: "Mất kết nối Internet của đơn vị",
                      details: "Đường truyền chính và dự phòng cùng gián đoạn do đứt cáp quang.",
                      confidentiality: .none, integrity: .none, availability: .medium),
        IncidentStory(scenario: .systemFault, title: "Hỏng ổ cứng máy chủ cơ sở dữ liệu",
                      details: "Hai ổ cứng trong cụm RAID hỏng cùng lúc, cơ sở dữ liệu ngừng hoạt động.",
                      confidentiality: .none, integrity: .medium, availability: .high),
        IncidentStory(scenario: .operatorError, title: "Cán bộ xóa nhầm thư mục dữ liệu dùng chung",
                      details: "Thư mục hồ sơ năm của phòng bị xóa nhầm khi dọn dẹp ổ đĩa dùng chung.",
                      confidentiality: .none, integrity: .medium, availability: .low),
        IncidentStory(scenario: .naturalDisaster, title: "Bão gây ngập phòng máy chủ tầng một",
                      details: "Nước tràn vào phòng máy chủ, phải tắt toàn bộ thiết bị để bảo đảm an toàn.",
                      confidentiality: .none, integrity: .low, availability: .high),
    ]

    func makeIncidents() async throws {
        // Every scenario twice, then the common ones again, in the order they happened. The newest six
        // (common ones, so that every scenario is classified) stand at each step of the response, one
        // still waiting to be looked at: (days ago, steps reached after classifying; -1: not yet).
        let common: [Scenario] = [.malware, .spoofing, .ddos, .defacement, .otherAttack, .malware, .intrusion, .systemFault]
        let stories = Self.stories + Self.stories + (common + common).map { scenario in Self.stories.first { $0.scenario == scenario }! }
        let newest: [(age: Double, reach: Int)] = [(30, 4), (18, 3), (9, 2), (4, 1), (1.5, 0), (0.3, -1)]
        var plan: [(story: IncidentStory, age: Double, reach: Int?)] = []
        for (position, story) in stories.enumerated() {
            let fixed = position >= stories.count - newest.count ? newest[position - stories.count + newest.count] : nil
            plan.append((story, fixed?.age ?? Double(random.int(1...360 * 24)) / 24, fixed?.reach))
        }
        plan.sort { $0.age > $1.age }
        var tally = (made: 0, notifiedOnTime: 0, notifiedLate: 0, notNotified: 0, closed: 0, notIncident: 0, duplicate: 0)
        var previous: [UUID: IncidentRecord] = [:]
        for (position, (story, age, reach)) in plan.enumerated() {
            let index = random.int(1...province.count - 1)
            let earlier = previous[province[index].id]
            let disposable = Self.disposable.contains(story.scenario)
            let outcome = try await db.write { tx in
                try await self.makeIncident(story, ageDays: age, agency: index, position: position, duplicateOf: earlier, reach: reach,
                                            disposable: disposable, on: tx)
            }
            previous[province[index].id] = outcome.incident
            tally.made += 1
            switch outcome.notified {
            case .onTime: tally.notifiedOnTime += 1
            case .late: tally.notifiedLate += 1
            case .not: tally.notNotified += 1
            }
            if outcome.incident.status == .closed { tally.closed += 1 }
            if outcome.incident.disposition == IncidentService.Disposition.notIncident.rawValue { tally.notIncident += 1 }
            if outcome.incident.disposition == IncidentService.Disposition.duplicate.rawValue { tally.duplicate += 1 }
        }
        count("incidents", tally.made)
        count("incidents notified on time", tally.notifiedOnTime)
        count("incidents notified late", tally.notifiedLate)
        count("incidents not notified", tally.notNotified)
        count("incidents closed", tally.closed)
        count("reports that were no incident", tally.notIncident)
        count("duplicate reports", tally.duplicate)
    }

    enum Notified { case onTime, late, not }

    /// The scenarios told four times or more, among which a report may turn out to be no incident.
    static let disposable: Set<Scenario> = [.malware, .spoofing, .ddos, .otherAttack]

    private func makeIncident(_ story: IncidentStory, ageDays: Double, agency index: Int, position: Int, duplicateOf earlier: IncidentRecord?,
                              reach: Int?, disposable: Bool, on tx: any Database) async throws -> (incident: IncidentRecord, notified: Notified) {
        let agency = province[index]
        let focalPoint = agency.focalPoint!
        let reporter = random.pick(agency.members)
        let system = random.pick(agency.systems)
        let discovered = daysAgo(ageDays)
        let reported = min(discovered.addingTimeInterval(Double(random.int(10...300)) * 60), now.addingTimeInterval(-120))
        let incident = try await services.incidents.report(
            .init(title: story.title, description: story.details, discoveredAt: discovered,
                  occurredAt: random.chance(0.5) ? discovered.addingTimeInterval(-Double(random.int(1...12)) * 3_600) : nil,
                  systemName: system.name, reporterContact: "Số máy lẻ \(random.int(100...399))", organisationID: reporter.organisationID),
            by: reporter, address: address, on: tx, now: reported)
        // What the rest of the story may take: the moment each step happens, never past now.
        let span = now.timeIntervalSince(reported)
        func after(_ hours: Double) -> Date { reported.addingTimeInterval(min(hours * 3_600, span * min(0.95, hours / 200))) }
        // A report or two a year is no incident, and one repeats an earlier one.
        if position % 19 == 7, reach == nil, disposable {
            try await services.incidents.dispose(incident, as: .notIncident, duplicateOf: nil, note: "Đã kiểm tra: cảnh báo nhầm, không phải sự cố",
                                                 by: focalPoint, address: address, on: tx, now: after(2))
            return (incident, .not)
        }
        if position % 23 == 11, reach == nil, disposable, let earlier, earlier.disposition == "open" {
            try await services.incidents.dispose(incident, as: .duplicate, duplicateOf: earlier, note: "Trùng với sự cố đã báo cáo \(earlier.reference)",
                                                 by: focalPoint, address: address, on: tx, now: after(2))
            return (incident, .not)
        }
        // The newest report waits to be looked at.
        if reach == -1 { return (incident, .not) }
        var severity = SeverityInput()
        severity.confidentiality = story.confidentiality
        severity.integrity = story.integrity
        severity.availability = story.availability
        severity.affectedUsers = random.pick([0, 5, 40, 150, 1_200])
        severity.affectedSystems = random.int(1...4)
        severity.dataSensitivity = random.pick([.public, .internal, .internal, .personal])
        severity.outageHours = story.availability >= .medium ? Double(random.int(1...12)) : 0
        let serious = system.securityLevel >= 4 && [.ransomware, .intrusion, .destruction].contains(story.scenario)
        _ = try await services.incidents.classify(
            incident, .init(causeGroup: story.scenario.causeGroup, scenario: story.scenario, securityLevel: system.securityLevel,
                            nationalCritical: system.nationalCritical, impacts: serious ? [.serviceInterruption] : [], beyondCapacity: serious,
                            severityInput: severity),
            by: focalPoint, address: address, on: tx, now: after(1))
        // Serious incidents, and one cyber-attack in four, go to the coordinator, who sees them from then on.
        if serious || (story.scenario.causeGroup == .cyberAttack && random.chance(0.25)) {
            try await services.incidents.escalate(incident, to: .coordinator, note: "Đề nghị Sở Thông tin và Truyền thông hỗ trợ ứng cứu",
                                                  by: focalPoint, address: address, on: tx, now: after(1.2))
        }
        // Most are notified on time, one in six late, a few never (the clock still runs on them).
        var notified = Notified.not
        if let due = incident.notifyBy {
            let choice = agency.exemplary ? Notified.onTime : position % 6 == 4 ? Notified.late : (position % 11 == 9 ? Notified.not : Notified.onTime)
            let sent: Date? = switch choice {
            case .onTime: min(after(1.5).addingTimeInterval(Double(random.int(10...90)) * 60), due.addingTimeInterval(-600))
            case .late: due.addingTimeInterval(Double(random.int(3...72)) * 3_600)
            case .not: nil
            }
            if let sent, sent < now.addingTimeInterval(-60), sent > incident.discoveredAt {
                try await services.incidents.recordNotification(incident, at: sent, recipients: "Cục An toàn thông tin; \(coordinator.name)",
                                                                 by: focalPoint, address: address, on: tx, now: sent.addingTimeInterval(60))
                notified = choice
            }
        }
        // How far the response went: old incidents are closed, recent ones anywhere along the way.
        let steps: [IncidentStatus] = [.initialResponse, .containing, .recovering, .closed]
        let reached = reach ?? (ageDays > 45 ? (random.chance(0.9) ? 4 : random.int(2...3)) : random.int(0...4))
        if reached > 0, let responder = agency.responder {
            try await services.incidents.assign(incident, to: responder.userID, by: focalPoint, address: address, on: tx, now: after(2))
        }
        let worker = agency.responder ?? focalPoint
        for (step, status) in steps.prefix(reached).enumerated() {
            let closing = status == .closed
            try await services.incidents.transition(
                incident, to: status, note: closing ? "Đã khắc phục, hệ thống hoạt động bình thường" : nil,
                lessonsLearned: closing ? "Cập nhật bản vá định kỳ; rà soát tài khoản quản trị; bổ sung giám sát nhật ký" : nil,
                by: closing ? focalPoint : worker, address: address, on: tx, now: after([3.0, 8, 30, 80][step]))
        }
        if random.chance(0.4) {
            try await services.incidents.comment(incident, text: "Đã phối hợp với \(coordinator.name) để xác minh chỉ dấu tấn công.", by: worker,
                                                 on: tx, now: after(4))
        }
        return (incident, notified)
    }
}
