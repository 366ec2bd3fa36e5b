import CLibXML2
import Foundation
import VigilCore

/// Reading libxml2's nodes, in place: a page has thousands, and copying each into Swift strings
/// and arrays was most of the time of reading one.
enum Node {
    /// The element's name (libxml2's HTML parser gives names in lower case).
    static func name(_ node: xmlNodePtr) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name)
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

    /// The text of a node and everything in it (the first 100,000 bytes), as UTF-8 bytes appended
    /// to `bytes`; walked by the nodes' own links, without recursion.
    static func appendContent(of node: xmlNodePtr, to bytes: inout [UInt8], limit: Int = 100_000) {
        var current: xmlNodePtr? = node
        while let here = current, bytes.count < limit {
            if here.pointee.type == XML_TEXT_NODE || here.pointee.type == XML_CDATA_SECTION_NODE {
                if let content = here.pointee.content { bytes.append(contentsOf: UnsafeBufferPointer(start: content, count: strlen(content))) }
            } else if here.pointee.type == XML_ELEMENT_NODE || here == node, let child = here.pointee.children {
                current = child
                continue
            }
            // The next node in document order within `node`: a sibling, or an ancestor's sibling.
            var next: xmlNodePtr? = here
            current = nil
            while let candidate = next, candidate != node {
                if let sibling = candidate.pointee.next {
                    current = sibling
                    break
                }
                next = candidate.pointee.parent
            }
        }
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

    static func content(_ node: xmlNodePtr) -> String {
        var bytes: [UInt8] = []
        appendContent(of: node, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text in a node, its white space collapsed.
    static func collapsedContent(_ node: xmlNodePtr) -> String {
        var bytes: [UInt8] = []
        appendContent(of: node, to: &bytes)
        return bytes.withUnsafeBufferPointer(PageText.collapsed)
    }

    static func collapsed(_ text: String) -> String {
        var text = text
        return text.withUTF8(PageText.collapsed)
    }
}

/// Walks the parsed page once, depth first without recursion (nesting is the attacker's to choose),
/// collecting the snapshot's parts.
struct Walker {
    let styles: StyleRules
    var snapshot = PageSnapshot()
    private var block: [UInt8] = []
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
                if let content = node.pointee.content { text(UnsafeBufferPointer(start: content, count: strlen(content)), hidden: inherited) }
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
                if hidden != blockHidden { flush() }
                blockHidden = hidden
                Node.appendContent(of: node, to: &block, limit: block.count + 100_000)
                continue
            }
            let isBlock = Self.blocks.contains(name)
            if isBlock {
                flush()
                steps.append(.leave)
            }
            // Children pushed last first, so that they are taken in document order.
            var child = node.pointee.last
            while let current = child {
                steps.append(.enter(current, hidden: hidden, depth: depth + 1))
                child = current.pointee.prev
            }
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
           classes.lowercased().utf8.split(whereSeparator: { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) })
               .contains(where: { styles.classes.contains(String(Substring($0))) }) {
            return true
        }
        return false
    }

    /// Records what the element is; false when its children are not to be walked.
    private mutating func element(_ node: xmlNodePtr, _ name: String, hidden: Bool) -> Bool {
        switch name {
        case "title":
            if snapshot.title.isEmpty { snapshot.title = Node.collapsedContent(node) }
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
                let text = Node.collapsedContent(node)
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
                snapshot.links.append(.init(href: value, text: Node.collapsedContent(node), hidden: hidden))
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
        var value = value
        value.withUTF8 { text($0, hidden: hidden) }
    }

    private mutating func text(_ value: UnsafeBufferPointer<UInt8>, hidden: Bool) {
        if hidden != blockHidden { flush() }
        blockHidden = hidden
        block.append(contentsOf: value)
    }

    private mutating func flush() {
        guard !block.isEmpty else { return }
        let text = block.withUnsafeBufferPointer(PageText.collapsed)
        block.removeAll(keepingCapacity: true)
        guard !text.isEmpty else { return }
        if blockHidden { snapshot.hiddenText.append(text) } else { snapshot.text.append(text) }
    }
}
