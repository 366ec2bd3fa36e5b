import Fluent
import Foundation
import VigilCore

/// Suppliers, information systems and hosts, entered about two years ago by each agency's focal
/// point through the forms' services (the system's change history starts then, so the plans
/// approved later are not due for a change that came before them). The hosts' anti-malware state is
/// recent: most agencies cover 85–97 % of their machines, a few all of them.
extension DemoSeeder {
    static let products = ["Bkav Endpoint", "Kaspersky Endpoint Security", "Microsoft Defender Antivirus", "ESET Endpoint Security",
                           "CMC Endpoint Security"]
    /// The share of each agency's hosts with working anti-malware, shuffled over the agencies.
    static let coverageRates = [1.0, 1.0, 1.0, 0.97, 0.95, 0.94, 0.92, 0.91, 0.9, 0.88, 0.87, 0.85]

    func makeAssets() async throws {
        var rates = Self.coverageRates
        rates.shuffle(using: &random)
        var totals = (suppliers: 0, systems: 0, hosts: 0, unprotected: 0)
        for index in province.indices {
            let rate = index == 0 || province[index].exemplary ? 1.0 : rates[index - 1]
            let made = try await db.write { tx in try await self.makeAssets(ofAgency: index, coverage: rate, on: tx) }
            totals.suppliers += made.suppliers
            totals.systems += made.systems
            totals.hosts += made.hosts
            totals.unprotected += made.unprotected
        }
        count("suppliers", totals.suppliers)
        count("information systems", totals.systems)
        count("hosts", totals.hosts)
        count("hosts without working anti-malware", totals.unprotected)
    }

