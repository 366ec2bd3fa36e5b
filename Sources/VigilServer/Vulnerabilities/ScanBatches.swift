import Foundation
import VigilCore
import VigilScans

/// A report's results in batches: read on a thread of its own, each batch then prepared on a
/// second (`prepare`: the import's work that needs no database), while the writer writes the one
/// before. The readers are synchronous (libxml2's parser, the JSON pull parser) and the database
/// is not; three stages keep two cores busy. At most two batches wait between stages, so memory
/// stays bounded however fast the file reads and however slow the writes.
enum ScanBatches {
    enum Batch<Prepared: Sendable>: Sendable {
        case results(Prepared)
        case done(ScanSummary)
    }

    struct Stopped: Error {}

    /// What passes from the reader's thread to the preparer's: batches, then the end.
    private enum Read: Sendable {
        case results([ScanResult])
        case done(ScanSummary)
        case failed(any Error)
    }

    /// A queue of at most `capacity` items between two threads. `put` blocks while it is full,
    /// `take` while it is empty; `stop` wakes both for good (they throw `Stopped`).
    private final class Handoff<Item: Sendable>: @unchecked Sendable {
        private let condition = NSCondition()
        private var items: [Item] = []
        private var stopped = false
        private let capacity: Int

        init(capacity: Int) { self.capacity = capacity }

        func put(_ item: Item) throws {
            condition.lock()
            defer { condition.unlock() }
            while items.count >= capacity && !stopped { condition.wait() }
            if stopped { throw Stopped() }
            items.append(item)
            condition.broadcast()
        }

        func take() throws -> Item {
            condition.lock()
            defer { condition.unlock() }
            while items.isEmpty && !stopped { condition.wait() }
            if stopped { throw Stopped() }
            condition.broadcast()
            return items.removeFirst()
        }

        func stop() {
            condition.lock()
            stopped = true
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The stream's consumer takes batches at its pace: `room` lets the preparer run at most two
    /// batches ahead of it. The consumer gives room back as it takes them (`taken`); when it stops
    /// early (an error) everything is stopped, so both threads always end.
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

    static func read<Prepared: Sendable>(path: String, size: Int = 1000, prepare: @escaping @Sendable ([ScanResult]) throws -> Prepared)
        -> (stream: AsyncThrowingStream<Batch<Prepared>, any Error>, taken: @Sendable () -> Void) {
        let (stream, continuation) = AsyncThrowingStream<Batch<Prepared>, any Error>.makeStream()
        let flow = Flow()
        let handoff = Handoff<Read>(capacity: 2)
        continuation.onTermination = { _ in
            flow.stop()
            handoff.stop()
        }
        let reader = Thread {
            var buffer: [ScanResult] = []
            buffer.reserveCapacity(size)
            do {
                let summary = try ScanReader.read(path: path) { result in
                    buffer.append(result)
                    guard buffer.count >= size else { return }
                    try handoff.put(.results(buffer))
                    buffer.removeAll(keepingCapacity: true)
                }
                if !buffer.isEmpty { try handoff.put(.results(buffer)) }
                try handoff.put(.done(summary))
            } catch is Stopped {
                // The preparer or the consumer stopped: nobody waits for more.
            } catch {
                try? handoff.put(.failed(error))
            }
        }
        reader.name = "vigil-scan-reader"
        let preparer = Thread {
            do {
                while true {
                    switch try handoff.take() {
                    case .results(let results):
                        let prepared = try prepare(results)
                        flow.room.wait()
                        if flow.isStopped { throw Stopped() }
                        continuation.yield(.results(prepared))
                    case .done(let summary):
                        continuation.yield(.done(summary))
                        continuation.finish()
                        return
                    case .failed(let error):
                        throw error
                    }
                }
            } catch {
                handoff.stop()
                continuation.finish(throwing: error)
            }
        }
        preparer.name = "vigil-scan-prepare"
        reader.start()
        preparer.start()
        return (stream, { flow.room.signal() })
    }
}
