import Foundation
import MarketData

/// A loopback Alpaca-compatible server over recorded bars: trading (account, orders, positions,
/// fills at the next bar's open), market data (bars up to the simulated time only), a rate
/// limit, and seeded fault injection. Tests and the offline `algobot` talk real HTTP to it.
///
/// ```swift
/// let sim = try AlpacaSimulator(config: SimulatorConfig(), series: [spy, aapl])
/// let port = try await sim.start()          // http://127.0.0.1:\(port)
/// sim.advance(bars: 1)                      // manual clock: fills orders at the next open
/// let state = sim.state()
/// await sim.stop()
/// ```
public final class AlpacaSimulator: @unchecked Sendable {
    public let config: SimulatorConfig
    let pipeline: RequestPipeline
    private let server: SimHTTPServer
    private let lock = NSLock()
    private var boundPort: Int?
    private var ticker: Task<Void, Never>?

    /// Validates the bars (one series per symbol, all daily or all intraday), the clock start
    /// and the fault plan. Nothing listens until `start()`.
    public init(config: SimulatorConfig = SimulatorConfig(), series: [BarSeries]) throws {
        self.config = config
        let timeline = try SimTimeline(series: series)
        pipeline = try RequestPipeline(config: config, timeline: timeline,
                                       wallClock: { Date().timeIntervalSince1970 })
        server = SimHTTPServer(pipeline: pipeline)
    }

    /// Starts listening on 127.0.0.1 (`config.port`, 0 = any free port) and, in accelerated
    /// mode, the clock. Returns the port.
    public func start() async throws -> Int {
        guard port == nil else { throw SimulatorError.alreadyRunning }
        let bound = try await server.start(port: config.port)
        locked {
            boundPort = bound
            if config.clock.mode == .accelerated { ticker = Self.startTicker(pipeline, barsPerSecond: config.clock.barsPerSecond) }
        }
        return bound
    }

    /// Stops the clock and the server; open connections are closed.
    public func stop() async {
        let running: Task<Void, Never>? = locked {
            defer { ticker = nil; boundPort = nil }
            return ticker
        }
        running?.cancel()
        await running?.value
        await server.stop()
    }

    /// The listening port while running.
    public var port: Int? { locked { boundPort } }

    /// `http://127.0.0.1:PORT`: the base URL for both the trading and the market-data API.
    public var baseURL: String? { port.map { "http://127.0.0.1:\($0)" } }

    /// Moves the simulated clock forward; returns how many bars it moved (fewer at the end of the data).
    @discardableResult
    public func advance(bars: Int = 1) -> Int { pipeline.advance(bars: bars) }

    public func state() -> SimulatorState { pipeline.state() }

    public var faultPlan: FaultPlan { pipeline.faultPlan }

    /// Replaces the fault plan (its request counters start again from 1).
    public func setFaultPlan(_ plan: FaultPlan) throws { try pipeline.setFaultPlan(plan) }

    /// Back to the configured start: cash, orders, positions, clock, counters and faults.
    public func reset() { pipeline.reset() }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// Advances `barsPerSecond` bars per wall-clock second, measured from the start so that a
    /// slow machine catches up instead of drifting.
    private static func startTicker(_ pipeline: RequestPipeline, barsPerSecond: Double) -> Task<Void, Never> {
        Task {
            let started = Date()
            var done = 0
            let pause = UInt64(max(0.005, min(0.25, 1 / barsPerSecond)) * 1_000_000_000)
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: pause)
                // Capped before the conversion: Int(Double) traps past Int.max (a huge --speed).
                let due = Int(min(Date().timeIntervalSince(started) * barsPerSecond, 1e15))
                if due > done {
                    _ = pipeline.advance(bars: due - done)
                    done = due
                }
            }
        }
    }
}
