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
        compare(prepare(baseline: baseline, url: url, rules: rules), page: page)
    }

    /// The baseline's side of every comparison with it, computed once: a monitor keeps it until its
    /// baseline or its rules change, and each check then does only the fetched page's side.
    public static func prepare(baseline: PageSnapshot, url: URL? = nil, rules: DefacementRules = .init()) -> PreparedBaseline {
        PreparedBaseline(baseline: baseline, url: url, rules: rules)
    }

    public static func compare(_ baseline: PreparedBaseline, page: PageSnapshot) -> DefacementVerdict {
        DefacementComparison(baseline: baseline, page: page).verdict()
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

/// A baseline made ready for comparisons (`DefacementCheck.prepare`): its texts folded and masked,
/// the markers it already carries, the places it already links to and loads from.
public struct PreparedBaseline: @unchecked Sendable {
    // @unchecked: `NSRegularExpression` is immutable and thread-safe for matching, but not
    // marked Sendable by swift-corelibs-foundation.
    public let snapshot: PageSnapshot
    public let url: URL?
    public let rules: DefacementRules
    let context: DefacementContext
    let side: DefacementSide
    /// Everything in the baseline the page's text is compared with, masked.
    let blocks: Set<String>
    let spam: Set<String>
    let hasInvisible: Bool
    let hrefs: Set<String>
    let linkKeys: Set<String>
    let scriptSources: Set<String>
    let scriptBodies: Set<String>
    let scriptKeys: Set<String>
    let frameKeys: Set<String>
    let formKeys: Set<String>
    let asksPassword: Bool
    /// Domains the baseline already links to or loads from.
    let knownLinks: Set<String>
    let knownResources: Set<String>

    init(baseline: PageSnapshot, url: URL?, rules: DefacementRules) {
        snapshot = baseline
        self.url = url
        self.rules = rules
        let context = DefacementContext(url: url, rules: rules)
        self.context = context
        side = DefacementSide(baseline, context: context)
        blocks = Set(side.visibleMasked + side.hiddenMasked)
        spam = Set(DefacementVocabulary.spam(in: side.all))
        hasInvisible = baseline.text.contains(where: PageText.hasInvisible)
        let site = context.site, own = context.own
        hrefs = Set(baseline.links.map(\.href))
        linkKeys = Set(baseline.links.compactMap { site.key($0.href, own: own) })
        scriptSources = Set(baseline.scripts.compactMap(\.source).compactMap { site.key($0, own: own) })
        let inline = baseline.scripts.filter { $0.source == nil }
        scriptBodies = Set(inline.map(\.body))
        scriptKeys = Set(inline.map { DefacementComparison.scriptKey($0.body) })
        frameKeys = Set(baseline.frames.compactMap { site.key($0.source, own: own) })
        formKeys = Set(baseline.forms.compactMap { site.key($0.action, own: own) })
        asksPassword = baseline.forms.contains(where: \.asksPassword)
        func domains(_ references: [String]) -> Set<String> {
            Set(references.compactMap { site.host(of: $0).map(SiteAddress.registrable) })
        }
        knownLinks = domains(baseline.links.map(\.href) + baseline.forms.map(\.action))
        knownResources = domains(baseline.scripts.compactMap(\.source) + baseline.frames.map(\.source))
    }
}

/// What the rules and the site's address make of every comparison: the agency's own domains, the
/// text to leave out, the phrases to look for.
struct DefacementContext {
    let rules: DefacementRules
    let site: SiteAddress
    /// Registrable domains that are the agency's own (the page's, and trusted ones).
    let own: Set<String>
    let ignored: [NSRegularExpression]
    let markers: PhraseSet
    /// The markers of eight letters or more with only their letters ("h.a.c.k.e.d b.y"), by
    /// index into `markers`.
    let squeezedMarkers: PhraseSet
    let squeezedIndices: [Int]

    static let defaultPages = PhraseSet(DefacementVocabulary.defaultPages)

    init(url: URL?, rules: DefacementRules) {
        self.rules = rules
        site = SiteAddress(page: url)
        var own = Set(rules.trustedDomains.map { SiteAddress.registrable($0.lowercased()) })
        if let host = url?.host { own.insert(SiteAddress.registrable(host)) }
        self.own = own
        ignored = rules.ignoredText.compactMap { try? NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }
        let markers = (DefacementVocabulary.markers + rules.markers.map(PageText.fold)).filter { !$0.isEmpty }
        self.markers = PhraseSet(markers)
        let squeezed = markers.enumerated().map { ($0.offset, PageText.letters($0.element)) }.filter { $0.1.count >= 8 }
        squeezedMarkers = PhraseSet(squeezed.map(\.1))
        squeezedIndices = squeezed.map(\.0)
    }

    func clean(_ text: String) -> String {
        var folded = PageText.fold(text)
        for expression in ignored {
            folded = expression.stringByReplacingMatches(in: folded, range: NSRange(folded.startIndex..., in: folded), withTemplate: " ")
        }
        return folded
    }
}

/// What a comparison needs of one page's text, computed once per page.
struct DefacementSide {
    let title: String
    let visible: [String]
    let visibleMasked: [String]
    let hidden: [String]
    let hiddenMasked: [String]
    /// The title, the blocks and the links' texts, folded, in one text.
    let all: String
    /// Which of the context's markers and hosters' phrases the page carries (as written, in
    /// leetspeak, or spelled out letter by letter).
    let markers: [Bool]
    let defaults: [Bool]
    /// The visible text's distinct words, masked, as hashes (for how much of the text is kept).
    let words: Set<Int>

    init(_ snapshot: PageSnapshot, context: DefacementContext) {
        title = context.clean(snapshot.title)
        visible = snapshot.text.map(context.clean)
        hidden = snapshot.hiddenText.map(context.clean)
        visibleMasked = visible.map(PageText.masked)
        hiddenMasked = hidden.map(PageText.masked)
        all = ([title] + visible + hidden + snapshot.links.map { context.clean($0.text) }).joined(separator: " \n ")
        let allBytes = Array(all.utf8)
        let text = SearchableText(bytes: allBytes)
        let leetBytes = PageText.unleet(bytes: allBytes)
        let leet = SearchableText(bytes: leetBytes)
        let squeezed = SearchableText(bytes: PageText.letters(bytes: leetBytes))
        var markers = zip(context.markers.found(in: text), context.markers.found(in: leet)).map { $0 || $1 }
        for (found, index) in zip(context.squeezedMarkers.found(in: squeezed), context.squeezedIndices) where found { markers[index] = true }
        self.markers = markers
        defaults = DefacementContext.defaultPages.found(in: text)
        var words = Set<Int>()
        for block in visibleMasked { PageText.forEachWordHash(block) { words.insert($0) } }
        self.words = words
    }
}

struct DefacementComparison {
    let prepared: PreparedBaseline
    let baseline: PageSnapshot
    let page: PageSnapshot
    let context: DefacementContext
    let side: DefacementSide
    var reasons: [DefacementVerdict.Reason] = []

    var site: SiteAddress { context.site }
    var own: Set<String> { context.own }

    init(baseline: PreparedBaseline, page: PageSnapshot) {
        prepared = baseline
        self.baseline = baseline.snapshot
        self.page = page
        context = baseline.context
        side = DefacementSide(page, context: baseline.context)
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
        return DefacementVerdict(reasons: comparison.reasons, threshold: context.rules.threshold)
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

    // MARK: Text

    mutating func compareText() {
        let base = prepared.side
        let newIndices = side.visibleMasked.indices.filter { !prepared.blocks.contains(side.visibleMasked[$0]) }
        let newVisible = newIndices.map { side.visible[$0] }
        let newHidden = side.hidden.indices.filter { !prepared.blocks.contains(side.hiddenMasked[$0]) }.map { side.hidden[$0] }

        // Markers and hosters' pages, anywhere in the page, that the baseline did not carry.
        let markers = context.markers.phrases.indices.filter { side.markers[$0] && !base.markers[$0] }.map { context.markers.phrases[$0] }
        if !markers.isEmpty { add("marker", markers.prefix(5).joined(separator: ", "), 0.95) }
        let phrases = DefacementContext.defaultPages.phrases
        let defaults = phrases.indices.filter { side.defaults[$0] && !base.defaults[$0] }.map { phrases[$0] }
        if !defaults.isEmpty { add("default_page", defaults.prefix(3).joined(separator: ", "), 0.95) }

        // Hidden text with gambling or spam words; visible new text with them counts for little
        // (a warning article names the gambling sites it warns about).
        let hiddenSpam = Set(newHidden.flatMap(DefacementVocabulary.spam(in:))).subtracting(prepared.spam)
        if !hiddenSpam.isEmpty {
            add("hidden_text", hiddenSpam.sorted().prefix(6).joined(separator: ", "), 0.9)
        } else if newHidden.reduce(0, { $0 + $1.count }) > 400 {
            add("hidden_text", String(newHidden.joined(separator: " ").prefix(120)), 0.3)
        }
        let visibleSpam = Set(newVisible.flatMap(DefacementVocabulary.spam(in:))).subtracting(prepared.spam)
        if !visibleSpam.isEmpty {
            // Five or more distinct terms is keyword stuffing, not a warning article.
            add("spam_text", visibleSpam.sorted().prefix(6).joined(separator: ", "), visibleSpam.count >= 5 ? 0.6 : visibleSpam.count >= 3 ? 0.45 : 0.3)
        }

        // Look-alike letters mixed into words, or invisible characters inside them.
        let rawNew = newIndices.map { page.text[$0] }
        let mixed = rawNew.flatMap { $0.split { !($0.isLetter) } }.filter(PageText.mixesScripts)
        if !mixed.isEmpty { add("lookalike_text", mixed.prefix(5).joined(separator: " "), 0.5) }
        if rawNew.contains(where: PageText.hasInvisible) && !prepared.hasInvisible {
            add("lookalike_text", "zero-width", 0.35)
        }

        // A page replaced whole: little of the old text, few of the old links.
        let baseWords = base.words, pageWords = side.words
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
        let before = PageText.masked(prepared.side.title), after = PageText.masked(side.title)
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
