import Foundation
import Testing
@testable import VigilCore

@Suite("Indicator exchange: STIX 2.1 and MISP")
struct StixExchangeTests {
    static let at = Date(timeIntervalSince1970: 1_795_000_000.123_9)

    static func incident(_ items: [Indicator]) -> ExchangeIncident {
        ExchangeIncident(
            id: UUID(uuidString: "11111111-2222-4333-8444-555555555555")!, reference: "SXD-2026-0001", title: "Trang web bị thay đổi",
            description: "Nội dung lạ", organisationID: UUID(uuidString: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee")!, organisationName: "Sở Xây dựng",
            created: at, modified: at.addingTimeInterval(60), discoveredAt: at.addingTimeInterval(-3600), occurredAt: nil, severity: .high,
            closed: false, items: items.enumerated().map { index, indicator in
                .init(id: UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", index))!, indicator: indicator, addedAt: at)
            })
    }

    @Test("patterns per kind, with quotes and backslashes escaped", arguments: [
        (Indicator(type: .ipv4, value: "1.2.3.4"), "[ipv4-addr:value = '1.2.3.4']"),
        (Indicator(type: .ipv6, value: "2001:db8::1"), "[ipv6-addr:value = '2001:db8::1']"),
        (Indicator(type: .domain, value: "evil.vn"), "[domain-name:value = 'evil.vn']"),
        (Indicator(type: .url, value: "http://a.vn/x?q='1'"), "[url:value = 'http://a.vn/x?q=\\'1\\'']"),
        (Indicator(type: .md5, value: String(repeating: "a", count: 32)), "[file:hashes.MD5 = '\(String(repeating: "a", count: 32))']"),
        (Indicator(type: .sha1, value: String(repeating: "b", count: 40)), "[file:hashes.'SHA-1' = '\(String(repeating: "b", count: 40))']"),
        (Indicator(type: .sha256, value: String(repeating: "c", count: 64)), "[file:hashes.'SHA-256' = '\(String(repeating: "c", count: 64))']"),
        (Indicator(type: .email, value: "a@b.vn"), "[email-addr:value = 'a@b.vn']"),
        (Indicator(type: .filename, value: "it's a\\b.exe"), "[file:name = 'it\\'s a\\\\b.exe']"),
    ])
    func patterns(indicator: Indicator, pattern: String) throws {
        #expect(StixPattern.pattern(for: indicator) == pattern)
        let parsed = try StixPattern.parse(pattern)
        #expect(parsed.count == 1 && parsed[0].type == indicator.type && parsed[0].value == indicator.value)
    }

    @Test("simple patterns from other tools: ORs inside and between observations, unquoted hash names")
    func otherPatterns() throws {
        let parsed = try StixPattern.parse("[ipv4-addr:value = '1.2.3.4' OR domain-name:value='x.vn'] OR [file:hashes.SHA256 = 'ab']")
        #expect(parsed.map(\.type) == [.ipv4, .domain, .sha256])
        #expect(parsed.map(\.value) == ["1.2.3.4", "x.vn", "ab"])
    }

    @Test("patterns beyond single values are refused with what was found", arguments: [
        ("[ipv4-addr:value = '1.2.3.4' AND domain-name:value = 'x.vn']", StixPattern.Problem.unsupported("AND")),
        ("[ipv4-addr:value != '1.2.3.4']", .unsupported("!=")),
        ("[url:value LIKE 'http://%']", .unsupported("LIKE")),
        ("[ipv4-addr:value = '1.2.3.4'] WITHIN 5 SECONDS", .unsupported("WITHIN")),
        ("[mac-addr:value = 'aa:bb:cc:dd:ee:ff']", .unsupportedPath("mac-addr:value")),
        ("[network-traffic:dst_ref[*].value = '1.2.3.4']", .unsupported("[")),
        ("[ipv4-addr:value = '1.2.3.4'", .syntax(at: 28)),
        ("ipv4-addr:value = '1.2.3.4'", .syntax(at: 0)),
        ("[ipv4-addr:value = 'unterminated]", .syntax(at: 33)),
    ])
    func badPatterns(pattern: String, problem: StixPattern.Problem) {
        #expect(throws: problem) { try StixPattern.parse(pattern) }
    }

    @Test("the bundle: identity, incident, indicators with observables and relationships, observed data; ids stable")
    func bundle() throws {
        let incident = Self.incident([Indicator(type: .ipv4, value: "1.2.3.4"), Indicator(type: .sha256, value: String(repeating: "c", count: 64))])
        let data = try StixBundleWriter.bundle(incident).json()
        #expect(data == (try StixBundleWriter.bundle(incident).json()))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["type"] as? String == "bundle")
        let objects = try #require(json["objects"] as? [[String: Any]])
        #expect(objects.map { $0["type"] as! String } == [
            "identity", "incident", "indicator", "ipv4-addr", "relationship", "indicator", "file", "relationship", "observed-data", "relationship",
        ])
        #expect(objects[2]["id"] as? String == "indicator--00000000-0000-4000-8000-000000000000")
        #expect(objects[2]["created"] as? String == "2026-11-18T11:06:40.123Z")
        #expect(objects[2]["pattern_type"] as? String == "stix")
        #expect(objects[6]["hashes"] as? [String: String] == ["SHA-256": String(repeating: "c", count: 64)])
        #expect(objects[8]["object_refs"] as? [String] == [objects[3]["id"] as! String, objects[6]["id"] as! String])
        #expect(objects[4]["relationship_type"] as? String == "indicates" && objects[4]["target_ref"] as? String == objects[1]["id"] as? String)
        #expect(objects[1]["created_by_ref"] as? String == "identity--aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee")
        // Round trip: the bundle reads back as the same indicators.
        let read = try StixBundleReader.read(data)
        #expect(read.indicators == incident.items.map(\.indicator))
        #expect(read.skipped == 6)
    }

