// The default playbooks (see DefaultPlaybooks.swift): System failures, operator error and natural disaster.
extension DefaultPlaybooks {
    // MARK: - System failures

    static let powerFailure: Playbook = make(
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

    static let internetFailure: Playbook = make(
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

    static let systemFault: Playbook = make(
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

    static let operatorError: Playbook = make(
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

    static let naturalDisaster: Playbook = make(
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
