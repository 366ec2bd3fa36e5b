import Foundation
import Testing
import VigilCore

/// Precision and recall of the warnings' matching on a generated inventory that looks like an
/// agency's: Debian and RHEL servers and Windows workstations, each with its ordinary packages,
/// the warned products under the names each platform installs them as, and look-alikes that
/// share a word with them. The truth comes from the generator (which product each entry really
/// is, and a hand-written list of versions inside and outside each range), never from the rule
/// under test. The figures are printed, and docs/ADVISORIES.md records them.
@Suite("Advisory matching quality")
struct AdvisoryMatchingQualityTests {
    struct Family {
        let product: AffectedProduct
        /// Names as inventories show them; `{v}` is replaced by the version.
        let names: [(name: String, vendor: String)]
        let affected: [String]
        let unaffected: [String]
    }

    static func spec(_ text: String) -> VersionSpec { try! VersionSpec.parse(text) }

    static let families: [Family] = [
        Family(product: AffectedProduct(vendor: "Apache", product: "HTTP Server", versions: spec(">=2.4.0 <2.4.58")),
               names: [("apache2", "Debian Apache Maintainers"), ("apache2-bin", "Debian Apache Maintainers"), ("httpd", "Red Hat, Inc."),
                       ("Apache HTTP Server 2.4", "Apache Software Foundation")],
               affected: ["2.4.57-2", "2.4.54-1~deb11u1", "2.4.37-62.el8", "2.4.56", "2.4.0"],
               unaffected: ["2.4.58-1", "2.4.62-1~deb12u1", "2.4.58", "2.2.34", "2.4.59-1.el9"]),
        Family(product: AffectedProduct(vendor: "OpenSSL", product: "OpenSSL", versions: spec(">=3.0.0 <3.0.12 || >=1.1.1 <1.1.1w")),
               names: [("openssl", "Debian OpenSSL Team"), ("libssl3", "Debian OpenSSL Team"), ("openssl-libs", "Red Hat, Inc."),
                       ("libssl1.1", "Debian OpenSSL Team")],
               affected: ["3.0.11-1~deb12u2", "3.0.7-27.el9", "1.1.1n-0+deb11u5", "1.1.1k-9.el8", "3.0.0"],
               unaffected: ["3.0.13-1~deb12u1", "3.0.12", "1.1.1w-0+deb11u1", "3.2.1-3", "1.0.2u"]),
        Family(product: AffectedProduct(vendor: "OpenBSD", product: "OpenSSH", versions: spec(">=8.5p1 <9.8p1")),
               names: [("openssh-server", "Debian OpenSSH Maintainers"), ("openssh-client", "Debian OpenSSH Maintainers"),
                       ("openssh-server", "Red Hat, Inc."), ("openssh-clients", "Red Hat, Inc.")],
               affected: ["1:9.2p1-2+deb12u2", "1:8.9p1-3ubuntu0.6", "8.7p1-38.el9", "9.6p1"],
               unaffected: ["1:9.8p1-3", "1:8.4p1-5+deb11u3", "7.4p1-22.el7", "9.9p1"]),
        Family(product: AffectedProduct(vendor: "Google", product: "Chrome", versions: spec("<120.0.6099.109")),
               names: [("Google Chrome", "Google LLC"), ("google-chrome-stable", "Google LLC")],
               affected: ["119.0.6045.199", "120.0.6099.71", "118.0.5993.118"],
               unaffected: ["120.0.6099.109", "121.0.6167.85", "131.0.6778.86"]),
        Family(product: AffectedProduct(vendor: "Microsoft", product: "Exchange Server", versions: spec(">=15.2.0 <15.2.1544.4")),
               names: [("Microsoft Exchange Server", "Microsoft Corporation"),
                       ("Microsoft Exchange Server 2019 Cumulative Update 13", "Microsoft Corporation")],
               affected: ["15.2.1258.12", "15.2.1118.7"], unaffected: ["15.2.1544.4", "15.2.1544.11", "15.1.2507.6"]),
        Family(product: AffectedProduct(vendor: "Mozilla", product: "Firefox", versions: spec("<121.0")),
               names: [("Mozilla Firefox (x64 en-US)", "Mozilla"), ("Mozilla Firefox", "Mozilla"), ("firefox", "Ubuntu Mozilla Team")],
               affected: ["120.0.1", "115.0.2", "119.0"], unaffected: ["121.0", "122.0.1", "133.0.3"]),
        Family(product: AffectedProduct(vendor: "Igor Pavlov", product: "7-Zip", versions: spec("<23.01")),
               names: [("7-Zip {v} (x64)", "Igor Pavlov"), ("7-Zip {v} (x64 edition)", "Igor Pavlov")],
               affected: ["22.01", "19.00", "16.04"], unaffected: ["23.01", "24.08"]),
        Family(product: AffectedProduct(vendor: "win.rar GmbH", product: "WinRAR", versions: spec("<6.23")),
               names: [("WinRAR {v} (64-bit)", "win.rar GmbH")],
               affected: ["6.22.0", "6.11.0", "5.91.0"], unaffected: ["6.23.0", "7.01.0"]),
        Family(product: AffectedProduct(vendor: "Linux", product: "Kernel", versions: spec(">=6.1 <6.1.76")),
               names: [("linux-image-6.1.0-17-amd64", "Debian Kernel Team"), ("linux-image-amd64", "Debian Kernel Team")],
               affected: ["6.1.69-1", "6.1.66-1"], unaffected: ["6.1.76-1", "6.1.112-1", "5.10.209-2"]),
        Family(product: AffectedProduct(vendor: "", product: "sudo", versions: spec(">=1.8.2 <1.9.5p2")),
               names: [("sudo", "Debian Sudo Maintainers"), ("sudo", "Red Hat, Inc.")],
               affected: ["1.8.27-1+deb10u3", "1.9.5p1-1", "1.8.23-10.el7"], unaffected: ["1.9.5p2-3+deb11u1", "1.9.13p3-1+deb12u1", "1.8.1"]),
        Family(product: AffectedProduct(vendor: "Fortinet", product: "FortiClient", versions: spec("<7.0.10")),
               names: [("FortiClient", "Fortinet Technologies Inc")], affected: ["7.0.9.0493", "6.4.10"], unaffected: ["7.0.10.0538", "7.2.4"]),
        Family(product: AffectedProduct(vendor: "Notepad++ Team", product: "Notepad++", versions: spec("<8.5.8")),
               names: [("Notepad++ (64-bit x64)", "Notepad++ Team")], affected: ["8.5.7", "8.4.9"], unaffected: ["8.5.8", "8.6.9"]),
        Family(product: AffectedProduct(vendor: "PHP Group", product: "PHP", versions: spec(">=8.1.0 <8.1.29 || >=8.2.0 <8.2.20 || >=8.3.0 <8.3.8")),
               names: [("PHP {v}", "The PHP Group"), ("php8.2", "Debian PHP Maintainers"), ("php", "Red Hat, Inc.")],
               affected: ["8.2.12", "8.1.27", "8.3.7"], unaffected: ["8.2.20", "8.3.8", "7.4.33"]),
        Family(product: AffectedProduct(vendor: "ISC", product: "BIND", versions: spec(">=9.18.0 <9.18.24 || >=9.16.0 <9.16.48")),
               names: [("bind9", "Debian DNS Team"), ("bind", "Red Hat, Inc.")],
               affected: ["1:9.18.19-1~deb12u1", "32:9.16.23-18.el9"], unaffected: ["1:9.18.24-1", "1:9.18.28-1~deb12u2", "9.11.4-26.el7"]),
    ]

