import Foundation

/// Compares a fetched page with its baseline and says whether it was defaced, with the reasons.
///
/// A plain diff of the visible text alerts on every news item and misses what matters most: the
/// attacks on government portals that leave the page almost as it was. So the check looks at what
/// is new since the baseline and asks of each new thing whether an agency would put it there: links
/// to other sites that nobody can see, gambling words, scripts and frames from unknown domains,
/// redirects, forms posting elsewhere, defacers' signatures (also in leetspeak or look-alike
/// letters), a hoster's default page, a title replaced, a page replaced whole. Text that changes on
/// every visit (dates, counters, tokens, cache-busting values) is masked before anything is
/// compared; a legitimate change is accepted as the new baseline.
public enum DefacementCheck {
    public static func compare(baseline: PageSnapshot, page: PageSnapshot, url: URL? = nil, rules: DefacementRules = .init()) -> DefacementVerdict {
        DefacementComparison(baseline: baseline, page: page, url: url, rules: rules).verdict()
    }

    /// The visible text's changes, line by line ("- " removed, "+ " added), for the evidence.
    public static func textDiff(baseline: PageSnapshot, page: PageSnapshot, limit: Int = 400) -> [String] {
        var lines: [String] = []
        for change in page.text.difference(from: baseline.text) {
            guard lines.count < limit else { break }
            switch change {
            case .remove(_, let line, _): lines.append("- " + line)
            case .insert(_, let line, _): lines.append("+ " + line)
            }
        }
        return lines
    }
}

struct DefacementComparison {
    let baseline: PageSnapshot
    let page: PageSnapshot
    let rules: DefacementRules
    let site: SiteAddress
    /// Registrable domains that are the agency's own (the page's, and trusted ones).
    let own: Set<String>
    /// Domains the baseline already links to or loads from.
    let knownLinks: Set<String>
    let knownResources: Set<String>
    let ignored: [NSRegularExpression]
    var reasons: [DefacementVerdict.Reason] = []

    init(baseline: PageSnapshot, page: PageSnapshot, url: URL?, rules: DefacementRules) {
        self.baseline = baseline
        self.page = page
        self.rules = rules
        site = SiteAddress(page: url)
        var own = Set(rules.trustedDomains.map { SiteAddress.registrable($0.lowercased()) })
        if let host = url?.host { own.insert(SiteAddress.registrable(host)) }
        self.own = own
        let site = self.site
        func domains(_ references: [String]) -> Set<String> {
            Set(references.compactMap { site.host(of: $0).map(SiteAddress.registrable) })
        }
        knownLinks = domains(baseline.links.map(\.href) + baseline.forms.map(\.action))
        knownResources = domains(baseline.scripts.compactMap(\.source) + baseline.frames.map(\.source))
        ignored = rules.ignoredText.compactMap { try? NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }
    }

    func verdict() -> DefacementVerdict {
        var comparison = self
        comparison.compareText()
        comparison.compareTitle()
        comparison.compareLinks()
        comparison.compareScripts()
        comparison.compareFramesAndForms()
        if comparison.page.cutShort && !comparison.baseline.cutShort {
            comparison.add("unreadable", "nesting", 0.6)
        }
        return DefacementVerdict(reasons: comparison.reasons, threshold: rules.threshold)
    }

    mutating func add(_ code: String, _ detail: String, _ weight: Double) {
        reasons.append(.init(code: code, detail: String(detail.prefix(300)), weight: weight))
    }

    /// A domain is foreign when it is not the agency's, not a government one, and not one the
    /// baseline already uses in the same way.
    func isForeign(_ host: String, known: Set<String>) -> Bool {
        let domain = SiteAddress.registrable(host)
        if own.contains(domain) || known.contains(domain) { return false }
        return !(domain == "gov.vn" || host.hasSuffix(".gov.vn"))
    }

    func clean(_ text: String) -> String {
        var folded = PageText.fold(text)
        for expression in ignored {
            folded = expression.stringByReplacingMatches(in: folded, range: NSRange(folded.startIndex..., in: folded), withTemplate: " ")
        }
        return folded
    }

    // MARK: Text

