import Foundation
import VigilCore

/// The fictional province `vigil demo` builds (Hòa Lâm, the name the fixtures and the defacement
/// samples use): its coordinator, agencies and units, and the words its records are made of. Data
/// only; `DemoSeeder` decides what happens to whom and when.
enum DemoProvince {
    struct Agency {
        let name: String
        let code: String
        /// The host part of its addresses: `soyte` → `soyte.hoalam.gov.vn`.
        let slug: String
        let units: [(name: String, code: String)]
        /// Its own information systems besides the portal and the office system every agency has.
        let systems: [SystemKind]
    }

    struct SystemKind {
        let name: String
        let level: Int
        let hosting: Hosting
        let purpose: String
        let publicPath: String?
    }

    static let domain = "hoalam.gov.vn"
    static let coordinator = (name: "Sở Thông tin và Truyền thông tỉnh Hòa Lâm", code: "STTTT", slug: "stttt")

    /// The coordinator's own systems: the province's shared platforms (level 4, and the one level-5
    /// network the province runs for the State).
    static let coordinatorSystems = [
        SystemKind(name: "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP)", level: 4, hosting: .provincialDataCentre,
                   purpose: "Kết nối, chia sẻ dữ liệu giữa các hệ thống thông tin của tỉnh và với các bộ, ngành", publicPath: nil),
        SystemKind(name: "Mạng truyền số liệu chuyên dùng cấp tỉnh", level: 5, hosting: .onPremises,
                   purpose: "Mạng truyền số liệu chuyên dùng của các cơ quan Đảng, Nhà nước trên địa bàn tỉnh", publicPath: nil),
    ]

    /// The agencies that meet every obligation: protected hosts, fresh scans with the findings
    /// fixed, warnings handled, incidents notified on time, plans current, drills held, a focal
    /// point and deputy confirmed. The others fall short here and there, as agencies do.
    static let exemplary: Set<String> = ["STC", "SNV"]

    static let agencies: [Agency] = [
        Agency(name: "Sở Y tế", code: "SYT", slug: "soyte", units: [("Văn phòng Sở Y tế", "SYT-VP"), ("Trung tâm Kiểm soát bệnh tật", "SYT-CDC")],
               systems: [SystemKind(name: "Hệ thống hồ sơ sức khỏe điện tử", level: 3, hosting: .provincialDataCentre,
                                    purpose: "Quản lý hồ sơ sức khỏe người dân", publicPath: "hososuckhoe")]),
        Agency(name: "Sở Giáo dục và Đào tạo", code: "SGDDT", slug: "sogddt", units: [("Văn phòng Sở Giáo dục và Đào tạo", "SGDDT-VP"), ("Phòng Giáo dục Trung học", "SGDDT-GDTH")],
               systems: [SystemKind(name: "Cơ sở dữ liệu ngành giáo dục", level: 3, hosting: .cloud,
                                    purpose: "Quản lý học sinh, giáo viên, trường lớp", publicPath: "csdl")]),
        Agency(name: "Sở Tài chính", code: "STC", slug: "sotaichinh", units: [("Văn phòng Sở Tài chính", "STC-VP"), ("Phòng Quản lý ngân sách", "STC-NS")],
               systems: [SystemKind(name: "Hệ thống quản lý ngân sách tỉnh", level: 4, hosting: .onPremises,
                                    purpose: "Lập, phân bổ và theo dõi dự toán ngân sách", publicPath: nil)]),
        Agency(name: "Sở Kế hoạch và Đầu tư", code: "SKHDT", slug: "sokhdt", units: [("Phòng Đăng ký kinh doanh", "SKHDT-DKKD")],
               systems: [SystemKind(name: "Hệ thống đăng ký đầu tư", level: 3, hosting: .vendorHosted,
                                    purpose: "Tiếp nhận, xử lý hồ sơ đăng ký dự án đầu tư", publicPath: "dangkydautu")]),
        Agency(name: "Sở Tài nguyên và Môi trường", code: "STNMT", slug: "sotnmt", units: [("Văn phòng Đăng ký đất đai", "STNMT-VPDK"), ("Văn phòng Sở Tài nguyên và Môi trường", "STNMT-VP")],
               systems: [SystemKind(name: "Cơ sở dữ liệu đất đai", level: 4, hosting: .provincialDataCentre,
                                    purpose: "Hồ sơ địa chính, bản đồ và giao dịch đất đai", publicPath: nil)]),
        Agency(name: "Sở Xây dựng", code: "SXD", slug: "soxaydung", units: [("Phòng Quản lý quy hoạch", "SXD-QH")],
               systems: [SystemKind(name: "Hệ thống cấp phép xây dựng", level: 2, hosting: .provincialDataCentre,
                                    purpose: "Tiếp nhận và cấp giấy phép xây dựng", publicPath: "capphep")]),
        Agency(name: "Sở Nội vụ", code: "SNV", slug: "sonoivu", units: [("Ban Thi đua - Khen thưởng", "SNV-TDKT")],
               systems: [SystemKind(name: "Cơ sở dữ liệu cán bộ, công chức, viên chức", level: 3, hosting: .provincialDataCentre,
                                    purpose: "Hồ sơ cán bộ, công chức, viên chức của tỉnh", publicPath: nil)]),
        Agency(name: "Sở Lao động - Thương binh và Xã hội", code: "SLDTBXH", slug: "soldtbxh", units: [("Trung tâm Dịch vụ việc làm", "SLD-DVVL")],
               systems: [SystemKind(name: "Hệ thống quản lý đối tượng bảo trợ xã hội", level: 3, hosting: .onPremises,
                                    purpose: "Quản lý đối tượng và chi trả trợ cấp xã hội", publicPath: nil)]),
        Agency(name: "Ban Quản lý các Khu công nghiệp", code: "BQLKCN", slug: "bqlkcn", units: [("Văn phòng Ban", "KCN-VP")],
               systems: [SystemKind(name: "Hệ thống quản lý doanh nghiệp khu công nghiệp", level: 1, hosting: .cloud,
                                    purpose: "Theo dõi doanh nghiệp và lao động trong khu công nghiệp", publicPath: nil)]),
        Agency(name: "Văn phòng UBND tỉnh", code: "VPUBND", slug: "vpubnd",
               units: [("Trung tâm Phục vụ hành chính công", "VP-TTHCC"), ("Phòng Hành chính - Tổ chức", "VP-HCTC"), ("Trung tâm Tin học - Công báo", "VP-TTTH")],
               systems: [SystemKind(name: "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh", level: 4, hosting: .provincialDataCentre,
                                    purpose: "Cổng dịch vụ công và một cửa điện tử của tỉnh", publicPath: "dichvucong"),
                         SystemKind(name: "Hệ thống thư điện tử công vụ", level: 3, hosting: .provincialDataCentre,
                                    purpose: "Thư điện tử của cán bộ, công chức toàn tỉnh", publicPath: "mail")]),
        Agency(name: "UBND huyện Sơn Hà", code: "UBNDSH", slug: "sonha", units: [("Văn phòng HĐND và UBND huyện Sơn Hà", "SH-VP"), ("Phòng Tài chính - Kế hoạch huyện Sơn Hà", "SH-TCKH")],
               systems: [SystemKind(name: "Hệ thống một cửa điện tử huyện Sơn Hà", level: 2, hosting: .provincialDataCentre,
                                    purpose: "Tiếp nhận, trả kết quả thủ tục hành chính cấp huyện", publicPath: "motcua")]),
        Agency(name: "UBND huyện Tân Phong", code: "UBNDTP", slug: "tanphong", units: [("Văn phòng HĐND và UBND huyện Tân Phong", "TP-VP")],
               systems: [SystemKind(name: "Hệ thống camera giám sát an ninh huyện Tân Phong", level: 1, hosting: .onPremises,
                                    purpose: "Giám sát an ninh trật tự các tuyến đường chính", publicPath: nil)]),
    ]