    private func makeAssets(ofAgency index: Int, coverage: Double, on tx: any Database) async throws
        -> (suppliers: Int, systems: Int, hosts: Int, unprotected: Int) {
        let agency = province[index]
        let user = agency.focalPoint!
        let entered = daysAgo(Double(700 - index))
        let organisation = agency.id.uuidString.lowercased()
        // Suppliers: the data centre for everyone, and one or two others.
        var supplierSpecs = [DemoProvince.suppliers[1]]
        for spec in DemoProvince.suppliers where spec.0 != DemoProvince.suppliers[1].0 && random.chance(0.4) { supplierSpecs.append(spec) }
        for (name, offered) in supplierSpecs {
            let reviewed = daysAgo(Double(random.int(60...500)))
            let supplier = try await services.suppliers.save(
                .init(name: name, organisation: organisation, services: offered, contacts: "Phòng Kỹ thuật, điện thoại 0231 3855 \(random.int(100...999))",
                      remoteAccess: random.chance(0.5) ? "VPN có xác thực hai lớp, chỉ khi được yêu cầu" : "",
                      lastReview: ISODay.string(reviewed, in: calendar.timeZone), reviewResult: "Đạt yêu cầu về an toàn thông tin",
                      reviewIntervalMonths: "12", risk: random.pick(["low", "medium", "high"])),
                existing: nil, by: user, address: address, on: tx, now: entered)
            province[index].suppliers.append(supplier)
        }
        // Systems.
        let kinds = index == 0 ? DemoProvince.coordinatorSystems : DemoProvince.commonSystems(of: agency.spec!) + agency.spec!.systems
        for kind in kinds {
            let url: String = switch kind.publicPath {
            case nil: ""
            case ""?: "https://\(agency.slug).\(DemoProvince.domain)"
            case let path?: "https://\(path).\(agency.slug).\(DemoProvince.domain)"
            }
            let documented = kind.level >= 3 || random.chance(0.6)
            let (draft, problems) = SystemDraft.parse([
                "name": kind.name, "organisation": organisation, "purpose": kind.purpose, "security_level": String(kind.level),
                "national_critical": kind.level == 5 ? "yes" : "no", "hosting": kind.hosting.rawValue, "public_urls": url,
                "responsible": "\(user.displayName), cán bộ đầu mối an toàn thông tin",
                "scan_interval_months": kind.level >= 4 ? "3" : "6",
                "backups": documented ? "Sao lưu toàn bộ hằng ngày lúc 23:00 vào máy chủ sao lưu tại Trung tâm dữ liệu tỉnh\nBản sao hằng tuần lưu ngoại tuyến, giữ 8 tuần" : "",
                "spare_equipment": documented && kind.level >= 3 ? "01 máy chủ dự phòng cùng cấu hình tại Trung tâm dữ liệu tỉnh" : "",
                "supplier_support": documented ? "Hỗ trợ kỹ thuật 24/7, có mặt trong 4 giờ khi có sự cố" : "",
            ])
            let supplierIDs = province[index].suppliers.prefix(kind.hosting == .onPremises ? 1 : 2).compactMap(\.id)
            let system = try await services.systems.save(draft, problems: problems, existing: nil, supplierIDs: supplierIDs, by: user,
                                                         address: address, on: tx, now: entered)
            province[index].systems.append(system)
        }
        // Hosts: one or two servers per system, workstations and laptops across the agency and its units.
        struct Planned { var cells: [String: String]; var systemID: UUID?; var server: Bool }
        var planned: [Planned] = []
        let network = 20 + index
        for (position, system) in province[index].systems.enumerated() {
            for number in 1...random.int(1...2) {
                let name = "srv-\(agency.slug)-\(position + 1)\(number == 1 ? "" : "b")"
                let ip = "10.\(network).1.\(position * 4 + number + 10)"
                planned.append(Planned(cells: ["hostname": name, "role": "server", "os_name": random.pick(["Ubuntu", "Windows Server", "Red Hat Enterprise Linux"]),
                                               "os_version": random.pick(["22.04", "2019", "2022", "8.9"]), "addresses": ip,
                                               "criticality": system.securityLevel >= 3 ? "high" : "medium", "owner": "Quản trị hệ thống"],
                                       systemID: system.id, server: true))
                province[index].servers[system.id!, default: []].append((name, ip))
            }
        }
        let places = [agency.record] + agency.units
        let workstations = index == 0 ? 6 : random.int(8...18)
        for number in 1...workstations + random.int(1...4) {
            let laptop = number > workstations
            let place = places[number % places.count]
            planned.append(Planned(cells: ["hostname": "\(laptop ? "lt" : "pc")-\(agency.slug)-\(String(format: "%02d", number))",
                                           "role": laptop ? "laptop" : "workstation", "os_name": "Windows", "os_version": random.pick(["10", "11"]),
                                           "addresses": "10.\(network).\(10 + number / 200).\(number % 200 + 20)", "criticality": "low",
                                           "organisation": place.id!.uuidString.lowercased(),
                                           "owner": "\(random.pick(DemoProvince.familyNames)) \(random.pick(DemoProvince.givenNames))"],
                                   systemID: nil, server: false))
        }
        // Which hosts lack working protection: workstations first, a server now and then.
        let unprotected = Int((Double(planned.count) * (1 - coverage)).rounded())
        var order = Array(planned.indices)
        order.shuffle(using: &random)
        order.sort { !planned[$0].server && planned[$1].server }
        let bare = Set(order.prefix(unprotected))
        for (position, host) in planned.enumerated() {
            var cells = host.cells
            cells["organisation"] = cells["organisation"] ?? organisation
            cells["machine_id"] = "demo-\(agency.slug)-\(position + 1)"
            let seen = now.addingTimeInterval(-Double(random.int(600...20_000)))
            cells["last_seen"] = stamp(seen)
            let product = random.pick(Self.products)
            var antimalware = ["av_product": product, "av_version": "\(random.int(10...24)).\(random.int(0...9))", "av_enabled": "yes",
                               "av_real_time": "yes", "av_managed": random.chance(0.7) ? "yes" : "no",
                               "av_signature_date": stamp(seen.addingTimeInterval(-Double(random.int(3_600...150_000)))),
                               "av_last_scan": stamp(seen.addingTimeInterval(-86_400))]
            if bare.contains(position) {
                switch random.int(0...4) {
                case 0: antimalware = [:]
                case 1: antimalware["av_enabled"] = "no"
                case 2: antimalware["av_real_time"] = "no"
                case 3: antimalware["av_signature_date"] = stamp(daysAgo(Double(random.int(20...90))))
                default: cells["last_seen"] = stamp(daysAgo(Double(random.int(10...40))))
                }
            }
            cells.merge(antimalware) { _, new in new }
            let (draft, problems) = HostDraft.parse(cells, parseDateTime: ISO8601.parse)
            _ = try await services.hosts.save(draft, problems: problems, systemIDs: host.systemID.map { [$0] } ?? [], existing: nil, by: user,
                                              address: address, on: tx, now: entered.addingTimeInterval(3_600))
        }
        return (province[index].suppliers.count, province[index].systems.count, planned.count, bare.count)
    }
}
