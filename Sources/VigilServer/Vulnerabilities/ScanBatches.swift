import Foundation
import VigilCore
import VigilScans

/// A report's results in batches, read on a thread of its own: the readers are synchronous
/// (libxml2's reader, the JSON pull parser) and the database is not. At most two batches wait at
/// a time, so memory stays bounded however fast the file reads and however slow the writes.
enum ScanBatches {
    enum Batch: Sendable {
        case results([ScanResult])
        case done(ScanSummary)
    }

    /// The producer blocks on `room` while two batches wait; the consumer gives room back as it
    /// takes them, and all of it when it stops early (an error), so the thread always ends.
    private final class Flow: @unchecked Sendable {
        let room = DispatchSemaphore(value: 2)
        private let lock = NSLock()
        private var stopped = false

        var isStopped: Bool { lock.withLock { stopped } }

        func stop() {
            lock.withLock { stopped = true }
            for _ in 0..<4 { room.signal() }
        }
    }

    struct Stopped: Error {}

    static func read(path: String, size: Int = 1000) -> (stream: AsyncThrowingStream<Batch, any Error>, taken: @Sendable () -> Void) {
        let (stream, continuation) = AsyncThrowingStream<Batch, any Error>.makeStream()
        let flow = Flow()
        continuation.onTermination = { _ in flow.stop() }
        let thread = Thread {
            var buffer: [ScanResult] = []
            buffer.reserveCapacity(size)
            do {
                let summary = try ScanReader.read(path: path) { result in
                    buffer.append(result)
                    guard buffer.count >= size else { return }
                    flow.room.wait()
                    if flow.isStopped { throw Stopped() }
                    continuation.yield(.results(buffer))
                    buffer.removeAll(keepingCapacity: true)
                }
                if !buffer.isEmpty {
                    flow.room.wait()
                    continuation.yield(.results(buffer))
                }
                continuation.yield(.done(summary))
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        thread.name = "vigil-scan-reader"
        thread.start()
        return (stream, { flow.room.signal() })
    }
}
