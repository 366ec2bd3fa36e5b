import Foundation
import Testing
import VigilCore

@Suite("Package versions")
struct PackageVersionTests {
    @Test("orders as the packaging tools and the advisories mean", arguments: [
        ("2.4.57", "2.4.58", -1),
        ("1.0", "1.0.0", 0),
        ("1.10", "1.9", 1),
        ("1.1.1w", "1.1.1", 1),
        ("1.1.1v", "1.1.1w", -1),
        ("9.3p1", "9.3", 1),
        ("9.3p1", "9.4", -1),
        ("1.0.0-rc1", "1.0.0", -1),
        ("1.0.0-beta.2", "1.0.0-rc1", -1),
        ("1.0~rc1", "1.0", -1),
        ("2.4.57-2", "2.4.57", 0),
        ("2.4.57-2+deb12u1", "2.4.58", -1),
        ("3.0.15-1~deb12u1", "3.0.15-1", -1),
        ("1:9.2p1-2+deb12u3", "9.8p1", -1),
        ("1:9.2p1-2", "2:1.0-1", -1),
        ("115.0.2", "115.0.10", -1),
        ("v2.1", "2.1", 0),
        ("1.8.0_381", "1.8.0_401", -1),
        ("10.0.19045.3803", "10.0.19045.3930", -1),
    ])
    func ordering(left: String, right: String, expected: Int) throws {
        let a = try #require(PackageVersion(left))
        let b = try #require(PackageVersion(right))
        #expect(PackageVersion.order(a, b) == expected)
        #expect(PackageVersion.order(b, a) == -expected)
    }

    @Test("text with no digit is no version")
    func noDigits() {
        #expect(PackageVersion("latest") == nil)
        #expect(PackageVersion("") == nil)
    }
}

@Suite("Version ranges")
struct VersionSpecTests {
    @Test("reads the forms people write", arguments: [
        (">=2.4.0 <2.4.58", ">=2.4.0 <2.4.58"),
        (">= 2.4.0, < 2.4.58", ">=2.4.0 <2.4.58"),
        ("2.4.0 - 2.4.57", ">=2.4.0 <=2.4.57"),
        ("before 3.0.12", "<3.0.12"),
        ("từ 9.16.0 đến 9.16.47", ">=9.16.0 <=9.16.47"),
        ("<1.1.1w || >=3.0.0 <3.0.12", "<1.1.1w || >=3.0.0 <3.0.12"),
        ("2.2.34; 2.4.1", "=2.2.34 || =2.4.1"),
        ("≤ 8.5.7", "<=8.5.7"),
        ("", "*"),
        ("*", "*"),
    ])
    func parsing(text: String, normalised: String) throws {
        #expect(try VersionSpec.parse(text).description == normalised)
    }

    @Test("refuses what is not a range, naming the word")
    func refusals() {
        #expect(throws: VersionSpec.ParseError.unexpected("bananas")) { try VersionSpec.parse(">=1.0 bananas") }
        #expect(throws: VersionSpec.ParseError.missingVersion("<")) { try VersionSpec.parse("<") }
    }

    @Test("a fixed version is not affected; the bounds hold together")
    func membership() throws {
        let spec = try VersionSpec.parse(">=2.4.0 <2.4.58")
        #expect(spec.contains(PackageVersion("2.4.57-2")!))
        #expect(!spec.contains(PackageVersion("2.4.58")!))
        #expect(!spec.contains(PackageVersion("2.4.58-1")!))
        #expect(!spec.contains(PackageVersion("2.2.34")!))
        #expect(VersionSpec.all.contains(PackageVersion("0.1")!))
        let osv = VersionSpec(ranges: [VersionSpec.range(introduced: "0", fixed: "1.2.3", lastAffected: nil)])
        #expect(osv.description == "<1.2.3")
    }
}

@Suite("Product matching")
struct ProductMatcherTests {
    static let httpd = ProductMatcher(AffectedProduct(vendor: "Apache", product: "HTTP Server", versions: try! VersionSpec.parse(">=2.4.0 <2.4.58")))

