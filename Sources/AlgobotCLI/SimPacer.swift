import AlpacaSimulator
import Foundation

/// Moves the built-in simulator's clock for `algobot run`: one bar at a time, at most `speed`
/// bars a second, and never before the bot has processed the bar before. A free-running clock
/// would outrun a slow machine, and every bar the bot sees late is a decision it may not act on.
final class SimPacer: @unchecked Sendable {
    private let simulator: AlpacaSimulator
    private let interval: Double
    private let lock = NSLock()
    private var barProcessed = false
    private var task: Task<Void, Never>?

    init(simulator: AlpacaSimulator, barsPerSecond: Double) {
        self.simulator = simulator
        interval = 1 / barsPerSecond
    }

    /// Called after each bar the bot processed.
    func barDone() {
        lock.lock()
        barProcessed = true
        lock.unlock()
    }

    func start() {
        task = Task { [self] in
            var last = Date()
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 5_000_000)
                guard Date().timeIntervalSince(last) >= interval, takeProcessed() else { continue }
                simulator.advance(bars: 1)
                last = Date()
            }
        }
    }

    func stop() {
        task?.cancel()
    }

    private func takeProcessed() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let ready = barProcessed
        barProcessed = false
        return ready
    }
}