    /// Software that is none of the warned products, many of them sharing a word with one.
    static let lookAlikes: [(name: String, vendor: String, version: String)] = [
        ("apache2-utils", "Debian Apache Maintainers", "2.4.57-2"), ("apache2-data", "Debian Apache Maintainers", "2.4.57-2"),
        ("libapache2-mod-php8.2", "Debian PHP Maintainers", "8.2.12-1~deb12u1"), ("Apache Tomcat 9.0 Tomcat9", "Apache Software Foundation", "9.0.80"),
        ("tomcat9", "Debian Java Maintainers", "9.0.70-2"), ("Oracle HTTP Server", "Oracle Corporation", "12.2.1.4"),
        ("python3-openssl", "Debian Python Team", "23.0.0-1"), ("ruby-openssl", "Debian Ruby Team", "3.1.0-1"),
        ("libcrypt-openssl-rsa-perl", "Debian Perl Group", "0.33-3"), ("libssh-4", "Debian", "0.10.6-0+deb12u1"),
        ("Chrome Remote Desktop Host", "Google LLC", "120.0.6099.12"), ("Google Update Helper", "Google LLC", "1.3.36.352"),
        ("chromium", "Debian Chromium Team", "119.0.6045.199"), ("Microsoft Exchange Web Services Managed API 2.2", "Microsoft Corporation", "15.0.913.15"),
        ("Mozilla Firefox ESR (x64 en-US)", "Mozilla", "115.5.0esr"), ("firefox-esr", "Debian Mozilla Team", "115.5.0esr-1~deb12u1"),
        ("Mozilla Thunderbird (x64 en-US)", "Mozilla", "115.5.0"), ("Mozilla Maintenance Service", "Mozilla", "120.0.1"),
        ("p7zip-full", "Debian", "16.02+dfsg-8"), ("unrar", "Debian", "1:6.2.6-1"), ("linux-libc-dev", "Debian Kernel Team", "6.1.69-1"),
        ("linux-headers-6.1.0-17-amd64", "Debian Kernel Team", "6.1.69-1"), ("linux-base", "Debian Kernel Team", "4.9"),
        ("sudo-rs", "Debian Rust Maintainers", "0.2.2-1"), ("FortiClient EMS", "Fortinet Technologies Inc", "7.0.9"),
        ("notepadqq", "Debian", "1.4.8-4"), ("php-pear", "Debian PHP Maintainers", "1:1.10.13+submodules+notgz+2022032202-2"),
        ("phpmyadmin", "Debian PHP Maintainers", "4:5.2.1+dfsg-1"), ("bind9-dnsutils", "Debian DNS Team", "1:9.18.19-1~deb12u1"),
        ("bind9-host", "Debian DNS Team", "1:9.18.19-1~deb12u1"), ("libbind-config-parser-perl", "Debian Perl Group", "0.01-5"),
    ]