    mutating func compareText() {
        let baseVisible = baseline.text.map(clean)
        let baseHidden = baseline.hiddenText.map(clean)
        let before = Set((baseVisible + baseHidden).map(PageText.masked))
        let visible = page.text.map(clean)
        let hidden = page.hiddenText.map(clean)
        let newIndices = visible.indices.filter { !before.contains(PageText.masked(visible[$0])) }
        let newVisible = newIndices.map { visible[$0] }
        let newHidden = hidden.filter { !before.contains(PageText.masked($0)) }

        // Markers and hosters' pages, anywhere in the page, that the baseline did not carry.
        let baseAll = ([clean(baseline.title)] + baseVisible + baseHidden + baseline.links.map { clean($0.text) }).joined(separator: " \n ")
        let pageAll = ([clean(page.title)] + visible + hidden + page.links.map { clean($0.text) }).joined(separator: " \n ")
        let baseLeetText = PageText.unleet(baseAll), pageLeetText = PageText.unleet(pageAll)
        let baseSqueezed = SearchableText(baseLeetText.filter { $0.isLetter }), pageSqueezed = SearchableText(pageLeetText.filter { $0.isLetter })
        let baseText = SearchableText(baseAll), pageText = SearchableText(pageAll)
        let baseLeet = SearchableText(baseLeetText), pageLeet = SearchableText(pageLeetText)
        var markers: [String] = []
        for marker in DefacementVocabulary.markers + rules.markers.map(PageText.fold) where !marker.isEmpty {
            let squeezed = marker.filter(\.isLetter)
            let inPage = pageText.contains(marker) || pageLeet.contains(marker) || (squeezed.count >= 8 && pageSqueezed.contains(squeezed))
            let inBase = baseText.contains(marker) || baseLeet.contains(marker) || (squeezed.count >= 8 && baseSqueezed.contains(squeezed))
            if inPage && !inBase { markers.append(marker) }
        }
        if !markers.isEmpty { add("marker", markers.prefix(5).joined(separator: ", "), 0.95) }
        let defaults = DefacementVocabulary.defaultPages.filter { pageText.contains($0) && !baseText.contains($0) }
        if !defaults.isEmpty { add("default_page", defaults.prefix(3).joined(separator: ", "), 0.95) }

        // Hidden text with gambling or spam words; visible new text with them counts for little
        // (a warning article names the gambling sites it warns about).
        let baseSpam = Set(DefacementVocabulary.spam(in: baseAll))
        let hiddenSpam = Set(newHidden.flatMap(DefacementVocabulary.spam(in:))).subtracting(baseSpam)
        if !hiddenSpam.isEmpty {
            add("hidden_text", hiddenSpam.sorted().prefix(6).joined(separator: ", "), 0.9)
        } else if newHidden.reduce(0, { $0 + $1.count }) > 400 {
            add("hidden_text", String(newHidden.joined(separator: " ").prefix(120)), 0.3)
        }
        let visibleSpam = Set(newVisible.flatMap(DefacementVocabulary.spam(in:))).subtracting(baseSpam)
        if !visibleSpam.isEmpty {
            // Five or more distinct terms is keyword stuffing, not a warning article.
            add("spam_text", visibleSpam.sorted().prefix(6).joined(separator: ", "), visibleSpam.count >= 5 ? 0.6 : visibleSpam.count >= 3 ? 0.45 : 0.3)
        }

        // Look-alike letters mixed into words, or invisible characters inside them.
        let rawNew = newIndices.map { page.text[$0] }
        let mixed = rawNew.flatMap { $0.split { !($0.isLetter) } }.filter(PageText.mixesScripts)
        if !mixed.isEmpty { add("lookalike_text", mixed.prefix(5).joined(separator: " "), 0.5) }
        if rawNew.contains(where: PageText.hasInvisible) && !baseline.text.contains(where: PageText.hasInvisible) {
            add("lookalike_text", "zero-width", 0.35)
        }

        // A page replaced whole: little of the old text, few of the old links.
        let baseWords = Set(baseVisible.flatMap { PageText.words(PageText.masked($0)) })
        let pageWords = Set(visible.flatMap { PageText.words(PageText.masked($0)) })
        if baseWords.count >= 30 {
            let shared = Double(baseWords.intersection(pageWords).count)
            let similarity = shared / Double(max(1, baseWords.union(pageWords).count))
            let linksKept = Double(page.links.count) / Double(max(1, baseline.links.count))
            if similarity < 0.2 || (pageWords.count * 5 < baseWords.count && linksKept < 0.3) {
                add("content_replaced", String(format: "%.2f", similarity), similarity < 0.1 || linksKept < 0.3 ? 0.9 : 0.6)
            }
        }
    }

    mutating func compareTitle() {
        let before = PageText.masked(clean(baseline.title)), after = PageText.masked(clean(page.title))
        guard before != after else { return }
        let spam = DefacementVocabulary.spam(in: after).filter { !DefacementVocabulary.spam(in: before).contains($0) }
        if !spam.isEmpty {
            add("title_changed", page.title, 0.95)
            return
        }
        let distance = Self.editDistance(Array(before.prefix(300)), Array(after.prefix(300)))
        if distance > max(3, before.count / 5) { add("title_changed", page.title, 0.6) }
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
