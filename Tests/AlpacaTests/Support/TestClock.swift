import Alpaca
import Foundation

/// Fake time: `sleep` records the requested duration and advances `now` instead of waiting,
/// so retry tests assert exact delays and run in milliseconds.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var recorded: [Duration] = []
    let randomValue: Double

    init(start: Date = Date(timeIntervalSince1970: 1_700_000_000), random: Double = 0.5) {
        current = start
        randomValue = random
    }

    var now: Date { lock.withLock { current } }
    var sleeps: [Duration] { lock.withLock { recorded } }

    func sleep(_ duration: Duration) {
        lock.withLock {
            recorded.append(duration)
            current += Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }

    var scheduling: RetryScheduling {
        RetryScheduling(now: { self.now }, sleep: { self.sleep($0) }, random: { self.randomValue })
    }
}
