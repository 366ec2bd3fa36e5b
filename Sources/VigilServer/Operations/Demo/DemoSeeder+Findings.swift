import Fluent
import Foundation
import VigilCore

/// Scans and findings through the scan import (a small Vigil CSV report per scan, dated when the
/// scan ran, so that deadlines fall due as they would have), people's decisions on findings through
/// the remediation workflow, and the authorities' warnings issued by the coordinator with each
/// agency's task.
extension DemoSeeder {
    struct Weakness {
        let title: String
        let severity: String
        let cvss: String
        let cves: String
        let port: Int?
        let description: String
        let solution: String
    }

    /// Results a scanner reports on Vietnamese agencies' servers. Three allow intrusion (`IntrusionRule`'s
    /// phrases on a high or critical result), so they must be fixed at once.
    static let weaknesses = [
        Weakness(title: "OpenSSH < 9.8 Remote Code Execution (regreSSHion)", severity: "high", cvss: "8.1", cves: "CVE-2024-6387", port: 22,
                 description: "A signal handler race condition allows remote code execution as root on glibc-based Linux systems.",
                 solution: "Upgrade OpenSSH to 9.8p1 or later."),
        Weakness(title: "PHP-CGI Argument Injection", severity: "critical", cvss: "9.8", cves: "CVE-2024-4577", port: 443,
                 description: "Unauthenticated attackers may execute arbitrary code on the server through PHP-CGI.",
                 solution: "Upgrade PHP to 8.1.29, 8.2.20, 8.3.8 or later."),
        Weakness(title: "Microsoft Windows SMBv1 Multiple Vulnerabilities (MS17-010)", severity: "critical", cvss: "9.3", cves: "CVE-2017-0144", port: 445,
                 description: "The SMBv1 server allows remote code execution by crafted packets.",
                 solution: "Apply MS17-010 and disable SMBv1."),
        Weakness(title: "Apache HTTP Server < 2.4.60 Multiple Vulnerabilities", severity: "high", cvss: "7.5", cves: "CVE-2024-38476 CVE-2024-38474", port: 443,
                 description: "Information disclosure and server-side request forgery in core and mod_rewrite.",
                 solution: "Upgrade Apache HTTP Server to 2.4.60 or later."),
        Weakness(title: "nginx HTTP/3 QUIC module vulnerabilities", severity: "high", cvss: "7.5", cves: "CVE-2024-24989", port: 443,
                 description: "A crafted QUIC session may crash the worker process.", solution: "Upgrade nginx to 1.25.4 or later."),
        Weakness(title: "SSL/TLS: Deprecated TLSv1.0 and TLSv1.1 Protocol Detection", severity: "medium", cvss: "5.3", cves: "", port: 443,
                 description: "The service accepts connections with deprecated TLS versions.", solution: "Allow TLS 1.2 and 1.3 only."),
        Weakness(title: "SSL/TLS: Certificate Expired", severity: "medium", cvss: "5.0", cves: "", port: 443,
                 description: "The server's certificate has expired.", solution: "Renew the certificate."),
        Weakness(title: "jQuery < 3.5.0 Cross-Site Scripting", severity: "medium", cvss: "6.1", cves: "CVE-2020-11022", port: 443,
                 description: "Passing HTML from untrusted sources to jQuery's DOM methods may execute untrusted code.",
                 solution: "Upgrade jQuery to 3.5.0 or later."),
        Weakness(title: "SMB Signing not required", severity: "medium", cvss: "5.3", cves: "", port: 445,
                 description: "Signing is not required on the SMB server.", solution: "Require message signing."),
        Weakness(title: "OpenSSL 3.0 < 3.0.14 Denial of Service", severity: "medium", cvss: "5.9", cves: "CVE-2024-2511", port: 443,
                 description: "Unbounded memory growth with session handling in TLSv1.3.", solution: "Upgrade OpenSSL to 3.0.14 or later."),
        Weakness(title: "HTTP Server Banner Information Disclosure", severity: "low", cvss: "2.6", cves: "", port: 80,
                 description: "The server reveals its software and version.", solution: "Hide the version in the server banner."),
        Weakness(title: "ICMP Timestamp Reply Information Disclosure", severity: "low", cvss: "2.1", cves: "", port: nil,
                 description: "The host answers ICMP timestamp requests.", solution: "Filter ICMP timestamp requests."),
    ]

