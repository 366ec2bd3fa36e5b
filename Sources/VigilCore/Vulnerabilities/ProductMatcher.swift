import Foundation

/// A product a warning names: who makes it, what it is called, the other names it is installed
/// under (package names: `apache2`, `httpd`; a trailing `*` for a family such as `linux-image-*`),
/// and the affected versions.
public struct AffectedProduct: Codable, Equatable, Sendable {
    public var vendor: String
    public var product: String
    public var aliases: [String]
    public var versions: VersionSpec

    public init(vendor: String, product: String, aliases: [String] = [], versions: VersionSpec = .all) {
        self.vendor = vendor
        self.product = product
        self.aliases = aliases
        self.versions = versions
    }

    enum CodingKeys: String, CodingKey { case vendor, product, aliases, versions }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        vendor = try container.decodeIfPresent(String.self, forKey: .vendor) ?? ""
        product = try container.decode(String.self, forKey: .product)
        aliases = try container.decodeIfPresent([String].self, forKey: .aliases) ?? []
        versions = (try? VersionSpec.parse(try container.decodeIfPresent(String.self, forKey: .versions) ?? "")) ?? .all
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(vendor, forKey: .vendor)
        try container.encode(product, forKey: .product)
        try container.encode(aliases, forKey: .aliases)
        try container.encode(versions.description, forKey: .versions)
    }

    /// `Apache HTTP Server`, or the product alone when it already starts with the vendor.
    public var displayName: String {
        vendor.isEmpty || product.lowercased().hasPrefix(vendor.lowercased()) ? product : vendor + " " + product
    }
}

/// Decides whether a piece of installed software is a warning's product, and whether its version is
/// affected. Names are compared as whole words, never as shared words: "Apache HTTP Server" is
/// `apache2` or `httpd` or "Apache HTTP Server 2.4", but not "Apache Tomcat", `apache2-utils` or
/// "Oracle HTTP Server"; "Exchange Server" is "Microsoft Exchange Server 2019 Cumulative Update 14"
/// but not "Microsoft Exchange Web Services Managed API".
///
/// The rule: the installed name, cut into words (architecture and language tags and anything in
/// brackets dropped), must be one of the product's names (the product, vendor + product, an
/// alias, a standard alias from `ProductAliases`), optionally followed only by version numbers,
/// years and edition words (`Professional Plus 2019`, `23.01`, `Cumulative Update 14`). A vendor
/// prefix the installed name carries is ignored. When both sides name a vendor and they share no
/// word, it is another product (a distribution's maintainer is no vendor: "Debian OpenSSL Team"
/// matches anyone's).
public struct ProductMatcher: Sendable {
    public enum Verdict: Equatable, Sendable {
        case otherProduct
        case affected
        case notAffected
        /// The product, with no version that can be placed in the ranges.
        case unknownVersion
    }

    public let product: AffectedProduct
    let names: [[String]]
    let prefixes: [String]
    let vendorWords: Set<String>

    public init(_ product: AffectedProduct) {
        self.product = product
        let vendor = Self.words(product.vendor)
        let name = Self.words(product.product)
        var names: [[String]] = [name]
        if !vendor.isEmpty, !name.starts(with: vendor) { names.append(vendor + name) }
        var prefixes: [String] = []
        let aliases = product.aliases + names.flatMap { ProductAliases.standard[$0.joined(separator: " ")] ?? [] }
        for alias in aliases {
            let lowered = alias.lowercased().trimmingCharacters(in: .whitespaces)
            if lowered.hasSuffix("*") {
                let prefix = String(lowered.dropLast())
                if prefix.count >= 3 { prefixes.append(prefix) }
            } else {
                let words = Self.words(lowered)
                if !words.isEmpty { names.append(words) }
            }
        }
        var unique: [[String]] = []
        for candidate in names where !candidate.isEmpty && !unique.contains(candidate) { unique.append(candidate) }
        self.names = unique
        self.prefixes = prefixes
        self.vendorWords = Set(vendor).subtracting(Self.corporateWords)
    }

    /// Lower-case pieces that every matching name contains, for narrowing a database query before
    /// this rule decides (`LIKE '%piece%'`).
    public var searchPieces: [String] {
        var pieces = Set(names.compactMap { $0.first { !Self.editionWords.contains($0) && $0.count >= 2 } ?? $0.first })
        pieces.formUnion(prefixes)
        // A name that is only "Server" would read the whole table; better that than missing it.
        return pieces.sorted()
    }

    public func verdict(name: String, vendor: String, version: String) -> Verdict {
        guard isProduct(name: name, vendor: vendor) else { return .otherProduct }
        guard let installed = PackageVersion(version) else {
            return product.versions.affectsEveryVersion ? .affected : .unknownVersion
        }
        return product.versions.contains(installed) ? .affected : .notAffected
    }