    @Test("the product under its installed names", arguments: [
        ("apache2", "Debian Apache Maintainers"),
        ("apache2-bin:amd64", ""),
        ("httpd", "Red Hat, Inc."),
        ("Apache HTTP Server 2.4", "Apache Software Foundation"),
        ("HTTP Server", ""),
    ])
    func sameProduct(name: String, vendor: String) {
        #expect(Self.httpd.isProduct(name: name, vendor: vendor))
    }

    @Test("not products that only share a word", arguments: [
        ("apache2-utils", "Debian Apache Maintainers"),
        ("libapache2-mod-php8.2", "Debian PHP Maintainers"),
        ("Apache Tomcat 9.0 Tomcat9", "Apache Software Foundation"),
        ("Oracle HTTP Server", "Oracle Corporation"),
        ("HTTP Server", "Oracle Corporation"),
        ("apache-commons-io", ""),
    ])
    func otherProducts(name: String, vendor: String) {
        #expect(!Self.httpd.isProduct(name: name, vendor: vendor))
    }

    @Test("editions, versions and vendor prefixes are the product; other words are not")
    func tails() {
        let exchange = ProductMatcher(AffectedProduct(vendor: "Microsoft", product: "Exchange Server"))
        #expect(exchange.isProduct(name: "Microsoft Exchange Server 2019 Cumulative Update 14", vendor: "Microsoft Corporation"))
        #expect(!exchange.isProduct(name: "Microsoft Exchange Web Services Managed API 2.2", vendor: "Microsoft Corporation"))
        let chrome = ProductMatcher(AffectedProduct(vendor: "Google", product: "Chrome"))
        #expect(chrome.isProduct(name: "Google Chrome", vendor: "Google LLC"))
        #expect(!chrome.isProduct(name: "Chrome Remote Desktop Host", vendor: "Google LLC"))
        #expect(!chrome.isProduct(name: "chromium", vendor: "Debian Chromium Team"))
        let zip = ProductMatcher(AffectedProduct(vendor: "Igor Pavlov", product: "7-Zip"))
        #expect(zip.isProduct(name: "7-Zip 23.01 (x64)", vendor: "Igor Pavlov"))
        #expect(!zip.isProduct(name: "p7zip-full", vendor: ""))
        let notepad = ProductMatcher(AffectedProduct(vendor: "", product: "Notepad++"))
        #expect(notepad.isProduct(name: "Notepad++ (64-bit x64)", vendor: "Notepad++ Team"))
        #expect(!notepad.isProduct(name: "Notepad", vendor: ""))
    }

    @Test("aliases, with a family prefix")
    func aliases() {
        let kernel = ProductMatcher(AffectedProduct(vendor: "Linux", product: "Kernel"))
        #expect(kernel.isProduct(name: "linux-image-6.1.0-17-amd64", vendor: "Debian Kernel Team"))
        #expect(!kernel.isProduct(name: "linux-libc-dev", vendor: "Debian Kernel Team"))
        let own = ProductMatcher(AffectedProduct(vendor: "", product: "Vigil Agent", aliases: ["vigil-agent"]))
        #expect(own.isProduct(name: "vigil-agent", vendor: ""))
        #expect(own.searchPieces.contains("vigil"))
    }

    @Test("verdicts: affected, fixed, unknown version")
    func verdicts() {
        #expect(Self.httpd.verdict(name: "apache2", vendor: "", version: "2.4.57-2") == .affected)
        #expect(Self.httpd.verdict(name: "apache2", vendor: "", version: "2.4.62-1~deb12u1") == .notAffected)
        #expect(Self.httpd.verdict(name: "apache2", vendor: "", version: "") == .unknownVersion)
        #expect(Self.httpd.verdict(name: "nginx", vendor: "", version: "1.22.1") == .otherProduct)
    }
}