    func makeScans() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var scans = 0
        for index in province.indices {
            let agency = province[index]
            for system in agency.systems {
                guard let servers = agency.servers[system.id!], agency.exemplary || !random.chance(0.12) else { continue }
                var results: [(host: (hostname: String, address: String), weakness: Weakness)] = []
                for server in servers {
                    for weakness in Self.weaknesses where random.chance(weakness.severity == "critical" ? 0.12 : 0.3) { results.append((server, weakness)) }
                }
                // Some systems were last scanned more than their cadence ago; most twice, the second lately.
                let stale = !agency.exemplary && random.chance(0.2)
                let first = daysAgo(Double(stale ? random.int(200...260) : random.int(100...150)))
                try await importScan(results, of: system, in: agency, at: first, folder: folder)
                scans += 1
                guard !stale else { continue }
                var again = results.filter { _ in random.chance(0.65) }
                if let server = servers.first { again.append((server, random.pick(Self.weaknesses))) }
                try await importScan(again, of: system, in: agency, at: daysAgo(Double(random.int(5...40))), folder: folder)
                scans += 1
            }
            try await db.write { tx in try await self.decideFindings(of: index, on: tx) }
        }
        count("scans", scans)
        let findings = try await FindingRecord.query(on: db).all()
        for status in FindingStatus.allCases {
            count("findings \(status.rawValue)", findings.filter { $0.status == status.rawValue }.count)
        }
    }

    private func importScan(_ results: [(host: (hostname: String, address: String), weakness: Weakness)], of system: InformationSystemRecord,
                            in agency: Agency, at scannedAt: Date, folder: URL) async throws {
        func cell(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var lines = ["host,hostname,port,protocol,title,scanner_id,cves,cvss,severity,description,solution"]
        for (host, weakness) in results {
            lines.append([host.address, host.hostname, weakness.port.map(String.init) ?? "", weakness.port == nil ? "icmp" : "tcp", weakness.title, "",
                          weakness.cves, weakness.cvss, weakness.severity, weakness.description, weakness.solution].map(cell).joined(separator: ","))
        }
        let file = folder.appendingPathComponent("scan-\(agency.slug)-\(ISODay.string(scannedAt)).csv")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        _ = try await services.scanImport.importFile(
            at: file.path, fileName: file.lastPathComponent, organisationID: agency.id, systemID: system.id,
            importedBy: .user(agency.focalPoint, address: address), importedByName: agency.focalPoint.displayName, scannedAt: scannedAt, on: db)
    }

    /// People's decisions on an agency's open findings, a few days ago: some under way, some risks
    /// accepted for a while, a false positive now and then, some fixed by hand; the rest stay open.
    private func decideFindings(of index: Int, on tx: any Database) async throws {
        let agency = province[index]
        let user = agency.responder ?? agency.focalPoint!
        let open = try await FindingRecord.query(on: tx).filter(\.$organisationID == agency.id).filter(\.$status == FindingStatus.open.rawValue)
            .sort(\.$id).all()
        for finding in open {
            let at = daysAgo(Double(random.int(1...4)))
            // An exemplary agency fixed every finding.
            switch agency.exemplary ? 30 : random.int(0...99) {
            case 0..<18:
                try await services.findings.change(finding, to: .inProgress, note: "Đã giao quản trị hệ thống xử lý", acceptedUntil: nil,
                                                   by: user, address: address, on: tx, now: at)
            case 18..<25:
                try await services.findings.change(finding, to: .riskAccepted, note: "Hệ thống chỉ truy cập được từ mạng nội bộ; nâng cấp theo kế hoạch quý tới",
                                                   acceptedUntil: at.addingTimeInterval(Double(random.int(60...180)) * 86_400), by: agency.focalPoint,
                                                   address: address, on: tx, now: at)
            case 25..<29:
                try await services.findings.change(finding, to: .falsePositive, note: "Phiên bản đã được nhà cung cấp vá ngược (backport)",
                                                   acceptedUntil: nil, by: user, address: address, on: tx, now: at)
            case 29..<36:
                try await services.findings.change(finding, to: .fixed, note: "Đã cập nhật bản vá, chờ lần quét sau xác nhận", acceptedUntil: nil,
                                                   by: user, address: address, on: tx, now: at)
            default:
                continue
            }
        }
    }

    // MARK: The authorities' warnings

    /// Four warnings the coordinator passed on from the national authority, two of them past their
    /// deadline with some agencies' tasks still open.
    func makeAdvisories() async throws {
        let coordinatorUser = rootUser(.coordinator)
        let specs: [(reference: String, title: String, cves: String, issued: Int, deadline: Int, action: String)] = [
            ("1482/CATTT-NCSC", "Cảnh báo lỗ hổng nghiêm trọng trong OpenSSH (regreSSHion)", "CVE-2024-6387", 75, 60,
             "Rà soát, cập nhật OpenSSH lên phiên bản 9.8p1 trở lên"),
            ("1611/CATTT-NCSC", "Cảnh báo lỗ hổng PHP-CGI cho phép thực thi mã từ xa", "CVE-2024-4577", 40, 25,
             "Cập nhật PHP; tạm thời chặn tham số truy vấn nguy hiểm tại tường lửa ứng dụng web"),
            ("1790/CATTT-NCSC", "Cảnh báo các lỗ hổng trong Apache HTTP Server", "CVE-2024-38476, CVE-2024-38474", 10, -5,
             "Cập nhật Apache HTTP Server lên phiên bản 2.4.60 trở lên"),
            ("1823/CATTT-NCSC", "Cảnh báo lỗ hổng trong Microsoft Exchange Server", "CVE-2024-21410", 3, -12,
             "Cài đặt bản cập nhật bảo mật tháng này của Microsoft; bật Extended Protection"),
        ]
        var tasks = 0
        for spec in specs {
            var draft = AdvisoryDraft()
            draft.reference = spec.reference
            draft.issuer = "Cục An toàn thông tin"
            draft.issuedOn = ISODay.string(daysAgo(Double(spec.issued)), in: calendar.timeZone)
            draft.title = spec.title
            draft.cves = spec.cves
            draft.action = spec.action
            draft.deadline = ISODay.string(daysAgo(Double(spec.deadline)), in: calendar.timeZone)
            let issued = daysAgo(Double(spec.issued) - 0.3)
            let advisory = try await services.advisories.create(draft, organisation: coordinator.record, by: coordinatorUser, address: address,
                                                                on: db, now: issued)
            let made = try await AdvisoryTaskRecord.query(on: db).filter(\.$advisoryID == advisory.requireID()).sort(\.$id).all()
            tasks += made.count
            // The older the warning, the more agencies have dealt with it.
            let handled = spec.issued > 50 ? 0.8 : (spec.issued > 20 ? 0.55 : 0.35)
            try await db.write { tx in
                for task in made {
                    guard let agency = self.province.first(where: { $0.id == task.organisationID }),
                          agency.exemplary || self.random.chance(handled + 0.15) else { continue }
                    let span = max(1.0, Double(spec.issued) - 1)
                    let acknowledged = issued.addingTimeInterval(Double(self.random.int(2...20)) * 3_600)
                    try await self.services.advisories.change(task, of: advisory, to: .acknowledged, note: "Đã tiếp nhận, đang rà soát",
                                                              by: agency.focalPoint, address: self.address, on: tx, now: acknowledged)
                    guard agency.exemplary || self.random.chance(handled) else { continue }
                    let closed = min(self.now.addingTimeInterval(-3_600), acknowledged.addingTimeInterval(Double(self.random.int(1...Int(span))) * 43_200))
                    let affected = task.affectedHosts > 0
                    try await self.services.advisories.change(
                        task, of: advisory, to: affected || self.random.chance(0.5) ? .done : .notAffected,
                        note: affected ? "Đã cập nhật bản vá trên các máy chủ bị ảnh hưởng; chờ lần quét sau xác nhận" : "Đã rà soát, đơn vị không sử dụng sản phẩm này",
                        by: agency.focalPoint, address: self.address, on: tx, now: closed)
                }
            }
        }
        count("warnings", specs.count)
        count("warning tasks", tasks)
    }
}