    public func isProduct(name: String, vendor: String) -> Bool {
        let installedVendor = Set(Self.words(vendor)).subtracting(Self.corporateWords)
        if !vendorWords.isEmpty, !installedVendor.isEmpty, installedVendor.isDisjoint(with: vendorWords),
           installedVendor.isDisjoint(with: Self.distributionWords) {
            return false
        }
        let lowered = Self.withoutArchitecture(SearchText.fold(name).trimmingCharacters(in: .whitespaces))
        if prefixes.contains(where: { lowered.hasPrefix($0) }) { return true }
        let words = Self.words(lowered)
        guard !words.isEmpty else { return false }
        var forms = [words]
        // "Google Chrome" by Google: the vendor's own prefix is not part of the name.
        for prefixSource in [installedVendor, vendorWords] where !prefixSource.isEmpty {
            var rest = words[...]
            while let first = rest.first, prefixSource.contains(first), rest.count > 1 { rest = rest.dropFirst() }
            if rest.count < words.count { forms.append(Array(rest)) }
        }
        return forms.contains { form in
            names.contains { name in
                form.count >= name.count && form.starts(with: name) && form.dropFirst(name.count).allSatisfy(Self.isTail)
            }
        }
    }

    /// A word that may follow a product's name without making it another product.
    static func isTail(_ word: String) -> Bool {
        word.first?.isNumber == true || editionWords.contains(word)
    }

    static let editionWords: Set<String> = [
        "professional", "pro", "plus", "standard", "enterprise", "home", "business", "community", "edition", "ultimate",
        "update", "cumulative", "cu", "sp", "service", "pack", "hotfix", "release", "build", "version", "ver", "v", "lts",
        "server", "client", "stable", "x64", "x86", "amd64", "bit",
    ]

    /// Not a vendor's name: words of company forms and of distributions' packaging teams.
    static let corporateWords: Set<String> = [
        "inc", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "gmbh", "ag", "sa", "the", "software", "foundation",
        "project", "group", "technologies", "technology", "systems", "international", "jsc", "cty",
    ]
    static let distributionWords: Set<String> = [
        "debian", "ubuntu", "canonical", "red", "hat", "redhat", "fedora", "centos", "almalinux", "rocky", "suse", "opensuse",
        "alpine", "arch", "gentoo", "maintainers", "developers", "team", "packagers", "community", "builder", "mockbuild",
    ]
    static let noiseWords: Set<String> = ["x64", "x86", "amd64", "i386", "i686", "arm64", "aarch64", "64bit", "32bit", "win64", "win32",
                                          "en", "us", "vi", "vn", "gb", "mui"]
    static let architectures = ["amd64", "i386", "arm64", "armhf", "all", "x86_64", "aarch64", "i686", "noarch"]

    /// `libssl3:amd64` → `libssl3`; `openssl-libs.x86_64` → `openssl-libs`.
    static func withoutArchitecture(_ name: String) -> String {
        for architecture in architectures {
            for separator in [":", "."] where name.hasSuffix(separator + architecture) {
                return String(name.dropLast(architecture.count + 1))
            }
        }
        return name
    }

    /// The words of a name: folded, brackets dropped, cut at what is neither a letter, a digit nor
    /// `+`/`#` (so `Notepad++` stays itself), architecture and language tags dropped.
    static func words(_ text: String) -> [String] {
        var kept = ""
        var depth = 0
        for character in withoutArchitecture(SearchText.fold(text)) {
            if character == "(" || character == "[" { depth += 1; kept.append(" ") } else if character == ")" || character == "]" {
                depth = max(0, depth - 1)
                kept.append(" ")
            } else if depth == 0 {
                kept.append(character)
            }
        }
        return kept.split { !($0.isLetter || $0.isNumber || $0 == "+" || $0 == "#") }.map(String.init).filter { !noiseWords.contains($0) }
    }
}

/// The names well-known products are installed under, by the product's words (`apache http
/// server`): Debian and RPM package names. A warning's own aliases come first; these save people
/// from typing them for the products warned about most.
public enum ProductAliases {
    public static let standard: [String: [String]] = [
        "apache http server": ["apache2", "apache2-bin", "httpd", "httpd-core"],
        "openssl": ["libssl3", "libssl3t64", "libssl1.1", "libssl1.0.0", "openssl-libs"],
        "openssh": ["openssh-server", "openssh-client", "openssh-clients", "openssh-sftp-server"],
        "nginx": ["nginx-core", "nginx-full", "nginx-light", "nginx-extras"],
        "isc bind": ["bind9", "bind9-libs", "bind", "bind-libs"],
        "bind": ["bind9", "bind9-libs"],
        "linux kernel": ["linux-image-*", "kernel", "kernel-core"],
        "glibc": ["libc6", "libc-bin", "glibc-common"],
        "gnu c library": ["libc6", "libc-bin", "glibc", "glibc-common"],
        "xz utils": ["xz-utils", "liblzma5", "xz", "xz-libs"],
        "curl": ["libcurl4", "libcurl3-gnutls", "libcurl4t64", "libcurl"],
        "google chrome": ["google-chrome-stable"],
        "microsoft edge": ["microsoft-edge-stable"],
        "mysql": ["mysql-server", "mysql-community-server", "mysql-server-8.0"],
        "mariadb": ["mariadb-server", "mariadb-server-core"],
        "samba": ["samba-libs", "samba-common-bin"],
        "exim": ["exim4", "exim4-daemon-light", "exim4-daemon-heavy"],
        "apache tomcat": ["tomcat9", "tomcat10", "tomcat"],
        "postgresql": ["postgresql-13", "postgresql-14", "postgresql-15", "postgresql-16", "postgresql-17", "postgresql-server"],
        "php": ["php8.1", "php8.2", "php8.3", "php-cli", "php-common"],
    ]
}
