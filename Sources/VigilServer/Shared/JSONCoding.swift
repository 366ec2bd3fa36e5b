import Foundation
import VigilCore

/// The JSON API's coders: dates in ISO 8601, UTC; incoming dates with or without fractional
/// seconds and with any offset, since clients differ.
extension JSONDecoder {
    static var vigil: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ISO8601.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an ISO 8601 date-time such as 2026-11-25T08:30:00Z")
            }
            return date
        }
        return decoder
    }
}

extension JSONEncoder {
    static var vigil: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}
