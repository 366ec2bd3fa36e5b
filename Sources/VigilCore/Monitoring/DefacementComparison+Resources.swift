import Foundation

/// The parts of the comparison that look at what the page links to and loads.
extension DefacementComparison {
    mutating func compareLinks() {
        var hidden: [String] = [], spam: [String] = [], hiddenOwnSpam: [String] = []
        for link in page.links where !prepared.hrefs.contains(link.href) {
            guard let key = site.key(link.href, own: own), !prepared.linkKeys.contains(key) else { continue }
            let host = site.host(of: link.href)
            let foreign = host.map { isForeign($0, known: []) } ?? false
            let words = DefacementVocabulary.spam(in: PageText.fold(link.text)) + DefacementVocabulary.spam(inAddress: key)
            if link.hidden && foreign {
                hidden.append(key)
            } else if foreign && !words.isEmpty {
                spam.append(key)
            } else if link.hidden && !words.isEmpty {
                hiddenOwnSpam.append(key)
            }
        }
        if !hidden.isEmpty { add("hidden_links", "\(hidden.count): " + hidden.prefix(5).joined(separator: " "), 0.9) }
        if !spam.isEmpty { add("spam_links", "\(spam.count): " + spam.prefix(5).joined(separator: " "), 0.85) }
        if !hiddenOwnSpam.isEmpty { add("hidden_links", "\(hiddenOwnSpam.count): " + hiddenOwnSpam.prefix(5).joined(separator: " "), 0.7) }
    }

    mutating func compareScripts() {
        // External scripts from a domain the baseline does not load from.
        var foreign: [String] = []
        for source in page.scripts.compactMap(\.source) {
            guard let key = site.key(source, own: own), !prepared.scriptSources.contains(key), let host = site.host(of: source),
                  isForeign(host, known: prepared.knownResources) else { continue }
            foreign.append(key)
        }
        if !foreign.isEmpty { add("foreign_script", foreign.prefix(5).joined(separator: " "), 0.9) }

        // New inline scripts: what they do.
        var redirects: [String] = [], injected: [String] = [], literals: [String] = []
        for script in page.scripts where script.source == nil && !prepared.scriptBodies.contains(script.body) {
            let body = script.body.lowercased()
            guard !body.isEmpty, !prepared.scriptKeys.contains(Self.scriptKey(script.body)) else { continue }
            let addresses = Self.addresses(in: script.body).filter { address in
                site.host(of: address).map { isForeign($0, known: prepared.knownResources.union(prepared.knownLinks)) } ?? false
            }
            let redirecting = Self.redirectPatterns.contains { body.range(of: $0, options: .regularExpression) != nil }
            let obfuscated = Self.obfuscationPatterns.contains { body.range(of: $0, options: .regularExpression) != nil }
            if redirecting && (!addresses.isEmpty || obfuscated) {
                redirects.append(addresses.first ?? "script")
            } else if obfuscated {
                injected.append(addresses.first ?? String(script.body.prefix(80)))
            } else if !addresses.isEmpty {
                literals.append(addresses[0])
            }
        }
        if !redirects.isEmpty { add("redirect", redirects.prefix(3).joined(separator: " "), 0.95) }
        if !injected.isEmpty { add("script_injected", injected.prefix(3).joined(separator: " "), 0.85) }
        if !literals.isEmpty { add("script_injected", literals.prefix(3).joined(separator: " "), 0.55) }

        // A meta refresh to another place than the page itself.
        if let target = page.refresh, target != baseline.refresh {
            let host = Self.refreshTarget(target).flatMap { site.host(of: $0) }
            if let host, isForeign(host, known: []) { add("redirect", host, 0.95) }
        }
    }

    mutating func compareFramesAndForms() {
        for frame in page.frames {
            guard let key = site.key(frame.source, own: own), !prepared.frameKeys.contains(key), let host = site.host(of: frame.source),
                  isForeign(host, known: prepared.knownResources) else { continue }
            if frame.hidden { add("hidden_iframe", key, 0.9) } else { add("foreign_iframe", key, 0.3) }
        }
        for form in page.forms {
            let key = site.key(form.action, own: own)
            if let key, !prepared.formKeys.contains(key), let host = site.host(of: form.action),
               isForeign(host, known: prepared.knownLinks) {
                add("foreign_form", key, 0.85)
            } else if form.asksPassword && !prepared.asksPassword {
                add("foreign_form", key ?? "password", 0.5)
            }
        }
    }

    /// An inline script as compared from one fetch to the next: numbers and long tokens masked.
    static func scriptKey(_ body: String) -> String {
        // Runs of token characters are masked one by one (a script is often one long "word").
        var result = "", run = ""
        func flush() {
            if run.count >= 32 || (run.count >= 16 && run.contains(where: \.isNumber)) {
                result.append("#")
            } else {
                var lastWasDigit = false
                for character in run {
                    if character.isNumber { if !lastWasDigit { result.append("0") }; lastWasDigit = true } else { result.append(character); lastWasDigit = false }
                }
            }
            run = ""
        }
        for character in body.lowercased() {
            if character.isWhitespace { flush(); if result.last != " " { result.append(" ") }; continue }
            if character.isASCII && (character.isLetter || character.isNumber || "+/=_-".contains(character)) { run.append(character) } else { flush(); result.append(character) }
        }
        flush()
        return result
    }

    static let redirectPatterns = [
        #"location\s*(\.\s*href\s*)?="#, #"location\s*\.\s*(replace|assign)\s*\("#, #"window\s*\.\s*open\s*\("#, #"http-equiv\s*=\s*["']?refresh"#,
    ]

    static let obfuscationPatterns = [
        #"\beval\s*\("#, #"\batob\s*\("#, #"fromcharcode"#, #"\bunescape\s*\("#, #"document\s*\.\s*write\s*\(\s*["'(]?\s*(<|%3c|\\x3c|\\u003c)"#,
        #"createelement\s*\(\s*["']script"#, #"new\s+function\s*\("#, #"coinhive|cryptonight|coinimp|webminer|cryptoloot|\.miner\b|minero"#,
        #"(\\x[0-9a-f]{2}){8}"#,
    ]

    /// The web addresses written in a script's text (quoted or not), protocol-relative ones too.
    static func addresses(in text: String) -> [String] {
        var found: [String] = []
        let pattern = #"(https?:)?//[a-zA-Z0-9][a-zA-Z0-9.-]*\.[a-zA-Z]{2,}[^\s'"<>)]*"#
        var range = text.startIndex..<text.endIndex
        while let match = text.range(of: pattern, options: .regularExpression, range: range), found.count < 20 {
            var address = String(text[match])
            if address.hasPrefix("//") { address = "https:" + address }
            found.append(address)
            range = match.upperBound..<text.endIndex
        }
        return found
    }

    /// `0;url=https://x/` → `https://x/`.
    static func refreshTarget(_ content: String) -> String? {
        guard let range = content.range(of: "url", options: .caseInsensitive) else { return nil }
        var rest = content[range.upperBound...].drop { $0 == " " }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "'" || $0 == "\"" }
        let target = rest.prefix { $0 != "'" && $0 != "\"" }.trimmingCharacters(in: .whitespaces)
        return target.isEmpty ? nil : target
    }
}