    @Test("the MISP event: MISP's types and categories")
    func misp() throws {
        let all = [Indicator(type: .ipv4, value: "1.2.3.4"), Indicator(type: .ipv6, value: "2001:db8::1"), Indicator(type: .domain, value: "x.vn"),
                   Indicator(type: .url, value: "http://x.vn/"), Indicator(type: .email, value: "a@x.vn"), Indicator(type: .filename, value: "a.exe")]
        let event = MispEventWriter.event(Self.incident(all)).event
        #expect(event.attribute.map(\.type) == ["ip-dst", "ip-dst", "domain", "url", "email-src", "filename"])
        #expect(event.attribute.map(\.category) == ["Network activity", "Network activity", "Network activity", "Network activity",
                                                    "Payload delivery", "Payload delivery"])
        #expect(event.threatLevelID == "1" && event.analysis == "1" && event.date == "2026-11-18")
        #expect(event.info == "SXD-2026-0001: Trang web bị thay đổi")
    }

    static func bundle(_ objects: String) -> Data {
        Data(#"{"type":"bundle","id":"bundle--6b2a1f8e-4a8f-4b8a-9c55-1f1f1f1f1f1f","objects":[\#(objects)]}"#.utf8)
    }

    static let good = #"{"type":"indicator","spec_version":"2.1","id":"indicator--0a0a0a0a-4a8f-4b8a-9c55-1f1f1f1f1f1f","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","pattern":"[domain-name:value = 'Evil.VN']","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"}"#

    @Test("a good bundle: values normalised, observables read, context objects skipped, duplicates once")
    func readGood() throws {
        let result = try StixBundleReader.read(Self.bundle(Self.good + "," + #"""
            {"type":"domain-name","id":"domain-name--1b1b1b1b-4a8f-4b8a-9c55-1f1f1f1f1f1f","value":"evil.vn"},
            {"type":"file","id":"file--2c2c2c2c-4a8f-4b8a-9c55-1f1f1f1f1f1f","hashes":{"MD5":"D41D8CD98F00B204E9800998ECF8427E"},"name":"a.exe"},
            {"type":"malware","spec_version":"2.1","id":"malware--3d3d3d3d-4a8f-4b8a-9c55-1f1f1f1f1f1f","created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z","name":"x","is_family":false}
            """#))
        #expect(result.indicators == [Indicator(type: .domain, value: "evil.vn"), Indicator(type: .md5, value: "d41d8cd98f00b204e9800998ecf8427e"),
                                      Indicator(type: .filename, value: "a.exe")])
        #expect(result.skipped == 1)
    }

    @Test("every bad object is named with its reason", arguments: [
        (#"{"type":"indicator","id":"indicator--nope"}"#, StixBundleReader.Reason.badID("indicator--nope")),
        (#"{"type":"ipv4-addr","id":"ipv4-addr--0a0a0a0a-4a8f-4b8a-9c55-1f1f1f1f1f1f","value":"300.1.1.1"}"#, .invalidValue(.ipv4, "300.1.1.1")),
        (#"{"type":"ipv4-addr","id":"ipv4-addr--0a0a0a0a-4a8f-4b8a-9c55-1f1f1f1f1f1f","value":"1.2.3[.]4"}"#, .invalidValue(.ipv4, "1.2.3[.]4")),
        (#"{"type":"mac-addr","spec_version":"2.1","id":"mac-addr--0a0a0a0a-4a8f-4b8a-9c55-1f1f1f1f1f1f","created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z","value":"aa:bb:cc:dd:ee:ff"}"#, .unsupportedType("mac-addr")),
        (#"{"type":"file","id":"file--0a0a0a0a-4a8f-4b8a-9c55-1f1f1f1f1f1f","hashes":{"SHA-512":"ab"}}"#, .unsupportedHash("SHA-512")),
        (#"{"type":"file","id":"file--0a0a0a0a-4a8f-4b8a-9c55-1f1f1f1f1f1f","size":3}"#, .emptyFile),
        (Self.good.replacingOccurrences(of: #""2.1""#, with: #""2.0""#), .specVersion("2.0")),
        (Self.good.replacingOccurrences(of: #""stix""#, with: #""sigma""#), .patternType("sigma")),
        (Self.good.replacingOccurrences(of: #""2026-01-01T00:00:00Z""#, with: #""yesterday""#), .badTimestamp("valid_from")),
        (Self.good.replacingOccurrences(of: #","created":"2026-01-01T00:00:00.000Z""#, with: ""), .missingProperty("created")),
        (Self.good.replacingOccurrences(of: "Evil.VN", with: "1.2.3.4' AND [x:y = 'z"), .pattern(.unsupported("AND"))),
    ])
    func readBad(object: String, reason: StixBundleReader.Reason) {
        #expect(throws: StixBundleReader.Failure(problems: [.init(index: 1, id: Self.id(object), reason: reason)])) {
            // The good object first, under another id: the bad one is a variant of it.
            try StixBundleReader.read(Self.bundle(Self.good.replacingOccurrences(of: "0a0a0a0a", with: "0f0f0f0f") + "," + object))
        }
    }

    static func id(_ object: String) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(object.utf8)) as? [String: Any])?["id"] as? String
    }

    @Test("a bad bundle is refused before its objects", arguments: [
        ("[]", StixBundleReader.Reason.notJSON),
        ("not json", .notJSON),
        (#"{"type":"report","id":"bundle--6b2a1f8e-4a8f-4b8a-9c55-1f1f1f1f1f1f","objects":[]}"#, .notBundle),
        (#"{"type":"bundle","id":"bundle-1","objects":[]}"#, .badBundleID),
        (#"{"type":"bundle","id":"bundle--6b2a1f8e-4a8f-4b8a-9c55-1f1f1f1f1f1f","objects":[]}"#, .noObjects),
    ])
    func readBadBundle(text: String, reason: StixBundleReader.Reason) {
        #expect(throws: StixBundleReader.Failure(problems: [.init(index: nil, id: nil, reason: reason)])) {
            try StixBundleReader.read(Data(text.utf8))
        }
    }

    @Test("the same id twice, and a bundle with nothing to store")
    func duplicatesAndNothing() {
        #expect(throws: StixBundleReader.Failure(problems: [.init(index: 1, id: "indicator--0a0a0a0a-4a8f-4b8a-9c55-1f1f1f1f1f1f",
                                                                  reason: .duplicateID("indicator--0a0a0a0a-4a8f-4b8a-9c55-1f1f1f1f1f1f"))])) {
            try StixBundleReader.read(Self.bundle(Self.good + "," + Self.good))
        }
        #expect(throws: StixBundleReader.Failure(problems: [.init(index: nil, id: nil, reason: .noIndicators)])) {
            try StixBundleReader.read(Self.bundle(#"{"type":"identity","spec_version":"2.1","id":"identity--0a0a0a0a-4a8f-4b8a-9c55-1f1f1f1f1f1f","created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z","name":"x"}"#))
        }
    }
}