    static let ordinary: [(name: String, vendor: String, version: String)] = [
        ("bash", "Debian", "5.2.15-2+b2"), ("coreutils", "Debian", "9.1-1"), ("systemd", "Debian systemd Maintainers", "252.19-1~deb12u1"),
        ("python3", "Debian Python Team", "3.11.2-1+b1"), ("perl", "Niko Tyni", "5.36.0-7+deb12u1"), ("vim", "Debian Vim Maintainers", "2:9.0.1378-2"),
        ("curl", "Debian Curl Maintainers", "7.88.1-10+deb12u5"), ("libxml2", "Debian XML/SGML Group", "2.9.14+dfsg-1.3~deb12u1"),
        ("tzdata", "GNU Libc Maintainers", "2024a-0+deb12u1"), ("rsyslog", "Michael Biebl", "8.2302.0-1"), ("cron", "Debian", "3.0pl1-162"),
        ("nginx", "Debian Nginx Maintainers", "1.22.1-9"), ("postgresql-15", "Debian PostgreSQL Maintainers", "15.5-0+deb12u1"),
        ("glibc", "Red Hat, Inc.", "2.34-83.el9"), ("kernel", "Red Hat, Inc.", "5.14.0-362.8.1.el9_3"), ("python3-libs", "Red Hat, Inc.", "3.9.18-1.el9"),
        ("Microsoft Edge", "Microsoft Corporation", "120.0.2210.77"), ("Microsoft Edge WebView2 Runtime", "Microsoft Corporation", "120.0.2210.77"),
        ("Adobe Acrobat Reader DC", "Adobe Systems Incorporated", "23.006.20360"), ("Java 8 Update 381", "Oracle Corporation", "8.0.3810.9"),
        ("VLC media player", "VideoLAN", "3.0.20"), ("Zoom", "Zoom Video Communications, Inc.", "5.16.10"),
        ("TeamViewer", "TeamViewer", "15.48.4"), ("Microsoft Teams", "Microsoft Corporation", "1.6.00.33567"),
        ("Microsoft OneDrive", "Microsoft Corporation", "23.246.1127.0002"), ("Foxit PDF Reader", "Foxit Software Inc.", "2023.3.0.23028"),
        ("UniKey 4.6 RC2", "Pham Kim Long", "4.6"), ("Microsoft Office Professional Plus 2019", "Microsoft Corporation", "16.0.10406.20006"),
        ("Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38.33130", "Microsoft Corporation", "14.38.33130.0"),
        ("Kaspersky Endpoint Security for Windows", "AO Kaspersky Lab", "12.3.0.493"), ("BKAV Endpoint", "BKAV Corporation", "5.0"),
        ("Vietnamese eGov Signer", "VNPT", "2.1.0"), ("Windows PC Health Check", "Microsoft Corporation", "3.6.2204.08001"),
    ]