    /// Every agency's portal and office system.
    static func commonSystems(of agency: Agency) -> [SystemKind] {
        [SystemKind(name: "Cổng thông tin điện tử \(agency.name)", level: 2, hosting: .provincialDataCentre,
                    purpose: "Cung cấp thông tin, tin tức, văn bản cho người dân và doanh nghiệp", publicPath: ""),
         SystemKind(name: "Hệ thống quản lý văn bản và điều hành \(agency.name)", level: 2, hosting: .provincialDataCentre,
                    purpose: "Văn bản đến, văn bản đi, hồ sơ công việc, chữ ký số", publicPath: nil)]
    }

    static let familyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
    static let middleNames = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Quốc", "Ngọc", "Đức", "Thu", "Hoài", "Xuân", "Kim"]
    static let givenNames = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh",
                             "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Tuấn", "Vy"]
    /// E-mail local parts are the given name and family name without diacritics.
    static func ascii(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "vi"))
            .replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "d").lowercased()
            .filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    static let passwordWords = ["maidao", "songhong", "nuibac", "lucbinh", "hoasen", "trongdong", "canhdong", "dongsong", "bientrang",
                                "cauvong", "mattroi", "tramhuong", "thonglinh", "hoalan", "caycau", "suoimat"]

    static let suppliers = [
        ("Công ty Cổ phần Giải pháp phần mềm Hòa Lâm", "Phát triển và bảo trì phần mềm"),
        ("Trung tâm Công nghệ thông tin và Truyền thông tỉnh Hòa Lâm", "Vận hành trung tâm dữ liệu tỉnh, thuê chỗ đặt máy chủ"),
        ("Công ty TNHH An ninh mạng Sao Việt", "Giám sát an toàn thông tin, kiểm tra đánh giá"),
        ("Công ty Cổ phần Dịch vụ điện toán đám mây Trường An", "Cho thuê hạ tầng đám mây"),
    ]
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a few lines of well-known arithmetic give `vigil demo`
/// a generator that a seed reproduces on every platform; the standard library's is not seedable.
struct DemoRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
}