@Suite("Advisories")
struct AdvisoryDraftTests {
    func draft() -> AdvisoryDraft {
        var draft = AdvisoryDraft()
        draft.reference = "1234/CATTT-NCSC"
        draft.issuer = "Cục An toàn thông tin"
        draft.issuedOn = "28/11/2026"
        draft.title = "Lỗ hổng trong Apache HTTP Server"
        draft.cves = "cve-2023-45802, CVE-2023-43622"
        draft.products = AdvisoryDraft.products(fromLines: "Apache | HTTP Server | >=2.4.0 <2.4.58 | apache2, httpd\n\nOpenSSL")
        draft.deadline = "2026-12-05"
        return draft
    }

    @Test("a valid draft: dates made days, CVEs upper-cased, products read from lines")
    func valid() throws {
        let advisory = try draft().validated().get()
        #expect(advisory.issuedOn == "2026-11-28")
        #expect(advisory.cves == ["CVE-2023-45802", "CVE-2023-43622"])
        #expect(advisory.products.count == 2)
        #expect(advisory.products[0].aliases == ["apache2", "httpd"])
        #expect(advisory.products[1].product == "OpenSSL" && advisory.products[1].versions.affectsEveryVersion)
        #expect(advisory.concerns(findingCVEs: ["CVE-2023-43622", "CVE-2020-1"]) == ["CVE-2023-43622"])
    }

    @Test("every problem named by its field")
    func problems() {
        var bad = draft()
        bad.reference = ""
        bad.issuedOn = "31/02/2026"
        bad.cves = "CVE-2023-1 nonsense"
        bad.products = [AdvisoryDraft.Product(vendor: "Apache", product: "", versions: ">= 2.4 banana")]
        guard case .invalid(let problems) = bad.validated() else { Issue.record("accepted"); return }
        #expect(problems.contains(.init("reference", .missing)))
        #expect(problems.contains(.init("issuedOn", .badDate, "31/02/2026")))
        #expect(problems.contains(.init("cves", .badCVE, "CVE-2023-1")))
        #expect(problems.contains(.init("cves", .badCVE, "nonsense")))
        #expect(problems.contains(.init("products[0].product", .missing)))
        #expect(problems.contains(.init("products[0].versions", .badVersions, "banana")))
        var early = draft()
        early.deadline = "2026-11-01"
        guard case .invalid(let dates) = early.validated() else { Issue.record("accepted"); return }
        #expect(dates == [.init("deadline", .deadlineBeforeIssue)])
        var empty = draft()
        empty.cves = ""
        empty.products = []
        guard case .invalid(let nothing) = empty.validated() else { Issue.record("accepted"); return }
        #expect(nothing == [.init("products", .nothingToMatch)])
    }

