import Foundation

/// What a web page shows and loads, as the defacement check compares it: read from the HTML by
/// `VigilPages.PageReader` (libxml2's HTML parser), kept as a monitor's baseline (JSON), compared by
/// `DefacementCheck`. Each part records whether a visitor sees it (`hidden` when an element or one
/// of its ancestors is hidden by an attribute, an inline style or a `<style>` rule the page carries).
public struct PageSnapshot: Codable, Sendable, Equatable {
    public struct Link: Codable, Sendable, Equatable {
        /// As written in the page (resolved against the page's address by the check).
        public var href: String
        public var text: String
        public var hidden: Bool

        public init(href: String, text: String, hidden: Bool) {
            (self.href, self.text, self.hidden) = (href, text, hidden)
        }
    }

    public struct Script: Codable, Sendable, Equatable {
        /// The `src` of an external script, nil for an inline one.
        public var source: String?
        /// An inline script's text (the first 20,000 characters).
        public var body: String

        public init(source: String?, body: String) {
            (self.source, self.body) = (source, body)
        }
    }

    public struct Frame: Codable, Sendable, Equatable {
        public var source: String
        public var hidden: Bool

        public init(source: String, hidden: Bool) {
            (self.source, self.hidden) = (source, hidden)
        }
    }

    public struct Form: Codable, Sendable, Equatable {
        public var action: String
        public var asksPassword: Bool
        public var hidden: Bool

        public init(action: String, asksPassword: Bool, hidden: Bool) {
            (self.action, self.asksPassword, self.hidden) = (action, asksPassword, hidden)
        }
    }

    public var title: String
    /// Visible text, one entry per block (paragraph, list item, cell, heading…), white space collapsed.
    public var text: [String]
    /// Text a visitor does not see, per block.
    public var hiddenText: [String]
    public var links: [Link]
    public var scripts: [Script]
    public var frames: [Frame]
    public var forms: [Form]
    /// The target of a `<meta http-equiv="refresh">`, as written ("" to reload the page itself).
    public var refresh: String?
    /// The page's size in bytes, as fetched.
    public var size: Int
    /// The reader stopped before the end (nesting deeper than it follows): what came after is not here.
    public var cutShort: Bool

    public init(title: String = "", text: [String] = [], hiddenText: [String] = [], links: [Link] = [], scripts: [Script] = [],
                frames: [Frame] = [], forms: [Form] = [], refresh: String? = nil, size: Int = 0, cutShort: Bool = false) {
        self.title = title
        self.text = text
        self.hiddenText = hiddenText
        self.links = links
        self.scripts = scripts
        self.frames = frames
        self.forms = forms
        self.refresh = refresh
        self.size = size
        self.cutShort = cutShort
    }

    enum CodingKeys: String, CodingKey { case title, text, hiddenText, links, scripts, frames, forms, refresh, size, cutShort }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(String.self, forKey: .title)
        text = try container.decode([String].self, forKey: .text)
        hiddenText = try container.decode([String].self, forKey: .hiddenText)
        links = try container.decode([Link].self, forKey: .links)
        scripts = try container.decode([Script].self, forKey: .scripts)
        frames = try container.decode([Frame].self, forKey: .frames)
        forms = try container.decode([Form].self, forKey: .forms)
        refresh = try container.decodeIfPresent(String.self, forKey: .refresh)
        size = try container.decode(Int.self, forKey: .size)
        cutShort = try container.decodeIfPresent(Bool.self, forKey: .cutShort) ?? false
    }
}

/// Whether CSS declarations (an inline `style`, or a rule's body) hide what they apply to, the
/// ways defacers hide injected links: `display:none`, `visibility:hidden`, no opacity, far off
/// screen, text pushed out by its indent, text too small to read, a box of no height that clips its
/// content, a clip to nothing, a scale of zero, text the colour of its background (or white on the
/// page's own, usually white, background).
public enum HidingStyle {
    /// `name: value` pairs, lower case, without `!important` (the last of a name wins, as in CSS).
    static func values(_ declarations: String) -> [String: String] {
        var values: [String: String] = [:]
        for part in declarations.lowercased().split(separator: ";") {
            guard let colon = part.firstIndex(of: ":") else { continue }
            let name = part[..<colon].trimmingCharacters(in: .whitespacesAndNewlines)
            values[name] = part[part.index(after: colon)...].replacingOccurrences(of: "!important", with: "")
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return values
    }

    public static func hides(_ declarations: String) -> Bool {
        let values = values(declarations)
        if values["display"] == "none" { return true }
        if let visibility = values["visibility"], visibility == "hidden" || visibility == "collapse" { return true }
        if let opacity = values["opacity"].flatMap(Double.init), opacity < 0.1 { return true }
        for side in ["left", "top", "right", "margin-left", "margin-top", "text-indent"] {
            if let length = values[side].flatMap(pixels), length <= -400 { return true }
        }
        if let size = values["font-size"].flatMap(pixels), size < 3 { return true }
        let clips = values["overflow"].map { $0.hasPrefix("hidden") || $0.hasPrefix("clip") } ?? false
        for side in ["height", "width", "max-height", "max-width"] {
            if clips, let length = values[side].flatMap(pixels), length < 3 { return true }
        }
        if let clip = values["clip"], clip.replacingOccurrences(of: " ", with: "").hasPrefix("rect(0") { return true }
        if let transform = values["transform"], transform.replacingOccurrences(of: " ", with: "").contains("scale(0)") { return true }
        if let colour = values["color"].map(normalisedColour) {
            let background = (values["background-color"] ?? values["background"]).map(normalisedColour)
            if colour == background { return true }
            // White text with no background of its own: on the white pages portals have, unseen.
            if colour == "white", background == nil { return true }
        }
        return false
    }

    /// Whether a frame with this style is too small to see (a frame does not overflow its box).
    public static func tiny(_ declarations: String) -> Bool {
        let values = values(declarations)
        return ["width", "height"].contains { values[$0].flatMap(pixels).map { $0 <= 2 } ?? false }
    }

    /// A CSS length in pixels (em and rem taken as 16 px, percentages of font size likewise), or
    /// nil when it is not a length.
    static func pixels(_ value: String) -> Double? {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        let units: [(String, Double)] = [("px", 1), ("rem", 16), ("em", 16), ("pt", 4.0 / 3), ("%", 0.16), ("vw", 12), ("vh", 8)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            return Double(text.dropLast(unit.count)).map { $0 * factor }
        }
        return Double(text)
    }

    /// Colours compared as written, with the common spellings of white and black made one.
    static func normalisedColour(_ value: String) -> String {
        let text = value.replacingOccurrences(of: " ", with: "")
        switch text {
        case "#fff", "#ffffff", "white", "rgb(255,255,255)": return "white"
        case "#000", "#000000", "black", "rgb(0,0,0)": return "black"
        default: return text
        }
    }
}
