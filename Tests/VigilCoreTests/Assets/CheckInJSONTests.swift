import Foundation
import Testing
@testable import VigilCore

/// The hand-written check-in reader against Foundation's `JSONDecoder`, the reference it replaces
/// on the hot path: the same documents must be accepted, with the same values, and the same refused.
@Suite("Check-in JSON reader")
struct CheckInJSONTests {
    static let reference: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            guard let date = ISO8601.parse(try container.decode(String.self)) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a date")
            }
            return date
        }
        return decoder
    }()

    static let full = #"""
    {"machineId":"4c4c4544-0042","hostname":"ws-k\u1ebf-to\u00e1n","sentAt":"2026-11-25T08:30:00.125Z",
     "addresses":["10.20.1.15","fe80::1"],"os":{"name":"Windows 11 Pro","version":"10.0.22631","build":7},
     "role":"workstation","extra":{"nested":[1,-2.5e3,true,null,{"a":"\"\\\/\b\f\n\r\t"}]},
     "software":[{"name":"Google Chrome","vendor":"Google LLC","version":"131.0"},{"name":"😀 \ud83d\ude00","vendor":null}],
     "antimalware":[{"product":"Microsoft Defender","version":"4.18","enabled":true,"realTime":false,"managed":null,
                     "signatureDate":"2026-11-25T06:00:00+07:00","lastScan":"2026-11-24T23:00:00Z","unknown":[]}]}
    """#

    func decode(_ text: String) -> Result<CheckInDocument, JSONReader.Failure> {
        let bytes = Array(text.utf8)
        return decode(bytes)
    }

    func decode(_ bytes: [UInt8]) -> Result<CheckInDocument, JSONReader.Failure> {
        bytes.withUnsafeBytes { buffer in
            do throws(JSONReader.Failure) {
                return .success(try CheckInDocument.decode(json: buffer))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Never more lenient than Foundation's decoder, the same values when both accept, and a
    /// refusal of what Foundation's decoder accepts only where the text is not JSON by RFC 8259
    /// (`JSONSerialization` refuses it too: the decoder skips unknown members without checking them).
    func agree(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let text = String(decoding: bytes, as: UTF8.self)
        let expected = try? Self.reference.decode(CheckInDocument.self, from: Data(bytes))
        switch decode(bytes) {
        case .success(let document):
            #expect(document == expected, "\(text)", sourceLocation: sourceLocation)
        case .failure(let failure):
            guard expected != nil else { return }
            let isJSON = (try? JSONSerialization.jsonObject(with: Data(bytes))) != nil
            // Foundation also takes a trailing comma, which RFC 8259 does not.
            let trailingComma = text.contains(/,\s*[}\]]/)
            #expect(!isJSON || trailingComma || failure.reason.contains("not valid UTF-8"), "refused \(failure): \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test("a full document reads as Foundation reads it, escapes, surrogate pairs and unknown members included")
    func full() throws {
        let document = try decode(Self.full).get()
        #expect(document.hostname == "ws-kế-toán")
        #expect(document.software?[1].name == "😀 😀")
        #expect(document.software?[1].vendor == nil)
        #expect(document.os == .init(name: "Windows 11 Pro", version: "10.0.22631"))
        #expect(document.antimalware?[0].realTime == false)
        agree(Array(Self.full.utf8))
    }

    @Test("wrong types and missing members are named by their JSON path")
    func paths() {
        let cases: [(String, String)] = [
            (#"{"hostname":"a","sentAt":"2026-11-25T08:30:00Z"}"#, "machineId: missing"),
            (#"{"machineId":1,"hostname":"a","sentAt":"2026-11-25T08:30:00Z"}"#, "machineId: wrong type"),
            (#"{"machineId":"m","hostname":"a","sentAt":"yesterday"}"#, "sentAt: expected an ISO 8601 date-time such as 2026-11-25T08:30:00Z"),
            (#"{"machineId":"m","hostname":"a","sentAt":"2026-11-25T08:30:00Z","software":[{"name":"a"},{"vendor":"b"}]}"#, "software[1].name: missing"),
            (#"{"machineId":"m","hostname":"a","sentAt":"2026-11-25T08:30:00Z","antimalware":[{"product":"p","enabled":"yes","realTime":true}]}"#,
             "antimalware[0].enabled: wrong type"),
            (#"{"machineId":"m","hostname":"a","sentAt":"2026-11-25T08:30:00Z","addresses":[null]}"#, "addresses[0]: wrong type"),
            (#"{"machineId":"m","hostname":"a","sentAt":"2026-11-25T08:30:00Z","os":{"version":"1"}}"#, "os.name: missing"),
            (#"["machineId"]"#, "document: expected an object"),
        ]
        for (text, message) in cases {
            guard case .failure(let failure) = decode(text) else {
                Issue.record("accepted \(text)")
                continue
            }
            #expect(failure.description == message)
        }
    }

    @Test("what is not JSON is refused, as Foundation refuses it")
    func invalid() {
        let base = #"{"machineId":"m","hostname":"a","sentAt":"2026-11-25T08:30:00Z""#
        let documents = [
            base, base + "}}", base + ",}", base + #","x":01}"#, base + #","x":1.}"#, base + #","x":-}"#, base + #","x":tru}"#,
            base + #","x":"\ud800"}"#, base + #","x":"\udc00\ud800"}"#, base + #","x":"\x"}"#, base + #","x":"a"#,
            base + ",\"x\":\"\u{01}\"}", base + #","x":[1,]}"#, base + #","x":'a'}"#, base + #" "x":1}"#, "",
            base + #","x":NaN}"#, base + #","x":"\u12"}"#,
        ]
        for text in documents {
            #expect(throws: JSONReader.Failure.self, "\(text)") { try decode(text).get() }
            // Foundation takes a trailing comma (RFC 8259 does not); everything else it refuses too.
            if !text.contains(",}") && !text.contains(",]") { agree(Array(text.utf8)) }
        }
        // Invalid UTF-8 inside a string.
        var bytes = Array((base + #","x":"ab"}"#).utf8)
        bytes[bytes.count - 3] = 0xFF
        #expect(throws: JSONReader.Failure.self) { try decode(bytes).get() }
        agree(bytes)
    }

    @Test("skipped values may not nest without end")
    func depth() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let text = #"{"machineId":"m","hostname":"a","sentAt":"2026-11-25T08:30:00Z","x":"# + deep + "}"
        guard case .failure(let failure) = decode(text) else {
            Issue.record("accepted a document nested 10,000 deep")
            return
        }
        #expect(failure.reason.contains("nested too deeply"))
    }

    @Test("documents with random damage are accepted or refused as Foundation decides")
    func damaged() {
        var generator = SystemRandomNumberGenerator()
        let original = Array(Self.full.utf8)
        let alphabet = Array(#"{}[]",:\"u0aZ -1e.tfn"#.utf8) + [0x00, 0xC3, 0xFF]
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[position] = alphabet.randomElement(using: &generator)!
                case 1: bytes.remove(at: position)
                default: bytes.insert(alphabet.randomElement(using: &generator)!, at: position)
                }
            }
            agree(bytes)
        }
    }

    @Test("answers are quoted as JSON strings")
    func quoting() throws {
        for text in ["plain", "Máy \"chủ\" \\ / \n\t\u{01} \u{2028}", ""] {
            let quoted = JSONText.quoted(text)
            #expect(try JSONDecoder().decode(String.self, from: Data(quoted.utf8)) == text)
        }
    }
}