    @Test("JSON: one, many, wrapped; OSV ranges and fixed versions; errors with their path")
    func json() throws {
        let text = """
        {"advisories": [{"reference": "A-1", "issuer": "NCSC", "issued_on": "2026-11-01", "title": "t", "deadline": "2026-11-10",
          "cves": ["CVE-2024-3094"], "products": [{"vendor": "Tukaani", "product": "XZ Utils",
          "ranges": [{"introduced": "5.6.0", "lastAffected": "5.6.1"}]}, {"product": "OpenSSL", "fixed": "3.0.12", "aliases": "libssl3, openssl-libs"}]}]}
        """
        let drafts = try AdvisoryFile.drafts(json: Data(text.utf8))
        #expect(drafts.count == 1)
        let advisory = try drafts[0].validated().get()
        #expect(advisory.products[0].versions.description == ">=5.6.0 <=5.6.1")
        #expect(advisory.products[1].versions.description == "<3.0.12")
        #expect(advisory.products[1].aliases == ["libssl3", "openssl-libs"])
        #expect(try AdvisoryFile.drafts(json: Data(#"{"reference": "B"}"#.utf8)).count == 1)
        #expect(throws: AdvisoryFile.ReadError("[0].products[0].ranges[0]", .noBound)) {
            try AdvisoryFile.drafts(json: Data(#"[{"products": [{"product": "x", "ranges": [{}]}]}]"#.utf8))
        }
        #expect(throws: AdvisoryFile.ReadError("[0].cves", .notList)) { try AdvisoryFile.drafts(json: Data(#"[{"cves": 3}]"#.utf8)) }
        #expect(throws: AdvisoryFile.ReadError("", .notJSON)) { try AdvisoryFile.drafts(json: Data("{".utf8)) }
    }

    @Test("CSV: a line a product, merged by reference; a contradicting line refused")
    func csv() throws {
        let rows: [[String: String]] = [
            ["reference": "A-1", "issuer": "NCSC", "issued_on": "2026-11-01", "title": "t", "cves": "CVE-2023-45802", "vendor": "Apache",
             "product": "HTTP Server", "versions": "<2.4.58", "deadline": "2026-11-10"],
            ["reference": "a-1", "vendor": "OpenSSL", "product": "OpenSSL", "versions": "<3.0.12", "aliases": "libssl3"],
            ["reference": "A-2", "issuer": "NCSC", "issued_on": "2026-11-02", "title": "u", "cves": "CVE-2024-3094", "deadline": "2026-11-03"],
        ]
        let drafts = try AdvisoryFile.drafts(csvRows: rows)
        #expect(drafts.count == 2)
        #expect(drafts[0].products.count == 2 && drafts[0].location == "line 2")
        #expect(try drafts[1].validated().get().products.isEmpty)
        var contradicting = rows
        contradicting[1]["title"] = "other"
        #expect(throws: AdvisoryFile.ReadError("line 3, title", .differs, "a-1")) {
            try AdvisoryFile.drafts(csvRows: contradicting)
        }
    }

    @Test("tasks: reasons required, overdue after the deadline's day")
    func tasks() throws {
        #expect(throws: AdvisoryTaskStatus.TransitionError.noteRequired) {
            try AdvisoryTaskStatus.check(from: .open, to: .notAffected, note: " ", stillAffected: 0)
        }
        #expect(throws: AdvisoryTaskStatus.TransitionError.noteRequired) {
            try AdvisoryTaskStatus.check(from: .acknowledged, to: .done, note: "", stillAffected: 2)
        }
        try AdvisoryTaskStatus.check(from: .acknowledged, to: .done, note: "", stillAffected: 0)
        let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        let lastMinute = ISO8601.parse("2026-12-05T16:59:00Z")!
        let nextDay = ISO8601.parse("2026-12-05T17:00:00Z")!
        #expect(!AdvisoryTaskStatus.isOverdue(.open, deadline: "2026-12-05", now: lastMinute, timeZone: zone))
        #expect(AdvisoryTaskStatus.isOverdue(.open, deadline: "2026-12-05", now: nextDay, timeZone: zone))
        #expect(!AdvisoryTaskStatus.isOverdue(.done, deadline: "2026-12-05", now: nextDay, timeZone: zone))
    }

    @Test("reach: the province's warning goes to its agencies, an agency's stays with it")
    func reach() {
        let province = AdvisoryReach.Organisation(id: "p", path: "/p/", kind: .province)
        let a = AdvisoryReach.Organisation(id: "a", path: "/p/a/", kind: .agency)
        let b = AdvisoryReach.Organisation(id: "b", path: "/p/b/", kind: .agency)
        let unit = AdvisoryReach.Organisation(id: "u", path: "/p/a/u/", kind: .unit)
        let all = [province, a, b, unit]
        #expect(AdvisoryReach.targets(issuer: province, within: all) == [a, b])
        #expect(AdvisoryReach.targets(issuer: a, within: all) == [a])
        #expect(AdvisoryReach.target(forPath: unit.path, targets: [a, b], issuer: province) == a)
        #expect(AdvisoryReach.target(forPath: province.path, targets: [a, b], issuer: province) == province)
    }
}
