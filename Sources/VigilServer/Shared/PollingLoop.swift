import Foundation

/// A background loop for `serve`: runs `round` again and again until stopped, sleeping
/// `pollInterval` after a round that found nothing to do (one that did work goes again at once:
/// more may wait behind it). Started and stopped by a lifecycle handler only.
final class PollingLoop: @unchecked Sendable {
    // Set and cleared by the lifecycle only.
    private var task: Task<Void, Never>?

    /// `round` answers whether it did any work.
    func start(pollInterval: TimeInterval, _ round: @escaping @Sendable () async -> Bool) {
        task = Task {
            while !Task.isCancelled {
                if await !round() { try? await Task.sleep(for: .seconds(pollInterval)) }
            }
        }
    }

    func stop() async {
        task?.cancel()
        await task?.value
        task = nil
    }
}
