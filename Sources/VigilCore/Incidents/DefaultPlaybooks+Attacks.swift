// The default playbooks (see DefaultPlaybooks.swift): Cyber attacks: denial of service, spoofing, malware, intrusion, defacement.
extension DefaultPlaybooks {
    // MARK: - Cyber attacks

    static let ddos: Playbook = make(
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

    static let spoofing: Playbook = make(
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

    static let malware: Playbook = make(
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

    static let intrusion: Playbook = make(
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

    static let defacement: Playbook = make(
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
}
