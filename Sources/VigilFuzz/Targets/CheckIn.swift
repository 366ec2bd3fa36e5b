import Foundation
import VigilCore

extension FuzzTarget {
    /// An agent's check-in body, decoded and checked as `POST /api/v1/checkins` does.
    static let checkIn = FuzzTarget(name: "checkin") { bytes in
        _ = try CheckInDocument.decode(json: bytes).problems(now: Date(timeIntervalSince1970: 1_800_000_000))
    }
}
