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

    private static let source = LegalSource(
        reference: "Vigil default playbook; NIST SP 800-61 r2; VNCERT/CC quick-reference handbook (2025)",
        effectiveFrom: "2026-11-25"
    )

    // MARK: - Building blocks

    private static func make(_ scenario: Scenario, _ viTitle: String, _ enTitle: String, _ steps: [PlaybookStep]) -> Playbook {
        Playbook(
            scenario: scenario,
            version: 1,
            title: LocalizedText(vi: viTitle, en: enTitle),
            steps: steps,
            source: source
        )
    }

    private static func step(
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
    private static func alertFocalPoint() -> PlaybookStep {
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
    private static func assessSeverity() -> PlaybookStep {
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
    private static func notifyWithinFiveDays() -> PlaybookStep {
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
    private static func notifyIfRequired() -> PlaybookStep {
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

    private static func finalReport(_ hours: Int = 168) -> PlaybookStep {
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

    private static func lessonsLearned(_ viFocus: String, _ enFocus: String, _ hours: Int = 240) -> PlaybookStep {
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

    // MARK: - Cyber attacks

    private static let ddos: Playbook = make(
        .ddos,
        "Kịch bản ứng cứu sự cố tấn công từ chối dịch vụ (DDoS)",
        "Response playbook: denial-of-service attack (DDoS)",
        [
            alertFocalPoint(),
            step(
                .detection,
                "Xác nhận tấn công từ chối dịch vụ",
                "Confirm the denial-of-service attack",
                "Kiểm tra băng thông, số kết nối, tải CPU của máy chủ và nhật ký tường lửa để phân biệt tấn công với lưu lượng tăng hợp lệ hoặc lỗi hệ thống. Ghi lại thời điểm bắt đầu, dịch vụ bị ảnh hưởng, kiểu tấn công (làm tràn băng thông, SYN flood, HTTP flood) và các địa chỉ IP nguồn nổi bật.",
                "Check bandwidth, connection counts, server CPU load and firewall logs to tell an attack from a legitimate traffic peak or a system fault. Record when it started, the services affected, the attack type (volumetric, SYN flood, HTTP flood) and the most prominent source IP addresses.",
                .responder,
                1
            ),
            assessSeverity(),
            step(
                .detection,
                "Lưu giữ chứng cứ",
                "Preserve the evidence",
                "Xuất và lưu bản sao nhật ký tường lửa, máy chủ web, thiết bị cân bằng tải và số liệu lưu lượng (NetFlow) trong thời gian bị tấn công; tính mã băm SHA-256 và ghi vào nhật ký lưu giữ chứng cứ.",
                "Export and keep copies of the firewall, web server and load balancer logs and the traffic data (NetFlow) for the attack period; compute SHA-256 hashes and record them in the chain of custody.",
                .responder,
                4
            ),
            notifyWithinFiveDays(),
            step(
                .containment,
                "Đề nghị nhà cung cấp dịch vụ Internet lọc lưu lượng",
                "Ask the ISP to filter the traffic upstream",
                "Gọi đường dây hỗ trợ khẩn cấp của nhà cung cấp dịch vụ Internet (ISP) hoặc trung tâm dữ liệu, cung cấp địa chỉ IP bị tấn công, kiểu tấn công và các IP nguồn để đề nghị lọc hoặc chặn lưu lượng tấn công từ phía thượng nguồn. Ghi lại mã phiếu hỗ trợ và người tiếp nhận.",
                "Call the emergency line of the Internet service provider (ISP) or data centre, give the targeted IP address, the attack type and the source IPs, and ask them to filter or block the attack traffic upstream. Record the ticket number and who took the call.",
                .responder,
                2
            ),
            step(
                .containment,
                "Giới hạn tốc độ và chặn nguồn tấn công",
                "Rate-limit and block the attack sources",
                "Áp dụng giới hạn số kết nối và số yêu cầu trên mỗi IP tại tường lửa, thiết bị cân bằng tải hoặc máy chủ web; chặn các dải IP, khu vực địa lý hoặc chuỗi User-Agent tấn công rõ ràng, kiểm tra để không chặn nhầm người dùng hợp lệ.",
                "Apply per-IP connection and request limits on the firewall, load balancer or web server; block clearly hostile IP ranges, regions or User-Agent strings, and check that legitimate users are not blocked.",
                .responder,
                4
            ),
            step(
                .containment,
                "Chuyển sang CDN hoặc dịch vụ chống DDoS",
                "Move behind a CDN or anti-DDoS service",
                "Chuyển tên miền của trang thông tin điện tử sang dịch vụ CDN hoặc dịch vụ chống DDoS (kể cả dịch vụ của nhà mạng trong nước) và chỉ cho phép máy chủ gốc nhận kết nối từ dịch vụ này, không để lộ IP máy chủ gốc. Tạm tắt các chức năng nặng như tìm kiếm nếu bị lợi dụng để làm quá tải.",
                "Point the website's domain to a CDN or anti-DDoS service (including a domestic carrier's service) and let the origin server accept connections only from it, without exposing the origin IP. Temporarily switch off heavy functions such as search if they are being used to overload the site.",
                .supplier,
                8
            ),
            step(
                .containment,
                "Thông báo cho người sử dụng dịch vụ",
                "Inform the users of the service",
                "Thông báo gián đoạn và kênh thay thế (cổng dịch vụ công, số điện thoại, trang mạng xã hội chính thức) cho người dân, doanh nghiệp và các đơn vị sử dụng dịch vụ; cập nhật khi dịch vụ trở lại.",
                "Tell citizens, businesses and the units using the service about the interruption and the alternative channels (public-service portal, phone, official social media page); update them when the service is back.",
                .focalPoint,
                8
            ),
            step(
                .recovery,
                "Khôi phục dịch vụ và giám sát tăng cường",
                "Restore the service and monitor closely",
                "Khi lưu lượng tấn công giảm, gỡ dần các biện pháp chặn tạm thời, kiểm tra dịch vụ hoạt động bình thường và tiếp tục giám sát ít nhất 48 giờ vì tấn công thường lặp lại. Kiểm tra nhật ký xem cuộc tấn công có nhằm đánh lạc hướng cho một cuộc xâm nhập khác hay không.",
                "When the attack traffic drops, lift the temporary blocks step by step, check that the service works normally and keep monitoring for at least 48 hours, as attacks often return. Check the logs for signs that the attack covered another intrusion.",
                .responder,
                24
            ),
            finalReport(),
            lessonsLearned(
                "Đánh giá khả năng chịu tải, cam kết chống DDoS với nhà mạng và các ngưỡng giới hạn tốc độ cố định; lưu số điện thoại hỗ trợ khẩn cấp của nhà mạng và nhà cung cấp CDN vào danh bạ liên hệ.",
                "Review capacity, the anti-DDoS commitment with the ISP and permanent rate limits; put the emergency numbers of the ISP and the CDN provider in the contact directory."
            ),
        ]
    )

    private static let spoofing: Playbook = make(
        .spoofing,
        "Kịch bản ứng cứu sự cố tấn công giả mạo",
        "Response playbook: spoofing and impersonation (phishing)",
        [
            alertFocalPoint(),
            step(
                .detection,
                "Xác định hình thức giả mạo",
                "Establish what is being spoofed",
                "Xác định hình thức giả mạo: thư điện tử lừa đảo mạo danh cơ quan hoặc lãnh đạo, trang web hoặc tên miền giả mạo, hay tài khoản mạng xã hội giả. Phân tích tiêu đề thư (header) để tìm máy chủ gửi, địa chỉ người gửi thật, các đường dẫn và tệp đính kèm; không mở tệp đính kèm trên máy làm việc.",
                "Establish the form of spoofing: phishing e-mail impersonating the agency or a leader, a fake website or look-alike domain, or a fake social media account. Analyse the mail headers for the sending server, the real sender, the links and the attachments; never open an attachment on a work computer.",
                .responder,
                2
            ),
            assessSeverity(),
            step(
                .detection,
                "Lưu giữ chứng cứ và dấu hiệu tấn công",
                "Preserve the evidence and indicators",
                "Lưu thư gốc dạng tệp .eml có đầy đủ tiêu đề, ảnh chụp màn hình trang giả mạo và mã băm SHA-256 của tệp đính kèm; ghi các dấu hiệu tấn công (IOC) như tên miền, URL, địa chỉ IP, địa chỉ thư gửi vào Vigil.",
                "Keep the original message as an .eml file with full headers, screenshots of the fake page and SHA-256 hashes of the attachments; record the indicators (IOC) such as domains, URLs, IP addresses and sender addresses in Vigil.",
                .responder,
                4
            ),
            step(
                .detection,
                "Xác định người bị ảnh hưởng",
                "Find who was affected",
                "Tra cứu nhật ký máy chủ thư điện tử, proxy và DNS để tìm những người đã nhận thư, đã bấm vào đường dẫn, đã nhập mật khẩu hoặc đã mở tệp đính kèm; liên hệ trực tiếp từng người để xác nhận.",
                "Search the mail server, proxy and DNS logs for who received the message, clicked the link, entered a password or opened the attachment; contact each of them directly to confirm.",
                .responder,
                4
            ),
            notifyWithinFiveDays(),
            step(
                .containment,
                "Chặn tên miền và người gửi giả mạo",
                "Block the spoofed domains and senders",
                "Chặn tên miền, địa chỉ người gửi, URL và địa chỉ IP giả mạo trên cổng thư điện tử, tường lửa, proxy và DNS nội bộ; thu hồi, xóa các thư đã vào hộp thư của cán bộ.",
                "Block the spoofed domains, sender addresses, URLs and IP addresses on the mail gateway, firewall, proxy and internal DNS; pull the delivered messages out of staff mailboxes.",
                .responder,
                4
            ),
            step(
                .containment,
                "Cảnh báo cán bộ, công chức",
                "Warn the staff",
                "Gửi cảnh báo ngắn tới toàn bộ cán bộ, công chức kèm hình ảnh mẫu thư hoặc trang giả mạo, nhắc không bấm đường dẫn, không cung cấp mật khẩu hay mã OTP và báo ngay cho đầu mối nếu đã lỡ thao tác.",
                "Send a short warning to all staff with a picture of the fake message or page, reminding them not to click links or give out passwords or OTP codes, and to tell the focal point at once if they already did.",
                .focalPoint,
                4
            ),
            step(
                .containment,
                "Đặt lại mật khẩu của người bị lừa",
                "Reset the credentials of the victims",
                "Đổi mật khẩu, đăng xuất mọi phiên đăng nhập và bật xác thực hai yếu tố cho các tài khoản đã nhập thông tin vào trang giả mạo; kiểm tra quy tắc chuyển tiếp thư và thư đã gửi của các tài khoản này. Quét mã độc trên máy của những người đã mở tệp đính kèm.",
                "Change the password, sign out every session and turn on two-factor authentication for each account whose credentials were entered on the fake page; check those accounts' forwarding rules and sent mail. Scan for malware the computers of everyone who opened the attachment.",
                .responder,
                8
            ),
            step(
                .containment,
                "Đề nghị gỡ bỏ trang, tài khoản giả mạo",
                "Request the takedown of the fake site or account",
                "Đề nghị nhà đăng ký tên miền, nhà cung cấp hosting hoặc mạng xã hội gỡ bỏ trang, tài khoản giả mạo và gửi thông tin cho cơ quan điều phối quốc gia (VNCERT/CC), công an để hỗ trợ ngăn chặn. Nếu người dân có thể bị lừa, đăng cảnh báo trên cổng thông tin chính thức của cơ quan.",
                "Ask the domain registrar, hosting provider or social network to take the fake site or account down, and send the details to the national coordinating body (VNCERT/CC) and the police to help block it. If citizens may be deceived, post a warning on the agency's official portal.",
                .focalPoint,
                24
            ),
            step(
                .recovery,
                "Tăng cường xác thực thư điện tử",
                "Harden e-mail authentication",
                "Kiểm tra và cấu hình đầy đủ bản ghi SPF, DKIM và DMARC cho tên miền của cơ quan để hạn chế bị mạo danh; theo dõi hoạt động đăng nhập của các tài khoản đã bị lộ ít nhất 30 ngày.",
                "Check and complete the SPF, DKIM and DMARC records of the agency's domain to make impersonation harder; watch the sign-ins of the exposed accounts for at least 30 days.",
                .responder,
                72
            ),
            finalReport(),
            lessonsLearned(
                "Đánh giá số người đã bấm vào đường dẫn hoặc nhập mật khẩu, tổ chức tập huấn nhận diện thư lừa đảo và xem xét diễn tập gửi thư giả lập định kỳ.",
                "Review how many people clicked or entered a password, train staff to recognise phishing and consider regular simulated phishing exercises."
            ),
        ]
    )

    private static let malware: Playbook = make(
        .malware,
        "Kịch bản ứng cứu sự cố tấn công sử dụng mã độc",
        "Response playbook: malware attack",
        [
            alertFocalPoint(),
            step(
                .detection,
                "Xác minh cảnh báo mã độc",
                "Verify the malware alert",
                "Kiểm tra cảnh báo của phần mềm phòng, chống mã độc, hệ thống giám sát hoặc cảnh báo của cơ quan chức năng để xác định máy bị nhiễm, tên mẫu mã độc và thời điểm xuất hiện; loại trừ cảnh báo sai.",
                "Check the alert from the anti-malware software, the monitoring system or the authorities to identify the infected machine, the malware name and when it appeared; rule out a false positive.",
                .responder,
                1
            ),
            assessSeverity(),
            step(
                .detection,
                "Xác định phạm vi lây nhiễm",
                "Scope the infection",
                "Dùng mã băm, tên tệp, tên miền và IP máy chủ điều khiển (C&C) của mẫu mã độc để tìm các máy khác có dấu hiệu tương tự trên bảng điều khiển phần mềm phòng, chống mã độc quản lý tập trung, nhật ký DNS và tường lửa.",
                "Use the malware's hashes, file names and command-and-control (C&C) domains and IPs to find other machines with the same signs in the centrally managed anti-malware console and the DNS and firewall logs.",
                .responder,
                8
            ),
            notifyWithinFiveDays(),
            step(
                .containment,
                "Cô lập máy bị nhiễm",
                "Isolate the infected machines",
                "Ngắt máy bị nhiễm khỏi mạng (rút cáp, tắt Wi-Fi hoặc cách ly qua phần mềm quản lý tập trung) nhưng không tắt nguồn, để giữ lại dữ liệu trong bộ nhớ phục vụ phân tích.",
                "Disconnect the infected machines from the network (unplug the cable, turn off Wi-Fi or quarantine them from the central console) but do not power them off, so that memory is kept for analysis.",
                .responder,
                1
            ),
            step(
                .containment,
                "Thu thập chứng cứ",
                "Collect the evidence",
                "Thu thập mẫu mã độc (nén có đặt mật khẩu), mã băm SHA-256, danh sách tiến trình, kết nối mạng, nhật ký hệ thống và nếu có thể là bản sao bộ nhớ (RAM); ghi vào nhật ký lưu giữ chứng cứ.",
                "Collect the malware sample (in a password-protected archive), its SHA-256 hash, the process list, network connections, system logs and, if possible, a memory (RAM) image; record them in the chain of custody.",
                .responder,
                4
            ),
            step(
                .containment,
                "Chặn máy chủ điều khiển và quét toàn mạng",
                "Block the C&C servers and scan the whole network",
                "Chặn tên miền và địa chỉ IP máy chủ điều khiển trên tường lửa, proxy và DNS; cập nhật mẫu nhận diện mã độc và quét toàn bộ máy chủ, máy trạm trong mạng.",
                "Block the command-and-control domains and IP addresses on the firewall, proxy and DNS; update the malware signatures and scan every server and workstation on the network.",
                .responder,
                8
            ),
            step(
                .recovery,
                "Loại bỏ mã độc và kiểm tra cơ chế duy trì",
                "Remove the malware and check for persistence",
                "Loại bỏ mã độc và kiểm tra các cơ chế duy trì như dịch vụ, tác vụ lập lịch (scheduled task), khóa Run trong registry và tài khoản lạ. Với máy chủ quan trọng, hoặc khi không chắc chắn đã làm sạch, cài đặt lại hệ điều hành từ bản gốc.",
                "Remove the malware and check for persistence such as services, scheduled tasks, registry Run keys and unknown accounts. For important servers, or whenever cleanliness is in doubt, reinstall the operating system from original media.",
                .responder,
                24
            ),
            step(
                .recovery,
                "Khôi phục dữ liệu, vá lỗ hổng và đổi mật khẩu",
                "Restore data, patch and reset passwords",
                "Khôi phục dữ liệu bị hỏng từ bản sao lưu sạch, cập nhật bản vá cho hệ điều hành và phần mềm bị khai thác, đổi mật khẩu các tài khoản đã đăng nhập trên máy bị nhiễm. Chỉ đưa máy trở lại mạng khi quét lại không còn phát hiện.",
                "Restore damaged data from a clean backup, patch the exploited operating system and software, and change the passwords of every account used on the infected machines. Reconnect a machine only when a new scan finds nothing.",
                .responder,
                72
            ),
            finalReport(),
            lessonsLearned(
                "Tìm con đường lây nhiễm (thư điện tử, USB, phần mềm không rõ nguồn gốc, lỗ hổng chưa vá) và đối chiếu tỷ lệ cài đặt phần mềm phòng, chống mã độc quản lý tập trung với mục tiêu 100%.",
                "Find the infection route (e-mail, USB, software of unknown origin, an unpatched vulnerability) and compare the coverage of centrally managed anti-malware with the 100% target."
            ),
        ]
    )

    private static let intrusion: Playbook = make(
        .intrusion,
        "Kịch bản ứng cứu sự cố tấn công truy cập trái phép, chiếm quyền điều khiển",
        "Response playbook: unauthorised access and takeover",
        [
            alertFocalPoint(),
            step(
                .detection,
                "Xác minh dấu hiệu xâm nhập",
                "Verify the signs of intrusion",
                "Rà soát nhật ký đăng nhập, VPN, tường lửa và máy chủ để xác nhận truy cập trái phép: đăng nhập ngoài giờ hoặc từ IP lạ, tài khoản quản trị mới tạo, tiến trình hoặc công cụ lạ. Xác định các tài khoản và hệ thống đã bị chiếm quyền.",
                "Review the sign-in, VPN, firewall and server logs to confirm unauthorised access: sign-ins at odd hours or from unknown IPs, newly created admin accounts, unknown processes or tools. Identify the accounts and systems taken over.",
                .responder,
                2
            ),
            assessSeverity(),
            step(
                .detection,
                "Lưu giữ chứng cứ trước khi thay đổi hệ thống",
                "Preserve evidence before changing anything",
                "Sao lưu nhật ký, tạo bản sao ổ đĩa hoặc snapshot máy ảo và bản sao bộ nhớ của máy bị xâm nhập trước khi xóa, sửa bất cứ thứ gì; tính mã băm SHA-256 và ghi vào nhật ký lưu giữ chứng cứ.",
                "Copy the logs and take a disk image or VM snapshot and a memory image of the compromised machine before deleting or changing anything; compute SHA-256 hashes and record them in the chain of custody.",
                .responder,
                4
            ),
            step(
                .detection,
                "Xác định con đường và phạm vi xâm nhập",
                "Find the entry point and the scope",
                "Phân tích chứng cứ để tìm lỗ hổng hoặc tài khoản bị khai thác ban đầu, các máy kẻ tấn công đã di chuyển ngang tới và dữ liệu đã bị truy cập. Đề nghị đơn vị chuyên trách ứng cứu sự cố hỗ trợ nếu vượt quá khả năng.",
                "Analyse the evidence to find the vulnerability or account first exploited, the machines the attacker moved to and the data accessed. Ask the specialised incident-response unit for help if this exceeds the team's capacity.",
                .responder,
                24
            ),
            notifyWithinFiveDays(),
            step(
                .containment,
                "Cô lập hệ thống bị chiếm quyền",
                "Isolate the compromised systems",
                "Chuyển máy bị xâm nhập vào vùng mạng cách ly hoặc ngắt kết nối Internet, chặn IP của kẻ tấn công và tạm dừng các kết nối từ xa (VPN, RDP, SSH) không cần thiết. Thống nhất với chủ quản hệ thống trước khi phải dừng dịch vụ.",
                "Move the compromised machines into an isolated network segment or cut their Internet access, block the attacker's IPs and suspend unneeded remote access (VPN, RDP, SSH). Agree with the system owner before stopping a service.",
                .responder,
                2
            ),
            step(
                .containment,
                "Vô hiệu hóa tài khoản bị lộ",
                "Disable the compromised accounts",
                "Khóa hoặc đổi mật khẩu các tài khoản bị chiếm, xóa tài khoản lạ do kẻ tấn công tạo, thu hồi khóa SSH, token API và các phiên đăng nhập đang mở.",
                "Lock or reset the compromised accounts, delete accounts the attacker created, and revoke SSH keys, API tokens and open sessions.",
                .responder,
                4
            ),
            step(
                .recovery,
                "Loại bỏ cơ chế duy trì của kẻ tấn công",
                "Remove the attacker's persistence",
                "Tìm và gỡ bỏ webshell, backdoor, tài khoản ẩn, tác vụ lập lịch và khóa SSH lạ trên mọi máy trong phạm vi; nếu không chắc chắn hệ thống đã sạch, cài đặt lại từ bản gốc.",
                "Find and remove web shells, backdoors, hidden accounts, scheduled tasks and unknown SSH keys on every machine in scope; if a system cannot be trusted to be clean, rebuild it from original media.",
                .responder,
                48
            ),
            step(
                .recovery,
                "Vá lỗ hổng và đặt lại mật khẩu",
                "Patch and reset passwords",
                "Vá lỗ hổng đã bị khai thác, đặt lại mật khẩu của mọi tài khoản quản trị và tài khoản dịch vụ trong phạm vi, bật xác thực hai yếu tố cho truy cập từ xa. Khôi phục dữ liệu bị sửa đổi từ bản sao lưu trước thời điểm xâm nhập.",
                "Patch the exploited vulnerability, reset the passwords of every admin and service account in scope and turn on two-factor authentication for remote access. Restore altered data from a backup taken before the intrusion.",
                .responder,
                72
            ),
            step(
                .recovery,
                "Xác nhận đưa hệ thống trở lại hoạt động",
                "Approve the return to service",
                "Sau khi hệ thống đã được vá, làm sạch và rà quét lỗ hổng lại, chủ quản hệ thống thông tin quyết định đưa hệ thống trở lại hoạt động. Tiếp tục giám sát tăng cường các dấu hiệu tấn công (IOC) ít nhất 30 ngày.",
                "Once the system has been patched, cleaned and scanned again, the system owner decides to put it back into service. Keep close watch for the indicators (IOC) for at least 30 days.",
                .systemOwner,
                96
            ),
            finalReport(),
            lessonsLearned(
                "Xem xét vì sao lỗ hổng hoặc tài khoản bị khai thác không được phát hiện qua rà quét lỗ hổng định kỳ 6 tháng, quản lý mật khẩu và giám sát nhật ký, rồi đặt thời hạn khắc phục cho từng điểm yếu.",
                "Examine why the vulnerability or account was not caught by the 6-monthly vulnerability scan, password management or log monitoring, and set a remediation deadline for each weakness."
            ),
        ]
    )

    private static let defacement: Playbook = make(
        .defacement,
        "Kịch bản ứng cứu sự cố tấn công thay đổi giao diện",
        "Response playbook: website defacement",
        [
            alertFocalPoint(),
            step(
                .detection,
                "Xác nhận trang bị thay đổi giao diện",
                "Confirm the defacement",
                "Truy cập trang thông tin điện tử từ mạng bên ngoài để xác nhận nội dung bị thay đổi; ghi lại các trang, đường dẫn bị ảnh hưởng và thời điểm phát hiện.",
                "Open the website from an outside network to confirm the content was changed; record the pages and URLs affected and when it was found.",
                .responder,
                1
            ),
            step(
                .detection,
                "Lưu bản sao trang bị thay đổi",
                "Preserve a copy of the defaced site",
                "Chụp ảnh màn hình, lưu mã nguồn HTML của trang bị thay đổi và các tệp bị sửa kèm mã băm SHA-256 trước khi khôi phục; sao lưu nhật ký máy chủ web và nhật ký của hệ quản trị nội dung (CMS).",
                "Take screenshots and save the HTML of the defaced pages and the altered files with their SHA-256 hashes before restoring anything; copy the web server and content management system (CMS) logs.",
                .responder,
                1
            ),
            assessSeverity(),
            step(
                .detection,
                "Tìm con đường xâm nhập và webshell",
                "Find the entry point and any web shell",
                "Phân tích nhật ký truy cập web để tìm yêu cầu bất thường, tệp được tải lên và đăng nhập quản trị lạ; rà soát thư mục web tìm webshell, tệp mới hoặc bị sửa gần thời điểm sự cố, và kiểm tra phiên bản CMS, plugin, giao diện (theme) có lỗ hổng.",
                "Analyse the web access logs for unusual requests, uploaded files and unknown admin sign-ins; search the web root for web shells and files created or changed around the incident, and check the CMS, plugin and theme versions for known vulnerabilities.",
                .responder,
                24
            ),
            notifyWithinFiveDays(),
            step(
                .containment,
                "Tạm ngừng trang hoặc bật trang bảo trì",
                "Take the site offline or show a maintenance page",
                "Đưa trang thông tin điện tử về chế độ bảo trì hoặc tạm ngừng truy cập để nội dung xấu không tiếp tục hiển thị; nếu trang đặt tại nhà cung cấp hosting, đề nghị nhà cung cấp thực hiện ngay.",
                "Put the website into maintenance mode or take it offline so the defaced content stops showing; if it is hosted by a provider, ask the provider to do it at once.",
                .responder,
                1
            ),
            step(
                .containment,
                "Quyết định thông tin ra bên ngoài",
                "Decide on public communication",
                "Lãnh đạo quyết định nội dung thông báo cho người dân và báo chí về việc trang tạm ngừng. Nếu nội dung bị chèn có tính chất chính trị, xuyên tạc hoặc kích động, thông báo ngay cho công an tỉnh.",
                "The leader decides what citizens and the press are told about the site being down. If the inserted content is political, distorting or inflammatory, inform the provincial police at once.",
                .leader,
                4
            ),
            step(
                .recovery,
                "Khôi phục từ bản sạch đã kiểm chứng",
                "Restore from a known-good copy",
                "Khôi phục mã nguồn và cơ sở dữ liệu từ bản sao lưu trước thời điểm bị xâm nhập đã được kiểm tra là sạch, hoặc triển khai lại từ bản gốc của đơn vị phát triển; không chỉ sửa lại trang chủ bị thay đổi.",
                "Restore the code and database from a backup taken before the compromise and checked to be clean, or redeploy from the developer's original release; do not just repair the defaced home page.",
                .responder,
                24
            ),
            step(
                .recovery,
                "Vá lỗ hổng và đổi thông tin đăng nhập",
                "Patch and rotate credentials",
                "Cập nhật CMS, plugin và hệ điều hành, gỡ bỏ thành phần không dùng; đổi mật khẩu quản trị CMS, FTP, SSH, cơ sở dữ liệu và tài khoản hosting, xóa các tài khoản quản trị lạ.",
                "Update the CMS, plugins and operating system and remove unused components; change the CMS admin, FTP, SSH, database and hosting passwords, and delete unknown admin accounts.",
                .supplier,
                24
            ),
            step(
                .recovery,
                "Kiểm tra trước khi mở lại và giám sát",
                "Check before reopening and monitor",
                "Sau khi rà quét lỗ hổng lại và xác nhận không còn webshell, chủ quản hệ thống quyết định mở lại trang. Bật giám sát thay đổi giao diện trong Vigil cho trang này.",
                "After a new vulnerability scan confirms no web shell is left, the system owner decides to reopen the site. Turn on defacement monitoring in Vigil for it.",
                .systemOwner,
                48
            ),
            finalReport(),
            lessonsLearned(
                "Xem xét quy trình cập nhật CMS, quản lý tài khoản quản trị và trách nhiệm của nhà cung cấp hosting hoặc đơn vị phát triển; đưa trang vào danh sách rà quét lỗ hổng định kỳ.",
                "Review how the CMS is kept up to date, how admin accounts are managed and what the hosting provider or developer is responsible for; add the site to the regular vulnerability scans."
            ),
        ]
    )

    private static let ransomware: Playbook = make(
        .ransomware,
        "Kịch bản ứng cứu sự cố tấn công mã hóa phần mềm, dữ liệu, thiết bị (ransomware)",
        "Response playbook: ransomware (encryption of software, data or devices)",
        [
            alertFocalPoint(),
            step(
                .detection,
                "Xác định phạm vi bị mã hóa",
                "Scope the encryption",
                "Xác định máy chủ, máy trạm và thư mục chia sẻ bị mã hóa qua phần mở rộng tệp lạ và thư đòi tiền chuộc; kiểm tra ngay hệ thống sao lưu có bị ảnh hưởng hay không.",
                "Identify the encrypted servers, workstations and shared folders from unusual file extensions and ransom notes; check at once whether the backup system is affected.",
                .responder,
                1
            ),
            assessSeverity(),
            step(
                .detection,
                "Nhận diện dòng mã độc tống tiền",
                "Identify the ransomware strain",
                "Dùng thư đòi tiền chuộc, phần mở rộng tệp và mẫu mã độc để nhận diện dòng mã độc (ví dụ qua ID Ransomware, No More Ransom) và tìm công cụ giải mã công khai nếu có. Kiểm tra dấu hiệu dữ liệu đã bị lấy cắp trước khi mã hóa.",
                "Use the ransom note, the file extension and the malware sample to identify the strain (for example with ID Ransomware or No More Ransom) and look for a public decryptor. Check for signs that data was stolen before it was encrypted.",
                .responder,
                8
            ),
            notifyWithinFiveDays(),
            step(
                .containment,
                "Cô lập ngay các máy bị ảnh hưởng",
                "Isolate the affected machines at once",
                "Ngắt kết nối mạng của máy bị mã hóa, ngắt các ổ đĩa mạng và thư mục chia sẻ để chặn lây lan; không tắt nguồn khi chưa thu thập chứng cứ vì khóa mã hóa có thể còn trong bộ nhớ. Tạm dừng đồng bộ lên đám mây và tách hệ thống sao lưu khỏi mạng.",
                "Disconnect the encrypted machines from the network and unmap network drives and shares to stop the spread; do not power them off before evidence is collected, as the key may still be in memory. Pause cloud sync and disconnect the backup system from the network.",
                .responder,
                1
            ),
            step(
                .containment,
                "Lưu giữ chứng cứ",
                "Preserve the evidence",
                "Lưu thư đòi tiền chuộc, một số tệp bị mã hóa làm mẫu, mẫu mã độc nếu tìm thấy, nhật ký hệ thống và bản sao bộ nhớ; chụp ảnh màn hình và ghi vào nhật ký lưu giữ chứng cứ.",
                "Keep the ransom note, a few encrypted sample files, the malware sample if found, the system logs and a memory image; take screenshots and record everything in the chain of custody.",
                .responder,
                4
            ),
            step(
                .containment,
                "Lãnh đạo quyết định phương án, không trả tiền chuộc",
                "Leader decides the course of action; do not pay",
                "Lãnh đạo quyết định phương án dựa trên phạm vi ảnh hưởng, tình trạng bản sao lưu và khả năng giải mã; không trả tiền chuộc và không liên lạc với kẻ tấn công, vì trả tiền không bảo đảm lấy lại được dữ liệu. Đề nghị cơ quan điều phối quốc gia (VNCERT/CC) và đơn vị chuyên trách ứng cứu sự cố hỗ trợ khi vượt quá khả năng.",
                "The leader decides the course of action from the scope, the state of the backups and the chance of decryption; do not pay the ransom or contact the attackers, as paying does not guarantee the data back. Ask the national coordinating body (VNCERT/CC) and the specialised incident-response unit for help when it exceeds the agency's capacity.",
                .leader,
                8
            ),
            step(
                .recovery,
                "Kiểm tra bản sao lưu ngoại tuyến",
                "Check the offline backups",
                "Kiểm tra các bản sao lưu ngoại tuyến hoặc không thể sửa đổi (offline, immutable) trong môi trường cách ly: xác định bản sạch gần nhất trước thời điểm nhiễm và thử khôi phục một phần trước khi khôi phục toàn bộ.",
                "Examine the offline or immutable backups in an isolated environment: find the latest clean copy from before the infection and test a partial restore before restoring everything.",
                .responder,
                24
            ),
            step(
                .recovery,
                "Làm sạch và xây dựng lại hệ thống",
                "Clean and rebuild the systems",
                "Cài đặt lại hệ điều hành các máy bị mã hóa từ bản gốc; tìm và loại bỏ cơ chế duy trì, công cụ truy cập từ xa và tài khoản lạ trên máy chủ và máy điều khiển miền (domain controller); vá lỗ hổng đã bị khai thác.",
                "Reinstall the encrypted machines from original media; find and remove persistence, remote-access tools and unknown accounts on the servers and the domain controller; patch the exploited vulnerability.",
                .responder,
                72
            ),
            step(
                .recovery,
                "Đặt lại mật khẩu và khôi phục dữ liệu",
                "Reset passwords and restore the data",
                "Đặt lại mật khẩu của toàn bộ tài khoản quản trị, tài khoản dịch vụ và người dùng trong miền; khôi phục dữ liệu từ bản sao lưu sạch theo thứ tự ưu tiên của dịch vụ và giám sát tăng cường.",
                "Reset the passwords of all admin, service and user accounts in the domain; restore data from the clean backup in order of service priority and monitor closely.",
                .responder,
                96
            ),
            step(
                .recovery,
                "Xác nhận dữ liệu và đưa vào hoạt động",
                "Verify the data and return to service",
                "Chủ quản hệ thống kiểm tra tính toàn vẹn, đầy đủ của dữ liệu đã khôi phục và quyết định đưa hệ thống trở lại hoạt động; lập danh sách dữ liệu không thể khôi phục.",
                "The system owner checks that the restored data is complete and intact and decides to put the system back into service; list the data that could not be recovered.",
                .systemOwner,
                120
            ),
            finalReport(),
            lessonsLearned(
                "Đánh giá chính sách sao lưu (quy tắc 3-2-1, có bản ngoại tuyến, thử khôi phục định kỳ), phân quyền quản trị và con đường xâm nhập ban đầu; nếu dữ liệu cá nhân bị lấy cắp, kiểm tra đã thực hiện nghĩa vụ thông báo về bảo vệ dữ liệu cá nhân.",
                "Review the backup policy (3-2-1 rule, an offline copy, regular restore tests), admin privileges and the initial entry point; if personal data was stolen, check that the personal-data breach notification was made."
            ),
        ]
    )

    private static let destruction: Playbook = make(
        .destruction,
        "Kịch bản ứng cứu sự cố tấn công phá hoại thông tin, dữ liệu, phần mềm",
        "Response playbook: destruction of information, data or software",
        [
            alertFocalPoint(),
            step(
                .detection,
                "Xác định dữ liệu, phần mềm bị phá hoại",
                "Identify what was destroyed",
                "Xác định dữ liệu, cơ sở dữ liệu, phần mềm hoặc cấu hình bị xóa, sửa đổi hay làm hỏng, thời điểm xảy ra và tài khoản thực hiện qua nhật ký hệ thống, nhật ký cơ sở dữ liệu và nhật ký truy vết.",
                "Identify the data, databases, software or configuration deleted, altered or corrupted, when it happened and which account did it, from the system, database and audit logs.",
                .responder,
                2
            ),
            assessSeverity(),
            step(
                .detection,
                "Xác định nguồn gốc phá hoại",
                "Establish the origin of the destruction",
                "Phân tích để xác định phá hoại do tấn công từ bên ngoài, mã độc xóa dữ liệu (wiper) hay do người bên trong. Nếu nghi ngờ người bên trong, báo cáo lãnh đạo và chỉ chia sẻ thông tin với người cần biết.",
                "Work out whether the destruction came from an outside attack, wiper malware or an insider. If an insider is suspected, brief the leader and share information only with those who need to know.",
                .responder,
                24
            ),
            notifyWithinFiveDays(),
            step(
                .containment,
                "Ngăn chặn phá hoại tiếp diễn",
                "Stop further destruction",
                "Khóa tài khoản đang thực hiện thao tác phá hoại, ngắt các phiên kết nối và cô lập máy bị kiểm soát; chuyển hệ thống sang chế độ chỉ đọc hoặc tạm dừng nếu dữ liệu vẫn đang bị xóa.",
                "Lock the account doing the damage, cut its sessions and isolate the controlled machines; switch the system to read-only or stop it if data is still being deleted.",
                .responder,
                1
            ),
            step(
                .containment,
                "Bảo vệ hệ thống sao lưu",
                "Protect the backups",
                "Kiểm tra ngay hệ thống sao lưu còn nguyên vẹn, tách khỏi mạng và đổi thông tin đăng nhập của hệ thống sao lưu để kẻ phá hoại không thể xóa tiếp.",
                "Check at once that the backups are intact, disconnect them from the network and change the backup system's credentials so the attacker cannot delete them too.",
                .responder,
                2
            ),
            step(
                .containment,
                "Lưu giữ chứng cứ",
                "Preserve the evidence",
                "Tạo bản sao ổ đĩa hoặc snapshot, lưu nhật ký và danh sách tệp bị thay đổi trước khi khôi phục, kèm mã băm SHA-256; ghi nhật ký lưu giữ chứng cứ vì sự cố có thể phải chuyển cho cơ quan công an.",
                "Take a disk image or snapshot and keep the logs and the list of altered files, with SHA-256 hashes, before restoring; keep the chain of custody, as the case may go to the police.",
                .responder,
                4
            ),
            step(
                .recovery,
                "Khôi phục dữ liệu và phần mềm",
                "Restore the data and software",
                "Khôi phục dữ liệu, phần mềm và cấu hình từ bản sao lưu sạch gần nhất; đối chiếu với hồ sơ nghiệp vụ để nhập lại dữ liệu phát sinh sau thời điểm sao lưu.",
                "Restore the data, software and configuration from the latest clean backup; re-enter the data created after the backup from the business records.",
                .responder,
                48
            ),
            step(
                .recovery,
                "Loại bỏ quyền truy cập trái phép và vá lỗ hổng",
                "Remove unauthorised access and patch",
                "Rà soát và loại bỏ cơ chế duy trì, tài khoản lạ; vá lỗ hổng đã bị khai thác và đặt lại mật khẩu các tài khoản có quyền ghi, xóa dữ liệu.",
                "Find and remove persistence and unknown accounts; patch the exploited vulnerability and reset the passwords of every account that can write or delete data.",
                .responder,
                72
            ),
            step(
                .recovery,
                "Xác nhận toàn vẹn dữ liệu",
                "Confirm data integrity",
                "Chủ quản hệ thống và các phòng chuyên môn sử dụng dữ liệu kiểm tra tính toàn vẹn, đầy đủ của dữ liệu đã khôi phục; lập danh sách dữ liệu không thể khôi phục để đánh giá thiệt hại.",
                "The system owner and the divisions using the data check that the restored data is complete and intact; list the data that could not be recovered to assess the damage.",
                .systemOwner,
                96
            ),
            finalReport(),
            lessonsLearned(
                "Xem xét phân quyền ghi, xóa dữ liệu theo nguyên tắc tối thiểu, tần suất sao lưu so với lượng dữ liệu bị mất và việc ghi nhật ký truy vết các thao tác xóa.",
                "Review write and delete rights against least privilege, how often backups run compared with the data lost, and whether deletions are recorded in the audit trail."
            ),
        ]
    )

    private static let espionage: Playbook = make(
        .espionage,
        "Kịch bản ứng cứu sự cố tấn công nghe trộm, gián điệp, lấy cắp thông tin, dữ liệu",
        "Response playbook: eavesdropping, espionage and data theft",
        [
            alertFocalPoint(),
            step(
                .detection,
                "Xác minh dấu hiệu lấy cắp dữ liệu",
                "Verify the signs of data theft",
                "Phân tích cảnh báo và nhật ký tường lửa, proxy, DNS để tìm lưu lượng ra ngoài bất thường, kết nối tới máy chủ lạ, tệp nén lớn hoặc truy cập dữ liệu trái phép. Xử lý kín, tránh để kẻ tấn công biết đã bị phát hiện.",
                "Analyse the alerts and the firewall, proxy and DNS logs for unusual outbound traffic, connections to unknown servers, large archives or unauthorised data access. Work discreetly so the attacker does not learn they were spotted.",
                .responder,
                4
            ),
            step(
                .detection,
                "Lưu giữ chứng cứ",
                "Preserve the evidence",
                "Sao lưu nhật ký, bản sao bộ nhớ và ổ đĩa của các máy liên quan kèm mã băm SHA-256; hạn chế người tiếp cận chứng cứ và ghi nhật ký lưu giữ chứng cứ.",
                "Copy the logs and take memory and disk images of the machines involved with SHA-256 hashes; restrict who can access the evidence and keep the chain of custody.",
                .responder,
                4
            ),
            assessSeverity(),
            step(
                .detection,
                "Báo cáo khẩn nếu có nguy cơ lộ bí mật nhà nước",
                "Report at once if state secrets may be exposed",
                "Nếu có khả năng lộ lọt thông tin thuộc bí mật nhà nước, lãnh đạo báo cáo ngay cơ quan công an và cơ quan điều phối quốc gia (VNCERT/CC) theo thủ tục khẩn cấp. Giữ nguyên hiện trạng các máy liên quan cho tới khi có hướng dẫn.",
                "If information classified as a state secret may have leaked, the leader reports immediately to the police and the national coordinating body (VNCERT/CC) under the emergency procedure. Leave the machines involved untouched until instructed.",
                .leader,
                4
            ),
            step(
                .detection,
                "Xác định phạm vi dữ liệu bị lộ",
                "Establish the scope of the data exposed",
                "Xác định dữ liệu nào đã bị truy cập hoặc chuyển ra ngoài, khối lượng, khoảng thời gian và phân loại (bí mật nhà nước, dữ liệu cá nhân, dữ liệu nội bộ); lập danh sách các đơn vị và người có dữ liệu bị ảnh hưởng.",
                "Establish which data was accessed or sent out, how much, over what period and of what class (state secret, personal, internal); list the units and people whose data is affected.",
                .responder,
                24
            ),
            step(
                .detection,
                "Thực hiện nghĩa vụ về dữ liệu cá nhân",
                "Meet the personal-data obligations",
                "Nếu dữ liệu cá nhân bị lộ, thông báo cho cơ quan chuyên trách bảo vệ dữ liệu cá nhân (Bộ Công an) trong thời hạn theo quy định về bảo vệ dữ liệu cá nhân (72 giờ) và chuẩn bị thông báo cho người bị ảnh hưởng khi cần thiết.",
                "If personal data was exposed, notify the personal-data protection authority (Ministry of Public Security) within the deadline of the personal-data protection rules (72 hours) and prepare to inform the people affected where needed.",
                .focalPoint,
                72
            ),
            notifyWithinFiveDays(),
            step(
                .containment,
                "Cắt kênh lấy cắp dữ liệu",
                "Cut the exfiltration channel",
                "Chặn địa chỉ IP, tên miền nhận dữ liệu, cô lập máy bị kiểm soát, khóa tài khoản bị lợi dụng và thu hồi khóa truy cập, token. Với thiết bị nghe lén phần cứng, giữ nguyên hiện trạng và báo cơ quan công an.",
                "Block the receiving IP addresses and domains, isolate the controlled machines, lock the misused accounts and revoke access keys and tokens. If a hardware eavesdropping device is found, leave it in place and call the police.",
                .responder,
                8
            ),
            step(
                .recovery,
                "Loại bỏ công cụ gián điệp và vá lỗ hổng",
                "Remove the spying tools and patch",
                "Loại bỏ mã độc, backdoor và cơ chế duy trì, cài đặt lại máy nếu không chắc chắn đã sạch; vá lỗ hổng, đặt lại mật khẩu và thay khóa mã hóa, chứng thư số có thể đã bị lộ.",
                "Remove the malware, backdoors and persistence, rebuilding any machine that cannot be trusted; patch, reset passwords and replace encryption keys and certificates that may have been exposed.",
                .responder,
                72
            ),
            step(
                .recovery,
                "Giám sát tăng cường dài hạn",
                "Extended close monitoring",
                "Giám sát lưu lượng ra ngoài và các dấu hiệu tấn công (IOC) ít nhất 90 ngày vì nhóm gián điệp thường quay lại; chia sẻ IOC với cơ quan điều phối quốc gia (VNCERT/CC).",
                "Watch outbound traffic and the indicators (IOC) for at least 90 days, as espionage groups often come back; share the IOCs with the national coordinating body (VNCERT/CC).",
                .responder,
                96
            ),
            finalReport(),
            lessonsLearned(
                "Xem xét việc phân loại và mã hóa dữ liệu nhạy cảm, kiểm soát lưu lượng ra ngoài và quy định không soạn thảo, lưu trữ tài liệu mật trên máy có kết nối Internet.",
                "Review how sensitive data is classified and encrypted, how outbound traffic is controlled, and the rule that classified documents are never written or stored on Internet-connected machines."
            ),
        ]
    )

    private static let combinedAttack: Playbook = make(
        .combinedAttack,
        "Kịch bản ứng cứu sự cố tấn công tổng hợp sử dụng kết hợp nhiều hình thức",
        "Response playbook: combined attack using several forms",
        [
            alertFocalPoint(),
            step(
                .detection,
                "Nhận diện các hình thức tấn công",
                "Identify the forms of attack",
                "Liệt kê các hình thức tấn công đang diễn ra (ví dụ DDoS để đánh lạc hướng kèm xâm nhập, thư lừa đảo dẫn tới mã độc tống tiền) và các hệ thống bị ảnh hưởng; dùng kịch bản riêng của từng hình thức làm danh mục kiểm tra.",
                "List the forms of attack under way (for example a DDoS as a distraction during an intrusion, or phishing leading to ransomware) and the systems affected; use each form's own playbook as a checklist.",
                .responder,
                2
            ),
            assessSeverity(),
            step(
                .detection,
                "Lưu giữ chứng cứ",
                "Preserve the evidence",
                "Thu thập nhật ký, bản sao ổ đĩa, bộ nhớ và mẫu mã độc của các hệ thống liên quan trước khi khôi phục, kèm mã băm SHA-256; ghi nhật ký lưu giữ chứng cứ và các dấu hiệu tấn công (IOC) vào Vigil.",
                "Collect the logs, disk and memory images and malware samples of the systems involved before restoring, with SHA-256 hashes; keep the chain of custody and record the indicators (IOC) in Vigil.",
                .responder,
                4
            ),
            notifyWithinFiveDays(),
            step(
                .containment,
                "Kích hoạt đội ứng cứu sự cố và phân công",
                "Activate the response team and assign roles",
                "Lãnh đạo kích hoạt đội ứng cứu sự cố, giao một người chỉ huy chung và người phụ trách từng hình thức tấn công; thống nhất kênh liên lạc không phụ thuộc vào hệ thống đang bị tấn công.",
                "The leader activates the incident response team, names one overall lead and an owner for each form of attack, and agrees a communication channel that does not depend on the attacked systems.",
                .leader,
                4
            ),
            step(
                .containment,
                "Ngăn chặn theo thứ tự ưu tiên",
                "Contain in order of priority",
                "Ngăn chặn trước hình thức gây hại lớn và khó khắc phục nhất (mã hóa, phá hoại, lấy cắp dữ liệu), sau đó xử lý gián đoạn dịch vụ; cô lập các máy bị xâm nhập và chặn các dấu hiệu tấn công (IOC) đã biết.",
                "Contain first what does the greatest and least reversible harm (encryption, destruction, data theft), then the service disruption; isolate the compromised machines and block the known indicators (IOC).",
                .responder,
                4
            ),
            step(
                .containment,
                "Đề nghị hỗ trợ ứng cứu sự cố",
                "Request response support",
                "Gửi đề nghị hỗ trợ ứng cứu sự cố tới đơn vị chuyên trách ứng cứu sự cố và cơ quan điều phối quốc gia (VNCERT/CC) khi nhân lực tại chỗ không đủ để xử lý đồng thời các hình thức tấn công; liên hệ nhà mạng, nhà cung cấp hosting khi cần.",
                "Send a request for support to the specialised incident-response unit and the national coordinating body (VNCERT/CC) when local staff cannot handle all the attacks at once; call the ISP or hosting provider as needed.",
                .focalPoint,
                8
            ),
            step(
                .recovery,
                "Loại bỏ mọi điểm xâm nhập và cơ chế duy trì",
                "Remove every foothold and persistence",
                "Rà soát toàn bộ máy trong phạm vi để loại bỏ mã độc, webshell, tài khoản lạ và cơ chế duy trì; vá các lỗ hổng bị khai thác và đặt lại mật khẩu quản trị.",
                "Sweep every machine in scope to remove malware, web shells, unknown accounts and persistence; patch the exploited vulnerabilities and reset admin passwords.",
                .responder,
                72
            ),
            step(
                .recovery,
                "Khôi phục theo thứ tự ưu tiên",
                "Restore in order of priority",
                "Khôi phục từ bản sao lưu sạch theo thứ tự ưu tiên đã thống nhất với chủ quản hệ thống; kiểm tra từng hệ thống trước khi kết nối lại và giám sát tăng cường.",
                "Restore from clean backups in the order agreed with the system owner; check each system before reconnecting it and monitor closely.",
                .responder,
                96
            ),
            finalReport(),
            lessonsLearned(
                "Rà soát sự phối hợp giữa các nhóm, kênh liên lạc và khả năng xử lý đồng thời nhiều hình thức tấn công; đưa tình huống tấn công tổng hợp vào kế hoạch diễn tập thực chiến.",
                "Review the coordination between teams, the communication channels and the capacity to handle several attacks at once; include a combined attack in the live-fire drill plan."
            ),
        ]
    )

    private static let otherAttack: Playbook = make(
        .otherAttack,
        "Kịch bản ứng cứu sự cố các hình thức tấn công mạng khác",
        "Response playbook: other forms of cyber attack",
        [
            alertFocalPoint(),
            step(
                .detection,
                "Mô tả và phân loại tấn công",
                "Describe and classify the attack",
                "Ghi lại hiện tượng quan sát được, hệ thống bị ảnh hưởng và tác động tới tính bí mật, toàn vẹn, sẵn sàng; xem lại có thể xếp vào một tình huống cụ thể (mã độc, xâm nhập, giả mạo…) để dùng kịch bản phù hợp hơn không.",
                "Record what was observed, the systems affected and the impact on confidentiality, integrity and availability; check again whether it fits a specific scenario (malware, intrusion, spoofing…) with a better-suited playbook.",
                .responder,
                2
            ),
            assessSeverity(),
            step(
                .detection,
                "Lưu giữ chứng cứ",
                "Preserve the evidence",
                "Thu thập nhật ký, ảnh chụp màn hình, tệp và bản sao hệ thống liên quan kèm mã băm SHA-256 trước khi thay đổi; ghi nhật ký lưu giữ chứng cứ và các dấu hiệu tấn công (IOC) vào Vigil.",
                "Collect the logs, screenshots, files and system images involved, with SHA-256 hashes, before changing anything; keep the chain of custody and record the indicators (IOC) in Vigil.",
                .responder,
                4
            ),
            step(
                .detection,
                "Tham vấn chuyên gia",
                "Seek expert help",
                "Nếu chưa rõ bản chất tấn công, đề nghị đơn vị chuyên trách ứng cứu sự cố, cơ quan điều phối quốc gia (VNCERT/CC) hoặc nhà cung cấp giải pháp an toàn thông tin hỗ trợ phân tích.",
                "If the nature of the attack is unclear, ask the specialised incident-response unit, the national coordinating body (VNCERT/CC) or the security solution supplier to help analyse it.",
                .focalPoint,
                8
            ),
            notifyWithinFiveDays(),
            step(
                .containment,
                "Ngăn chặn tác động",
                "Contain the impact",
                "Cô lập hệ thống bị ảnh hưởng, chặn nguồn tấn công và tài khoản bị lợi dụng, tạm dừng chức năng bị khai thác để giới hạn thiệt hại.",
                "Isolate the affected systems, block the attack sources and misused accounts, and suspend the exploited function to limit the damage.",
                .responder,
                4
            ),
            step(
                .recovery,
                "Loại bỏ nguyên nhân và kiểm tra cơ chế duy trì",
                "Eradicate the cause and check for persistence",
                "Loại bỏ thành phần độc hại, kiểm tra cơ chế duy trì và tài khoản lạ, vá lỗ hổng và đổi mật khẩu các tài khoản liên quan.",
                "Remove the malicious components, check for persistence and unknown accounts, patch the vulnerability and change the passwords of the accounts involved.",
                .responder,
                72
            ),
            step(
                .recovery,
                "Khôi phục và giám sát",
                "Restore and monitor",
                "Khôi phục dịch vụ và dữ liệu từ bản sao lưu sạch khi cần, được chủ quản hệ thống xác nhận, rồi giám sát tăng cường các dấu hiệu tấn công (IOC) ít nhất 30 ngày.",
                "Restore the service and data from clean backups where needed, with the system owner's approval, then watch closely for the indicators (IOC) for at least 30 days.",
                .systemOwner,
                96
            ),
            finalReport(),
            lessonsLearned(
                "Nếu hình thức tấn công mới có khả năng lặp lại, đề xuất bổ sung một kịch bản ứng cứu riêng và các biện pháp phát hiện sớm.",
                "If this new form of attack is likely to recur, propose a dedicated playbook and early-detection measures for it."
            ),
        ]
    )

    // MARK: - System failures

    private static let powerFailure: Playbook = make(
        .powerFailure,
        "Kịch bản ứng cứu sự cố nguồn điện",
        "Response playbook: power failure",
        [
            alertFocalPoint(),
            step(
                .detection,
                "Xác định phạm vi mất điện",
                "Establish the extent of the outage",
                "Xác định mất điện lưới toàn tòa nhà hay chỉ phòng máy chủ, thiết bị nào đang chạy bằng bộ lưu điện (UPS) và thời gian lưu điện còn lại; liên hệ điện lực để biết thời gian dự kiến có điện trở lại.",
                "Establish whether the whole building or only the server room lost mains power, which equipment runs on the UPS and how much battery time is left; call the power company for the expected restoration time.",
                .responder,
                1
            ),
            assessSeverity(),
            notifyIfRequired(),
            step(
                .containment,
                "Chạy máy phát điện dự phòng",
                "Start the backup generator",
                "Khởi động máy phát điện dự phòng (nếu có), kiểm tra bộ chuyển nguồn tự động (ATS), nhiên liệu và tải; ưu tiên cấp điện cho máy chủ, thiết bị mạng và điều hòa phòng máy.",
                "Start the backup generator (if any) and check the automatic transfer switch (ATS), fuel and load; give priority to the servers, network equipment and server-room cooling.",
                .responder,
                1
            ),
            step(
                .containment,
                "Tắt hệ thống có trật tự",
                "Shut down in an orderly way",
                "Nếu không có máy phát hoặc UPS sắp cạn, tắt lần lượt theo thứ tự đã định: ứng dụng, cơ sở dữ liệu, máy ảo, máy chủ, hệ thống lưu trữ, cuối cùng là thiết bị mạng, để tránh hỏng dữ liệu.",
                "If there is no generator or the UPS is running out, shut down in the agreed order: applications, databases, virtual machines, servers, storage and finally network equipment, to avoid data corruption.",
                .responder,
                1
            ),
            step(
                .containment,
                "Thông báo cho người sử dụng",
                "Inform the users",
                "Thông báo cho các đơn vị và người sử dụng dịch vụ về gián đoạn và thời gian dự kiến khôi phục; báo lãnh đạo nếu dịch vụ công trực tuyến bị gián đoạn.",
                "Tell the units and service users about the interruption and the expected restoration time; inform the leader if online public services are down.",
                .focalPoint,
                2
            ),
            step(
                .recovery,
                "Khởi động lại theo thứ tự",
                "Restart in order",
                "Khi điện lưới ổn định, khởi động theo thứ tự ngược lại: thiết bị mạng, hệ thống lưu trữ, máy chủ ảo hóa, cơ sở dữ liệu, ứng dụng; kiểm tra từng lớp hoạt động bình thường trước khi bật lớp tiếp theo.",
                "Once mains power is stable, start up in reverse order: network equipment, storage, virtualisation hosts, databases, applications; check each layer works before starting the next.",
                .responder,
                8
            ),
            step(
                .recovery,
                "Kiểm tra dữ liệu và thiết bị",
                "Check the data and equipment",
                "Kiểm tra tính toàn vẹn của cơ sở dữ liệu, hệ thống tệp và nhật ký lỗi; khôi phục từ bản sao lưu nếu dữ liệu bị hỏng và lập danh sách thiết bị hỏng do mất điện.",
                "Check the integrity of databases and file systems and the error logs; restore from backup if data was corrupted, and list the equipment damaged by the outage.",
                .responder,
                24
            ),
            step(
                .recovery,
                "Sửa chữa, thay thế thiết bị hỏng",
                "Repair or replace the damaged equipment",
                "Nhà cung cấp bảo hành, bảo trì thay thế ắc quy UPS, bộ nguồn, ổ cứng bị hỏng và kiểm tra lại bộ chuyển nguồn, máy phát điện.",
                "The warranty or maintenance supplier replaces failed UPS batteries, power supplies and disks and re-tests the transfer switch and the generator.",
                .supplier,
                72
            ),
            finalReport(),
            lessonsLearned(
                "Đánh giá thời gian lưu điện thực tế của UPS, công suất máy phát và quy trình tắt, khởi động lại; lên lịch chạy thử máy phát có tải và thay ắc quy UPS định kỳ.",
                "Review the UPS's real battery time, the generator capacity and the shutdown and restart procedure; schedule regular generator load tests and UPS battery replacement."
            ),
        ]
    )

    private static let internetFailure: Playbook = make(
        .internetFailure,
        "Kịch bản ứng cứu sự cố đường kết nối Internet",
        "Response playbook: Internet connection failure",
        [
            alertFocalPoint(),
            step(
                .detection,
                "Xác định điểm mất kết nối",
                "Locate the break",
                "Kiểm tra lần lượt switch, tường lửa, router, modem của nhà mạng, đèn tín hiệu và cáp quang; dùng ping, traceroute để xác định mất kết nối ở mạng nội bộ hay phía nhà cung cấp. Loại trừ khả năng bị tấn công từ chối dịch vụ.",
                "Check in turn the switches, firewall, router, the carrier's modem, its signal lights and the fibre; use ping and traceroute to tell whether the break is in the internal network or at the provider. Rule out a denial-of-service attack.",
                .responder,
                1
            ),
            assessSeverity(),
            notifyIfRequired(),
            step(
                .containment,
                "Báo hỏng cho nhà cung cấp dịch vụ Internet",
                "Open a ticket with the ISP",
                "Gọi tổng đài hỗ trợ của nhà cung cấp dịch vụ Internet (ISP) hoặc mạng truyền số liệu chuyên dùng, cung cấp số hợp đồng, địa chỉ và hiện tượng; ghi lại mã phiếu hỗ trợ và thời gian cam kết khắc phục.",
                "Call the support line of the Internet service provider (ISP) or the government data network, giving the contract number, address and symptoms; record the ticket number and the promised repair time.",
                .responder,
                1
            ),
            step(
                .containment,
                "Chuyển sang đường truyền dự phòng",
                "Switch to the backup link",
                "Chuyển các dịch vụ ưu tiên sang đường truyền dự phòng (đường của nhà mạng thứ hai, 4G/5G); kiểm tra định tuyến, NAT, DNS và VPN sau khi chuyển.",
                "Move the priority services to the backup link (a second carrier, 4G/5G); check routing, NAT, DNS and VPN after the switch.",
                .responder,
                2
            ),
            step(
                .containment,
                "Thông báo cho người sử dụng",
                "Inform the users",
                "Thông báo cho các đơn vị về gián đoạn, các dịch vụ vẫn dùng được và thời gian dự kiến khôi phục; hướng dẫn cách làm việc tạm thời nếu dịch vụ công trực tuyến bị ảnh hưởng.",
                "Tell the units about the interruption, which services still work and the expected restoration time; give temporary working instructions if online public services are affected.",
                .focalPoint,
                2
            ),
            step(
                .containment,
                "Nhà cung cấp khắc phục đường truyền",
                "Provider repairs the link",
                "Nhà cung cấp dịch vụ Internet khắc phục sự cố đường truyền trong thời gian cam kết và thông báo nguyên nhân; đầu mối đôn đốc và báo cáo lãnh đạo nếu quá hạn.",
                "The ISP repairs the link within the promised time and reports the cause; the focal point chases it and informs the leader if it is late.",
                .supplier,
                8
            ),
            step(
                .recovery,
                "Chuyển về đường truyền chính",
                "Return to the main link",
                "Khi đường truyền chính hoạt động lại, chuyển các dịch vụ về đường chính, kiểm tra truy cập hai chiều tới các dịch vụ, VPN và mạng truyền số liệu chuyên dùng; kiểm tra các tác vụ đồng bộ dữ liệu bị gián đoạn.",
                "When the main link is back, move the services back to it and check access both ways to the services, VPN and the government data network; check any interrupted data synchronisation.",
                .responder,
                24
            ),
            finalReport(),
            lessonsLearned(
                "Đánh giá thời gian khắc phục so với cam kết chất lượng dịch vụ (SLA) của nhà mạng, hiệu quả và thời gian chuyển sang đường dự phòng; đề xuất đường truyền thứ hai của nhà mạng khác nếu chưa có.",
                "Compare the repair time with the carrier's service-level agreement (SLA) and review how well and how fast the backup link took over; propose a second link from another carrier if there is none."
            ),
        ]
    )

    private static let systemFault: Playbook = make(
        .systemFault,
        "Kịch bản ứng cứu sự cố do lỗi phần mềm, phần cứng, ứng dụng của hệ thống thông tin",
        "Response playbook: software, hardware or application failure",
        [
            alertFocalPoint(),
            step(
                .detection,
                "Xác định lỗi và phạm vi ảnh hưởng",
                "Identify the fault and its impact",
                "Thu thập thông báo lỗi, nhật ký ứng dụng, hệ điều hành và cảnh báo phần cứng; xác định thành phần hỏng, chức năng bị ảnh hưởng và thay đổi gần nhất trước khi lỗi xuất hiện (cập nhật, cấu hình, triển khai mới).",
                "Collect the error messages, application and operating system logs and hardware alerts; identify the failed component, the functions affected and the last change before the fault (update, configuration, new deployment).",
                .responder,
                2
            ),
            assessSeverity(),
            step(
                .detection,
                "Loại trừ nguyên nhân do tấn công",
                "Rule out an attack",
                "Kiểm tra dấu hiệu tấn công (tài khoản lạ, tệp lạ, lưu lượng bất thường) để loại trừ khả năng lỗi do bị tấn công; nếu có nghi ngờ, phân loại lại sự cố và chuyển sang kịch bản tấn công phù hợp.",
                "Look for signs of attack (unknown accounts, unknown files, unusual traffic) to rule out a cyber attack; if in doubt, reclassify the incident and switch to the matching attack playbook.",
                .responder,
                4
            ),
            notifyIfRequired(),
            step(
                .containment,
                "Hạn chế ảnh hưởng",
                "Limit the impact",
                "Chuyển sang máy chủ hoặc cụm dự phòng nếu có, tạm ngừng chức năng bị lỗi và thông báo cho người sử dụng thời gian dự kiến khôi phục; không thao tác có thể làm mất dữ liệu (ghi đè, khởi tạo lại) khi chưa sao lưu.",
                "Fail over to a standby server or cluster if there is one, suspend the faulty function and tell users the expected restoration time; do nothing that could lose data (overwrite, reinitialise) before taking a backup.",
                .responder,
                2
            ),
            step(
                .containment,
                "Yêu cầu nhà cung cấp hỗ trợ",
                "Get vendor support",
                "Nhà cung cấp phần mềm, phần cứng hoặc đơn vị bảo trì tiếp nhận yêu cầu hỗ trợ kèm nhật ký lỗi, chẩn đoán nguyên nhân và đưa ra phương án khắc phục trong thời gian cam kết của hợp đồng.",
                "The software or hardware vendor or maintenance contractor takes the support request with the error logs, diagnoses the cause and proposes a fix within the contract's response time.",
                .supplier,
                4
            ),
            step(
                .recovery,
                "Quay lui thay đổi gây lỗi",
                "Roll back the faulty change",
                "Nếu lỗi xuất hiện sau khi cập nhật hoặc thay đổi cấu hình, quay lui (rollback) về phiên bản, snapshot hoặc cấu hình ổn định trước đó, sau khi đã sao lưu trạng thái hiện tại.",
                "If the fault followed an update or a configuration change, roll back to the previous stable version, snapshot or configuration after backing up the current state.",
                .responder,
                8
            ),
            step(
                .recovery,
                "Sửa chữa, thay thế và khôi phục dữ liệu",
                "Repair, replace and restore data",
                "Thay thế linh kiện hỏng hoặc cài bản sửa lỗi của nhà cung cấp; khôi phục dữ liệu bị hỏng từ bản sao lưu và kiểm tra tính toàn vẹn.",
                "Replace the failed parts or install the vendor's fix; restore corrupted data from backup and check its integrity.",
                .responder,
                24
            ),
            step(
                .recovery,
                "Kiểm tra và xác nhận hoạt động",
                "Test and approve the return to service",
                "Chủ quản hệ thống cùng người dùng nghiệp vụ kiểm tra các chức năng chính hoạt động đúng trước khi xác nhận khắc phục xong; tiếp tục theo dõi nhật ký lỗi trong vài ngày.",
                "The system owner and business users check that the main functions work before confirming the fix; keep watching the error logs for a few days.",
                .systemOwner,
                48
            ),
            finalReport(),
            lessonsLearned(
                "Xem xét quy trình quản lý thay đổi (thử nghiệm trước khi cập nhật, kế hoạch quay lui), hợp đồng bảo trì, linh kiện dự phòng và tuổi thọ thiết bị.",
                "Review change management (testing before updates, rollback plans), maintenance contracts, spare parts and equipment age."
            ),
        ]
    )

    // MARK: - Operator error

    private static let operatorError: Playbook = make(
        .operatorError,
        "Kịch bản ứng cứu sự cố do lỗi của người quản trị, vận hành hệ thống",
        "Response playbook: administrator or operator error",
        [
            alertFocalPoint(),
            step(
                .detection,
                "Dừng thao tác và ghi lại những gì đã làm",
                "Stop and write down what was done",
                "Người vận hành dừng ngay thao tác, không tự sửa tiếp khi chưa rõ hậu quả, và ghi lại chính xác các lệnh, thay đổi đã thực hiện cùng thời điểm. Mục đích là khắc phục nhanh, không phải quy lỗi cá nhân.",
                "The operator stops at once, does not try further fixes before the consequences are clear, and writes down exactly which commands and changes were made and when. The aim is a quick fix, not blame.",
                .responder,
                1
            ),
            step(
                .detection,
                "Đánh giá ảnh hưởng",
                "Assess the impact",
                "Xác định dữ liệu, cấu hình, dịch vụ bị ảnh hưởng (xóa nhầm, cấu hình sai, tắt nhầm, chia sẻ hoặc công khai nhầm dữ liệu) qua nhật ký truy vết và so sánh với bản sao lưu cấu hình.",
                "Establish the data, configuration and services affected (wrong deletion, misconfiguration, wrong shutdown, data shared or published by mistake) from the audit trail and by comparing with the configuration backup.",
                .responder,
                2
            ),
            assessSeverity(),
            step(
                .detection,
                "Thực hiện nghĩa vụ nếu lộ dữ liệu cá nhân",
                "Meet the obligations if personal data was exposed",
                "Nếu dữ liệu cá nhân bị gửi hoặc công khai nhầm, thông báo cho cơ quan chuyên trách bảo vệ dữ liệu cá nhân (Bộ Công an) trong thời hạn theo quy định về bảo vệ dữ liệu cá nhân (72 giờ) và đề nghị bên nhận nhầm xóa dữ liệu.",
                "If personal data was sent or published by mistake, notify the personal-data protection authority (Ministry of Public Security) within the deadline of the personal-data protection rules (72 hours) and ask the wrong recipients to delete it.",
                .focalPoint,
                72
            ),
            notifyIfRequired(),
            step(
                .containment,
                "Ngăn lỗi lan rộng",
                "Stop the error spreading",
                "Tạm dừng các tác vụ tự động có thể lan truyền lỗi (đồng bộ, sao chép, sao lưu ghi đè lên bản tốt); gỡ dữ liệu công khai nhầm và thu hồi quyền chia sẻ nhầm.",
                "Pause automatic jobs that could spread the error (synchronisation, replication, backups overwriting good copies); take down wrongly published data and revoke wrongly granted shares.",
                .responder,
                2
            ),
            step(
                .recovery,
                "Kiểm tra chéo kế hoạch khắc phục",
                "Four-eyes review of the fix",
                "Một người thứ hai kiểm tra kế hoạch khắc phục và các lệnh sẽ chạy trước khi áp dụng trên hệ thống thật (nguyên tắc bốn mắt), để không gây thêm lỗi trong lúc khắc phục.",
                "A second person reviews the fix and the commands to run before they are applied to the live system (four-eyes principle), so the fix does not cause new errors.",
                .focalPoint,
                4
            ),
            step(
                .recovery,
                "Hoàn tác hoặc khôi phục",
                "Undo or restore",
                "Hoàn tác thay đổi (undo, quay lui cấu hình, khôi phục từ thùng rác hoặc snapshot) hoặc khôi phục dữ liệu từ bản sao lưu gần nhất; đối chiếu để nhập lại dữ liệu phát sinh sau thời điểm sao lưu.",
                "Undo the change (undo, configuration rollback, recycle bin or snapshot) or restore the data from the latest backup; reconcile and re-enter the data created after the backup.",
                .responder,
                8
            ),
            step(
                .recovery,
                "Xác nhận hoạt động bình thường",
                "Confirm normal operation",
                "Chủ quản hệ thống cùng người dùng nghiệp vụ kiểm tra dữ liệu và chức năng đã trở lại bình thường; bật lại các tác vụ tự động đã tạm dừng.",
                "The system owner and business users check that the data and functions are back to normal; re-enable the paused automatic jobs.",
                .systemOwner,
                24
            ),
            finalReport(),
            lessonsLearned(
                "Tập trung tìm nguyên nhân trong quy trình thay vì chỉ quy lỗi cá nhân; bổ sung quy trình vận hành chuẩn, danh mục kiểm tra, kiểm tra chéo bốn mắt cho thao tác rủi ro cao, phân quyền tối thiểu và đào tạo lại khi cần.",
                "Look for the cause in the process rather than only blaming a person; add standard operating procedures, checklists, four-eyes review for high-risk operations, least privilege and retraining where needed."
            ),
        ]
    )

    // MARK: - Natural disaster

    private static let naturalDisaster: Playbook = make(
        .naturalDisaster,
        "Kịch bản ứng cứu sự cố liên quan đến thảm họa tự nhiên (bão, lụt, động đất, hỏa hoạn)",
        "Response playbook: natural disaster (storm, flood, earthquake, fire)",
        [
            step(
                .detection,
                "Bảo đảm an toàn cho con người trước tiên",
                "Staff safety first",
                "An toàn của cán bộ là ưu tiên số một: sơ tán khỏi khu vực nguy hiểm, không vào phòng máy bị ngập nước hoặc cháy khi chưa ngắt điện và chưa được lực lượng chức năng cho phép. Khi cháy, gọi 114.",
                "Staff safety comes first: evacuate dangerous areas and do not enter a flooded or burning server room before the power is cut and the emergency services allow it. In a fire, call 114.",
                .leader,
                1
            ),
            alertFocalPoint(),
            step(
                .detection,
                "Đánh giá thiệt hại",
                "Assess the damage",
                "Khi đã an toàn, đánh giá hệ thống, thiết bị bị ảnh hưởng (ngập, cháy, mất điện, đứt cáp) và chụp ảnh hiện trạng làm căn cứ cho báo cáo, bảo hiểm và sửa chữa.",
                "When it is safe, assess the systems and equipment affected (flooding, fire, power loss, cut cables) and photograph the site for the reports, insurance and repairs.",
                .responder,
                4
            ),
            assessSeverity(),
            notifyIfRequired(),
            step(
                .containment,
                "Ngắt điện và bảo vệ thiết bị",
                "Cut the power and protect the equipment",
                "Khi có cảnh báo bão, lũ, tắt có trật tự và ngắt điện thiết bị ở khu vực có nguy cơ, sao lưu bổ sung và đưa bản sao lưu tới nơi an toàn. Khi cháy, chỉ dùng bình chữa cháy khí CO2 cho thiết bị điện.",
                "When a storm or flood is forecast, shut down in order and cut power to equipment at risk, take an extra backup and move it somewhere safe. In a fire, use only CO2 extinguishers on electrical equipment.",
                .responder,
                2
            ),
            step(
                .containment,
                "Thông báo và phương án làm việc tạm thời",
                "Inform users and set up temporary working",
                "Thông báo cho các đơn vị và người dân về dịch vụ bị gián đoạn và kênh thay thế; giữ liên lạc qua điện thoại di động nếu mạng nội bộ ngừng hoạt động.",
                "Tell the units and citizens which services are interrupted and the alternative channels; keep in touch by mobile phone if the internal network is down.",
                .focalPoint,
                8
            ),
            step(
                .recovery,
                "Kích hoạt trung tâm dự phòng",
                "Activate the disaster-recovery site",
                "Chuyển các dịch vụ thiết yếu sang trung tâm dự phòng (DR), hạ tầng của nhà cung cấp hoặc máy chủ tạm thời theo phương án ứng cứu khẩn cấp; khôi phục từ bản sao lưu được lưu ngoài khu vực bị ảnh hưởng.",
                "Move the essential services to the disaster-recovery (DR) site, a provider's infrastructure or temporary servers as the emergency response plan says; restore from backups kept outside the affected area.",
                .responder,
                24
            ),
            step(
                .recovery,
                "Cứu hộ thiết bị và dữ liệu",
                "Salvage equipment and data",
                "Di chuyển máy chủ, ổ cứng, băng sao lưu ra khỏi khu vực ngập hoặc cháy; không cấp điện cho thiết bị đã bị ngập khi chưa được làm khô và kiểm tra. Đề nghị nhà cung cấp hoặc đơn vị chuyên khôi phục dữ liệu hỗ trợ với ổ cứng bị hỏng.",
                "Move servers, disks and backup tapes out of the flooded or burnt area; do not power on flooded equipment before it is dried and checked. Ask the supplier or a data-recovery specialist to help with damaged disks.",
                .responder,
                48
            ),
            step(
                .recovery,
                "Sửa chữa, thay thế thiết bị và hạ tầng",
                "Repair or replace equipment and infrastructure",
                "Nhà cung cấp kiểm tra, sửa chữa hoặc thay thế thiết bị hỏng và khôi phục hạ tầng điện, mạng, điều hòa của phòng máy.",
                "The supplier inspects, repairs or replaces the damaged equipment and restores the server room's power, network and cooling.",
                .supplier,
                168
            ),
            step(
                .recovery,
                "Chuyển về hoạt động tại chỗ",
                "Return to the primary site",
                "Khi phòng máy đã an toàn và đủ điều kiện, khôi phục hệ thống chính, kiểm tra dữ liệu và chuyển dịch vụ từ trung tâm dự phòng về; chủ quản hệ thống xác nhận hoạt động bình thường.",
                "When the server room is safe and ready, restore the primary systems, check the data and move the services back from the DR site; the system owner confirms normal operation.",
                .systemOwner,
                240
            ),
            finalReport(336),
            lessonsLearned(
                "Đánh giá vị trí phòng máy (tầng thấp, gần nguồn nước), phương án sao lưu ngoài khu vực, thời gian chuyển sang trung tâm dự phòng và chuẩn bị trước mùa mưa bão.",
                "Review the server room's location (low floor, near water), off-site backups, the time taken to fail over to the DR site and the preparations before the storm season.",
                504
            ),
        ]
    )
}
