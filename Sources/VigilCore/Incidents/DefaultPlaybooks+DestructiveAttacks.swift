// The default playbooks (see DefaultPlaybooks.swift): Cyber attacks: ransomware, destruction, espionage, combined and other attacks.
extension DefaultPlaybooks {
    static let ransomware: Playbook = make(
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

    static let destruction: Playbook = make(
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

    static let espionage: Playbook = make(
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

    static let combinedAttack: Playbook = make(
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

    static let otherAttack: Playbook = make(
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
}
