import CLibXML2
import Foundation
import VigilCore

/// Reading libxml2's nodes.
enum Node {
    static func name(_ node: xmlNodePtr) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name).lowercased()
    }

    /// An attribute's value, read from its text nodes in place (no copy by libxml2 to free).
    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let attribute = xmlHasProp(node, name) else { return nil }
        var value = ""
        var child = attribute.pointee.children
        while let current = child {
            if let content = current.pointee.content { value += String(cString: content) }
            child = current.pointee.next
        }
        return value
    }

    static func hasAttribute(_ node: xmlNodePtr, _ name: String) -> Bool {
        xmlHasProp(node, name) != nil
    }

    /// The text of a node and everything in it (the first 100,000 characters), read in place.
    static func content(_ node: xmlNodePtr) -> String {
        var text = ""
        var stack: [xmlNodePtr] = [node]
        while let current = stack.popLast(), text.utf8.count < 100_000 {
            if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE {
                if let content = current.pointee.content { text += String(cString: content) }
                continue
            }
            stack.append(contentsOf: children(current).reversed())
        }
        return text
    }

    /// A node's children, in document order.
    static func children(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var children: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            children.append(current)
            child = current.pointee.next
        }
        return children
    }

    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

/// Walks the parsed page once, depth first without recursion (nesting is the attacker's to choose),
/// collecting the snapshot's parts.
struct Walker {
    let styles: StyleRules
    var snapshot = PageSnapshot()
    private var block = ""
    private var blockHidden = false

    static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "marquee", "nav",
        "ol", "option", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "body", "center",
        "button", "label", "select", "textarea", "title", "a",
    ]

    init(styles: StyleRules) {
        self.styles = styles
    }

    private enum Step {
        case enter(xmlNodePtr, hidden: Bool, depth: Int)
        case leave
    }

    mutating func walk(_ root: xmlNodePtr) {
        var steps: [Step] = [.enter(root, hidden: false, depth: 0)]
        while let step = steps.popLast() {
            guard case .enter(let node, let inherited, let depth) = step else {
                flush()
                continue
            }
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content { text(String(cString: content), hidden: inherited) }
                continue
            case XML_ELEMENT_NODE:
                break
            default:
                continue
            }
            let name = Node.name(node)
            let hidden = inherited || hides(node, name)
            guard element(node, name, hidden: hidden) else { continue }
            guard depth < PageReader.maxDepth else {
                text(Node.content(node), hidden: hidden)
                continue
            }
            let isBlock = Self.blocks.contains(name)
            if isBlock {
                flush()
                steps.append(.leave)
            }
            // Children pushed last first, so that they are taken in document order.
            for current in Node.children(node).reversed() { steps.append(.enter(current, hidden: hidden, depth: depth + 1)) }
        }
        flush()
    }

    /// Whether the element itself is hidden from a visitor.
    private func hides(_ node: xmlNodePtr, _ name: String) -> Bool {
        if name == "noscript" || name == "template" || styles.tags.contains(name) { return true }
        if Node.hasAttribute(node, "hidden") { return true }
        if let style = Node.attribute(node, "style"), HidingStyle.hides(style) { return true }
        if let id = Node.attribute(node, "id"), styles.ids.contains(id.lowercased()) { return true }
        if let classes = Node.attribute(node, "class"),
           classes.lowercased().split(whereSeparator: \.isWhitespace).contains(where: { styles.classes.contains(String($0)) }) {
            return true
        }
        return false
    }

    /// Records what the element is; false when its children are not to be walked.
    private mutating func element(_ node: xmlNodePtr, _ name: String, hidden: Bool) -> Bool {
        switch name {
        case "title":
            if snapshot.title.isEmpty { snapshot.title = Node.collapsed(Node.content(node)) }
            return false
        case "style":
            return false
        case "script":
            if let source = Node.attribute(node, "src"), !source.trimmingCharacters(in: .whitespaces).isEmpty {
                snapshot.scripts.append(.init(source: source, body: ""))
            } else {
                let body = Node.content(node)
                if !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    snapshot.scripts.append(.init(source: nil, body: String(body.prefix(20_000))))
                }
            }
            return false
        case "meta":
            if Node.attribute(node, "http-equiv")?.lowercased() == "refresh", snapshot.refresh == nil {
                snapshot.refresh = Node.attribute(node, "content") ?? ""
            }
            return false
        case "a", "area":
            if let href = Node.attribute(node, "href") {
                let text = Node.collapsed(Node.content(node))
                snapshot.links.append(.init(href: href, text: text.isEmpty ? (Node.attribute(node, "title") ?? "") : text, hidden: hidden))
            }
            return true
        case "iframe", "frame", "embed", "object":
            let source = Node.attribute(node, name == "object" ? "data" : "src") ?? ""
            if !source.isEmpty {
                let tiny = ["width", "height"].contains { Node.attribute(node, $0).flatMap { Double($0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "px", with: "")) }.map { $0 <= 2 } ?? false }
                let squeezed = Node.attribute(node, "style").map(HidingStyle.tiny) ?? false
                snapshot.frames.append(.init(source: source, hidden: hidden || tiny || squeezed))
            }
            return false
        case "form":
            snapshot.forms.append(.init(action: Node.attribute(node, "action") ?? "", asksPassword: Self.asksPassword(node), hidden: hidden))
            return true
        case "option":
            // A "website links" drop-down: each option's value is where it takes the visitor.
            if let value = Node.attribute(node, "value"), value.lowercased().hasPrefix("http") || value.hasPrefix("//") {
                snapshot.links.append(.init(href: value, text: Node.collapsed(Node.content(node)), hidden: hidden))
            }
            return true
        case "input":
            if let value = Node.attribute(node, "value"), let type = Node.attribute(node, "type")?.lowercased(),
               ["submit", "button"].contains(type) {
                text(value, hidden: hidden)
            }
            return false
        case "img":
            if let alt = Node.attribute(node, "alt"), !alt.isEmpty { text(" " + alt + " ", hidden: hidden) }
            return false
        default:
            return true
        }
    }

    static func asksPassword(_ form: xmlNodePtr) -> Bool {
        var stack = Node.children(form)
        var seen = 0
        while let node = stack.popLast(), seen < 10_000 {
            seen += 1
            if node.pointee.type == XML_ELEMENT_NODE, Node.name(node) == "input", Node.attribute(node, "type")?.lowercased() == "password" { return true }
            stack.append(contentsOf: Node.children(node))
        }
        return false
    }

    private mutating func text(_ value: String, hidden: Bool) {
        if hidden != blockHidden { flush() }
        blockHidden = hidden
        block += value
    }

    private mutating func flush() {
        let text = Node.collapsed(block)
        block = ""
        guard !text.isEmpty else { return }
        if blockHidden { snapshot.hiddenText.append(text) } else { snapshot.text.append(text) }
    }
}