    /// A fixed sequence of pseudo-random numbers (SplitMix64), so every run sees the same inventory.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    struct Entry: Hashable {
        let name: String
        let vendor: String
        let version: String
    }

    /// The inventory as entry → (how many hosts have it, the families it really is, affected or not).
    static func inventory(hosts: Int) -> [Entry: (count: Int, truth: Set<Int>)] {
        var random = Random(state: 18)
        var entries: [Entry: (count: Int, truth: Set<Int>)] = [:]
        for _ in 0..<hosts {
            for _ in 0..<(20 + random.below(30)) {
                let item = ordinary[random.below(ordinary.count)]
                entries[Entry(name: item.name, vendor: item.vendor, version: item.version), default: (0, [])].count += 1
            }
            for _ in 0..<random.below(6) {
                let item = lookAlikes[random.below(lookAlikes.count)]
                entries[Entry(name: item.name, vendor: item.vendor, version: item.version), default: (0, [])].count += 1
            }
            for _ in 0..<(2 + random.below(6)) {
                let index = random.below(families.count)
                let family = families[index]
                let name = family.names[random.below(family.names.count)]
                let isAffected = random.below(2) == 0
                let versions = isAffected ? family.affected : family.unaffected
                let version = versions[random.below(versions.count)]
                let entry = Entry(name: name.name.replacingOccurrences(of: "{v}", with: version), vendor: name.vendor, version: version)
                entries[entry, default: (0, [])].count += 1
                if isAffected { entries[entry]!.truth.insert(index) }
            }
        }
        return entries
    }

    @Test("precision and recall on 2,000 generated hosts")
    func precisionAndRecall() {
        let entries = Self.inventory(hosts: 2000)
        let matchers = Self.families.map { ProductMatcher($0.product) }
        var (truePositives, falsePositives, falseNegatives) = (0, 0, 0)
        var mistakes: [String] = []
        for (entry, facts) in entries {
            for (index, matcher) in matchers.enumerated() {
                let predicted = matcher.verdict(name: entry.name, vendor: entry.vendor, version: entry.version) == .affected
                let actual = facts.truth.contains(index)
                switch (predicted, actual) {
                case (true, true): truePositives += facts.count
                case (true, false):
                    falsePositives += facts.count
                    mistakes.append("false positive: \(entry.name) \(entry.version) as \(matcher.product.displayName)")
                case (false, true):
                    falseNegatives += facts.count
                    mistakes.append("missed: \(entry.name) \(entry.version) as \(matcher.product.displayName)")
                case (false, false): break
                }
            }
        }
        let precision = Double(truePositives) / Double(max(1, truePositives + falsePositives))
        let recall = Double(truePositives) / Double(max(1, truePositives + falseNegatives))
        let rows = entries.values.reduce(0) { $0 + $1.count }
        print("advisory matching: \(rows) installed entries on 2000 hosts, \(entries.count) distinct; "
              + "true positives \(truePositives), false positives \(falsePositives), missed \(falseNegatives); "
              + String(format: "precision %.4f, recall %.4f", precision, recall))
        for mistake in mistakes.prefix(20) { print("  " + mistake) }
        #expect(truePositives > 1000)
        #expect(precision >= 0.99)
        #expect(recall >= 0.99)
    }
}
