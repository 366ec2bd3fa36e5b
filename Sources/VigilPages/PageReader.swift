import CLibXML2
import Foundation
import VigilCore

/// Reads a web page into a `PageSnapshot` with libxml2's HTML parser, which repairs what browsers
/// repair (unclosed tags, stray end tags, text after `</html>`), decodes entities, and fetches
/// nothing (`HTML_PARSE_NONET`; HTML has no external entities to expand).
///
/// What a visitor does not see is marked hidden: an element with the `hidden` attribute, inside
/// `<noscript>` or `<template>`, or hidden by its inline style or by a rule of the page's own
/// `<style>` blocks (by class, id or tag; `HidingStyle` says which declarations hide), and what is
/// inside it. Stylesheets the page links to are not fetched; the utility classes frameworks use to
/// hide (`d-none`, `sr-only`…) count as hiding.
public enum PageReader {
    /// Element nesting deeper than this is read as text of its ancestor (libxml2 stops at 256 anyway).
    static let maxDepth = 512

    public static func read(_ data: Data, charset: String? = nil) -> PageSnapshot {
        guard !data.isEmpty else { return PageSnapshot() }
        // A browser shows what follows `</html>` as part of the body; libxml2 drops some of it
        // (a frame, say). So the part after the last `</html>` is read again on its own and added.
        if let end = lastClosingHTML(data), data[end...].contains(where: { $0 > 0x20 }) {
            var whole = parse(data.prefix(upTo: end), charset: charset)
            let tail = parse(Data(data[end...]), charset: charset)
            whole.text += tail.text
            whole.hiddenText += tail.hiddenText
            whole.links += tail.links.filter { !whole.links.contains($0) }
            whole.scripts += tail.scripts
            whole.frames += tail.frames
            whole.forms += tail.forms
            whole.size = data.count
            return whole
        }
        return parse(data, charset: charset)
    }

    /// Where the last `</html>` ends, in any letter case.
    static func lastClosingHTML(_ data: Data) -> Data.Index? {
        let needle = Array("</html>".utf8)
        let bytes = [UInt8](data)
        var index = bytes.count - needle.count
        while index >= 0 {
            if bytes[index] == 0x3C, zip(bytes[index..<index + needle.count], needle).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) {
                return data.startIndex + index + needle.count
            }
            index -= 1
        }
        return nil
    }

    static func parse(_ data: Data, charset: String?) -> PageSnapshot {
        guard !data.isEmpty else { return PageSnapshot() }
        // libxml2 takes a page without a declared encoding for Latin-1; Vietnamese pages are UTF-8
        // far more often, so valid UTF-8 is read as such whatever the page claims.
        let encoding = charset ?? (String(data: data, encoding: .utf8) != nil ? "UTF-8" : nil)
        var options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        if encoding != nil { options |= Int32(HTML_PARSE_IGNORE_ENC.rawValue) }
        // The parser stops at a nesting deeper than 256 and drops the rest of the page: a hiding
        // place, so a page it stopped on is marked (`cutShort`) rather than read as shorter.
        var cutShort = false
        let document: htmlDocPtr? = data.withUnsafeBytes { buffer -> htmlDocPtr? in
            guard let base = buffer.baseAddress, buffer.count <= Int(Int32.max), let context = htmlNewParserCtxt() else { return nil }
            defer { htmlFreeParserCtxt(context) }
            let document = htmlCtxtReadMemory(context, base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), nil, encoding, options)
            // In recovery mode only a fatal stop (too deep, out of memory) turns the callbacks off.
            cutShort = context.pointee.disableSAX != 0
            return document
        }
        guard let document else { return PageSnapshot(size: data.count) }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return PageSnapshot(size: data.count) }
        var walker = Walker(styles: StyleRules(root: root))
        walker.walk(root)
        var snapshot = walker.snapshot
        snapshot.size = data.count
        snapshot.cutShort = cutShort
        return snapshot
    }
}

/// The classes, ids and tags that the page's `<style>` blocks hide.
struct StyleRules {
    var classes: Set<String> = ["d-none", "hidden", "hide", "sr-only", "visually-hidden", "invisible", "screen-reader-text", "display-none"]
    var ids: Set<String> = []
    var tags: Set<String> = []

    init(root: xmlNodePtr) {
        var css: [UInt8] = []
        var stack: [xmlNodePtr] = [root]
        while let node = stack.popLast() {
            if xmlStrEqual(node.pointee.name, "style") != 0 {
                Node.appendContent(of: node, to: &css, limit: css.count + 100_000)
                css.append(contentsOf: Array("\n}\n".utf8))
                continue
            }
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { stack.append(current) }
                child = current.pointee.next
            }
        }
        guard !css.isEmpty else { return }
        parse(String(decoding: css, as: UTF8.self))
    }

    mutating func parse(_ css: String) {
        var text = css
        while let start = text.range(of: "/*") {
            let end = text.range(of: "*/", range: start.upperBound..<text.endIndex)?.upperBound ?? text.endIndex
            text.removeSubrange(start.lowerBound..<end)
        }
        for rule in text.split(separator: "}") {
            let parts = rule.split(separator: "{", omittingEmptySubsequences: false)
            guard parts.count >= 2, HidingStyle.hides(String(parts[parts.count - 1])) else { continue }
            for selector in parts[parts.count - 2].split(separator: ",") {
                // The element the rule applies to: the last compound of the selector; a state
                // (":hover") makes the rule conditional, so it is not taken.
                guard let compound = selector.split(whereSeparator: { " >+~\n\t".contains($0) }).last, !compound.contains(":") else { continue }
                var pieces: [(Character, String)] = []
                var current = "", kind: Character = "t"
                for character in compound {
                    if character == "." || character == "#" || character == "[" {
                        if !current.isEmpty { pieces.append((kind, current.lowercased())) }
                        current = ""
                        kind = character
                    } else {
                        current.append(character)
                    }
                }
                if !current.isEmpty { pieces.append((kind, current.lowercased())) }
                let named = pieces.filter { $0.0 == "." || $0.0 == "#" }
                if let (kind, name) = named.last {
                    if kind == "." { classes.insert(name) } else { ids.insert(name) }
                } else if pieces.count == 1, pieces[0].0 == "t", pieces[0].1 != "*", pieces[0].1.allSatisfy({ $0.isLetter || $0.isNumber }) {
                    tags.insert(pieces[0].1)
                }
            }
        }
    }
}
