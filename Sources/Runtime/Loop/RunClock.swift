import Foundation

/// The run's one clock, shared by every component, as NautilusTrader's kernel shares one
/// clock between its data, risk and execution engines: the injected wall clock, and the
/// broker's market clock as it last answered. Nothing in the run reads the time any other
/// way, and each component reads it where it uses the value: a time read before a slow
/// broker call can call a bar fresh that went stale while waiting (the double buy), so a
/// decision that depends on the market time asks the broker again (`DecisionStep`).
final class RunClock {
    let wall: WallClock
    /// The broker's clock at its last answer; nil until it first answered.
    private(set) var market: BrokerClock?

    init(wall: WallClock) {
        self.wall = wall
    }

    /// Wall time now.
    var now: Date { wall.now }

    /// Wall time now as audit `wall` and status text (`2024-03-08T21:00:00Z`).
    var wallText: String { MarketTime.utcText(wall.now) }

    /// The market time as audit `at` text: the broker's time at its last answer (wall time
    /// until the broker first answered).
    var marketText: String { MarketTime.utcText(market?.now ?? wall.now) }

    /// What the broker's clock said just now (`BrokerSession.readClock`).
    func update(_ answer: BrokerClock) {
        market = answer
    }

    /// Waits `seconds`, waking early when `stop` is requested. A wait is a length of time, so
    /// it is measured on the monotonic clock: a wall clock set back (or a test's clock that
    /// stands still) neither stretches nor shortens it.
    func pause(_ seconds: Double, unless stop: StopSignal) async {
        let timer = ContinuousClock()
        let start = timer.now
        while !stop.isRequested {
            let elapsed = start.duration(to: timer.now).components
            let left = seconds - (Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
            guard left > 0 else { return }
            try? await Task.sleep(nanoseconds: UInt64(min(left, 0.05) * 1_000_000_000))
        }
    }
}
