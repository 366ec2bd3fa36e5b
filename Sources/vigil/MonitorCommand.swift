import ArgumentParser
import Foundation
import VigilCore
import VigilPages

struct Monitor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor", abstract: "Web page monitoring tools.", subcommands: [Compare.self, Read.self])

    /// `vigil monitor compare BASELINE.html PAGE.html [--url URL] --json`: the defacement check the
    /// monitors run, on two saved pages (forensics, and checks of the check). Needs no data folder.
    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare a page with its baseline, as a defacement monitor does.",
            discussion: "Prints whether the page looks defaced, a score from 0 to 1 and the reasons. Exits 0 whatever the verdict; 1 when a file cannot be read.")
        @Argument(help: "The baseline page (HTML).") var baseline: String
        @Argument(help: "The page to check (HTML).") var page: String
        @Option(help: "The page's address, to tell the site's own links from others.") var url: String?
        @Option(name: .customLong("trust"), help: "A domain to treat as the site's own (repeatable).") var trusted: [String] = []
        @Option(name: .customLong("marker"), help: "An extra defacement marker phrase (repeatable).") var markers: [String] = []
        @Flag(help: "Print one JSON object: {\"defaced\", \"score\", \"reasons\": [{\"code\", \"detail\"}]}.") var json = false

        static let maxSize = 20 * 1024 * 1024

        func run() async throws {
            let base = try Self.load(baseline), current = try Self.load(page)
            var address: URL?
            if let url {
                guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme), parsed.host != nil else {
                    FileHandle.standardError.write(Data("error: --url must be an http or https address: \(url)\n".utf8))
                    throw ExitCode(1)
                }
                address = parsed
            }
            let verdict = DefacementCheck.compare(baseline: PageReader.read(base), page: PageReader.read(current), url: address,
                                                  rules: DefacementRules(trustedDomains: trusted, markers: markers))
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(verdict), as: UTF8.self))
                return
            }
            print("\(verdict.defaced ? "DEFACED" : "not defaced") (score \(verdict.score))")
            for reason in verdict.reasons { print("  \(reason.code): \(reason.detail)") }
        }

        static func load(_ path: String) throws -> Data {
            let url = URL(fileURLWithPath: path)
            let reason: String
            do {
                let values = try url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
                if values.isRegularFile != true {
                    reason = "not a regular file"
                } else if (values.fileSize ?? 0) > maxSize {
                    reason = "larger than \(maxSize / 1024 / 1024) MB"
                } else {
                    return try Data(contentsOf: url)
                }
            } catch {
                reason = (error as NSError).localizedDescription
            }
            FileHandle.standardError.write(Data("error: cannot read \(path): \(reason)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// `vigil monitor read PAGE.html`: what the check sees in a page (its text, hidden parts, links,
    /// scripts, frames, forms), as JSON, to understand a verdict or write a rule.
    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print what the defacement check reads in a page, as JSON.")
        @Argument(help: "The page (HTML).") var page: String

        func run() async throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(PageReader.read(try Compare.load(page))), as: UTF8.self))
        }
    }
}
