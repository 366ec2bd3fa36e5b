import Foundation
import Testing
@testable import VigilCore

@Suite("ISO 8601 parsing")
struct ISO8601Tests {
    @Test("the fast path agrees with Foundation's formatter")
    func agrees() {
        let formatter = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for text in ["2026-11-25T08:30:00Z", "2024-02-29T23:59:59Z", "1970-01-01T00:00:00Z", "2000-03-01T00:00:00+07:00",
                     "2026-11-25T08:30:00-05:30", "1999-12-31T23:59:59Z"] {
            #expect(ISO8601.parse(text) == formatter.date(from: text), "\(text)")
        }
        let withFraction = "2026-11-25T08:30:00.125Z"
        let parsed = ISO8601.parse(withFraction)!.timeIntervalSince1970
        #expect(abs(parsed - fractional.date(from: withFraction)!.timeIntervalSince1970) < 0.0005)
    }

    @Test("nonsense is refused")
    func refuses() {
        for text in ["2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z", "2025-02-29T00:00:00Z", "2026-11-25 08:30:00Z",
                     "2026-11-25T08:30:00", "2026-11-25T08:30:00.Z", "tomorrow", ""] {
            #expect(ISO8601.parse(text) == nil, "\(text)")
        }
    }
}

@Suite("Time-ordered UUIDs")
struct TimeOrderedUUIDTests {
    @Test("version 7: the time first, so later ids sort after earlier ones")
    func ordered() {
        let early = UUID.timeOrdered(at: Date(timeIntervalSince1970: 1_795_000_000))
        let late = UUID.timeOrdered(at: Date(timeIntervalSince1970: 1_795_000_000.002))
        #expect(early.uuidString.lowercased().hasPrefix("01a1e"))
        #expect(early.uuidString < late.uuidString)
        #expect(Array(early.uuidString)[14] == "7")
        #expect("89AB".contains(Array(early.uuidString)[19]))
        #expect(UUID.timeOrdered() != UUID.timeOrdered())
    }

    @Test("a sequence of one moment: each id above the last, version 7 all, from any start")
    func sequence() {
        let milliseconds = UUID.unixMilliseconds(Date(timeIntervalSince1970: 1_795_000_000))
        // The highest start there is: the top bit is dropped, so the steps never run out.
        let highest = TimeOrderedUUIDSequence(milliseconds: milliseconds, start: UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")!.uuid)
        let random = TimeOrderedUUIDSequence(milliseconds: milliseconds, start: UUID().uuid)
        for var sequence in [highest, random] {
            var last = sequence.next(step: 0)
            for step in [0, 1, 65535, 7, 65535, 65535, 300] {
                let next = sequence.next(step: UInt16(step))
                #expect(next.uuidString > last.uuidString)
                #expect(next.uuidString.hasPrefix("01A1E"))
                #expect(Array(next.uuidString)[14] == "7")
                #expect("89AB".contains(Array(next.uuidString)[19]))
                last = next
            }
        }
        // From the 62 bits after the variant into the 12 after the version: the step carries over.
        var carrying = TimeOrderedUUIDSequence(milliseconds: milliseconds, start: UUID(uuidString: "00000000-0000-7000-BFFF-FFFFFFFFFFFF")!.uuid)
        #expect(carrying.next(step: 0).uuidString.hasSuffix("-7001-8000-000000000000"))
    }
}
