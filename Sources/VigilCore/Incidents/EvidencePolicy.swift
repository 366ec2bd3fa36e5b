import Foundation

/// What an evidence file may be: its size, its kind and its name.
///
/// Evidence is kept as it was received and handed out as a download only, never shown inline, so
/// the danger is not the browser but a person opening it: executables are refused, and a malware
/// sample must come packed in an archive (the usual password-protected ZIP).
public struct EvidencePolicy: Sendable, Equatable {
    public var maxBytes: Int
    /// Lower-case extensions without the dot.
    public var allowedExtensions: Set<String>
    /// Files in one upload: a folder dropped by mistake is refused rather than half-stored.
    public var maxFiles = 20

    public static let standard = EvidencePolicy(
        maxBytes: 25 * 1024 * 1024,
        allowedExtensions: [
            // Text, logs and exchange formats
            "txt", "log", "csv", "tsv", "json", "xml", "yaml", "yml", "har", "evtx", "ioc", "stix",
            // Saved web pages (a defaced page; downloads are always opaque attachments, never rendered)
            "html", "htm",
            // Documents
            "pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "ppt", "pptx", "rtf",
            // Pictures and screen recordings
            "png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff", "heic", "mp4", "webm", "mov",
            // Mail and network captures
            "eml", "msg", "pcap", "pcapng", "cap",
            // Archives (how samples travel)
            "zip", "7z", "gz", "tgz", "tar", "rar", "xz", "bz2",
        ])

    public init(maxBytes: Int, allowedExtensions: Set<String>) {
        self.maxBytes = maxBytes
        self.allowedExtensions = allowedExtensions
    }

    public enum Problem: Error, Equatable, Sendable {
        case empty
        case tooLarge(maxBytes: Int)
        case extensionNotAllowed(String)
        case executableContent
        /// A name that climbs out of its folder (`../../etc/passwd`): nothing honest sends one.
        case pathInName
        case tooManyFiles(max: Int)

        /// The localization key that names the problem to a person.
        public var messageKey: String {
            switch self {
            case .empty: "evidence.error.empty"
            case .tooLarge: "evidence.error.too_large"
            case .extensionNotAllowed: "evidence.error.extension"
            case .executableContent: "evidence.error.executable"
            case .pathInName: "evidence.error.path"
            case .tooManyFiles: "evidence.error.too_many"
            }
        }

        public var code: String {
            switch self {
            case .empty: "empty_file"
            case .tooLarge: "file_too_large"
            case .extensionNotAllowed: "file_type_not_allowed"
            case .executableContent: "executable_not_allowed"
            case .pathInName: "file_name_not_allowed"
            case .tooManyFiles: "too_many_files"
            }
        }
    }

    /// Checks a file before it is stored. `head` is its first bytes (at least 4 when it has them).
    /// Whether a name as sent has a `..` path segment (with either slash).
    public static func climbsOut(_ raw: String) -> Bool {
        raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains { $0.trimmingCharacters(in: .whitespaces) == ".." }
    }

    public func check(filename: String, size: Int, head: some Collection<UInt8>) -> Problem? {
        if size == 0 { return .empty }
        if size > maxBytes { return .tooLarge(maxBytes: maxBytes) }
        let ext = Self.fileExtension(of: filename)
        guard allowedExtensions.contains(ext) else { return .extensionNotAllowed(ext) }
        if Self.looksExecutable(Array(head.prefix(4))) { return .executableContent }
        return nil
    }

    /// Windows PE (`MZ`), ELF, Mach-O and shebang scripts: what runs when double-clicked or chmod-ed,
    /// whatever its name says.
    static func looksExecutable(_ head: [UInt8]) -> Bool {
        if head.starts(with: [0x4D, 0x5A]) { return true }                 // MZ
        if head.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { return true }     // \x7FELF
        if head.starts(with: [0x23, 0x21]) { return true }                 // #!
        let machO: [[UInt8]] = [[0xFE, 0xED, 0xFA, 0xCE], [0xFE, 0xED, 0xFA, 0xCF],
                                [0xCE, 0xFA, 0xED, 0xFE], [0xCF, 0xFA, 0xED, 0xFE]]
        return machO.contains(head)
    }

    public static func fileExtension(of filename: String) -> String {
        guard let dot = filename.lastIndex(of: "."), dot != filename.startIndex else { return "" }
        return String(filename[filename.index(after: dot)...]).lowercased()
    }

    /// A file name safe to store and to send back in a header: the last path component, without
    /// control characters or quotes, at most 200 characters; "evidence" when nothing is left.
    public static func safeFilename(_ raw: String) -> String {
        let lastComponent = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = lastComponent.unicodeScalars
            .filter { !CharacterSet.controlCharacters.contains($0) && $0 != "\"" }
            .map(String.init).joined()
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let trimmed = String(cleaned.prefix(200))
        return trimmed.isEmpty || trimmed == "." || trimmed == ".." ? "evidence" : trimmed
    }
}
