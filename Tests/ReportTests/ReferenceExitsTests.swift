import Engine
import Foundation
import Report
import Testing

/// Issue 14's exits and order types, engine against the independent reference
/// (`scripts/reference_backtest.py`, extended from the fill model and its semantics,
/// not from the engine): each exit kind and each entry order type, on real data and on
/// hand-made bars shaped for the cases a daily file may not have.
@Suite("Exits and order types: engine vs reference simulator", .enabled(if: ReferenceHarness.pythonAvailable,
    "python3 is not on PATH: the reference comparison runs scripts/reference_backtest.py"))
struct ReferenceExitsTests {
    static let fixtures = "Tests/Fixtures/reference/"
    static let bars = fixtures + "exits-bars"
    static let costs = ExecutionSettings(commissionPerShare: 0.005, commissionMinimum: 1, slippageBps: 5)

    static let cases: [ExitsCase] = [
        // Hand-made bars: stop and target inside one bar (the stop), a gap through the stop, max_bars, a gap
        // through the target; gtc limit entries that fill at the open or expire, a price stop, a trailing stop.
        ExitsCase(ReferenceCase(name: "hand-made bars, every exit kind", strategy: fixtures + "exits-bars.yaml", data: bars,
                                benchmark: "XYZ"),
                  covers: ["stop_loss", "take_profit", "max_bars", "order:market", "status:canceled"]),
        ExitsCase(ReferenceCase(name: "hand-made bars, every exit kind, with costs", strategy: fixtures + "exits-bars.yaml", data: bars,
                                settings: costs, benchmark: "XYZ"),
                  covers: ["stop_loss", "take_profit", "max_bars"]),
        ExitsCase(ReferenceCase(name: "hand-made bars, gtc limit entries, price stop and trailing stop",
                                strategy: fixtures + "exits-bars-orders.yaml", data: bars, benchmark: "XYZ"),
                  covers: ["trailing_stop", "order:limit", "order:stop", "order:trailing_stop", "expired"]),
        // Real data, one exit kind at a time.
        ExitsCase(ReferenceCase(name: "SPY SMA 10/30, stop loss 3 %", strategy: fixtures + "exits-stop.yaml"),
                  covers: ["stop_loss", "exit-long", "order:stop", "status:canceled"]),
        ExitsCase(ReferenceCase(name: "SPY SMA 10/30, stop loss 3 %, with costs", strategy: fixtures + "exits-stop.yaml", settings: costs),
                  covers: ["stop_loss", "exit-long"]),
        ExitsCase(ReferenceCase(name: "AAPL stop loss 5 % and take profit 8 %", strategy: fixtures + "exits-target.yaml"),
                  covers: ["stop_loss", "take_profit", "exit-long"]),
        ExitsCase(ReferenceCase(name: "QQQ trailing stop 4 % only", strategy: fixtures + "exits-trailing.yaml"),
                  covers: ["trailing_stop", "order:trailing_stop"]),
        ExitsCase(ReferenceCase(name: "SPY RSI, max_bars 10", strategy: fixtures + "exits-max-bars.yaml"),
                  covers: ["max_bars"]),
        ExitsCase(ReferenceCase(name: "IWM, a rule's own exits replace the strategy's; position values in a sell rule",
                                strategy: fixtures + "exits-rule.yaml"),
                  covers: ["stop_loss", "take_profit", "trailing_stop", "max_bars", "give-up"]),
        ExitsCase(ReferenceCase(name: "SPY+QQQ one cash pool, stop and target, costs, 2015-2019", strategy: fixtures + "exits-pair.yaml",
                                from: "2015-01-01", to: "2019-12-31", settings: costs),
                  covers: ["stop_loss", "take_profit", "exit-long"]),
        // Entry order types.
        ExitsCase(ReferenceCase(name: "SPY day limit 1 % under the close, stop loss 4 %", strategy: fixtures + "entry-limit.yaml"),
                  covers: ["stop_loss", "order:limit", "expired"]),
        ExitsCase(ReferenceCase(name: "IWM gtc buy stop at the 20-day high, expire_bars 5", strategy: fixtures + "entry-stop.yaml"),
                  covers: ["stop_loss", "trailing_stop", "order:stop", "expired"]),
        ExitsCase(ReferenceCase(name: "AAPL day stop-limit entries, trailing stop", strategy: fixtures + "entry-stop-limit.yaml",
                                settings: costs),
                  covers: ["trailing_stop", "order:stop_limit", "expired"]),
        ExitsCase(ReferenceCase(name: "SPY RSI, gtc limit buys (expire_bars 3) and gtc limit sells", strategy: fixtures + "entry-gtc.yaml"),
                  covers: ["overbought", "order:limit", "expired"]),
        // Policies: legs and resting entries are judged when placed.
        ExitsCase(ReferenceCase(name: "stop loss under rules/limits.yaml (legs pass the built-in limits)",
                                strategy: fixtures + "exits-stop.yaml", policy: "rules/limits.yaml"),
                  covers: ["stop_loss", "status:needs_approval"]),
        ExitsCase(ReferenceCase(name: "stop loss under rules/limits.yaml --approve-all", strategy: fixtures + "exits-stop.yaml",
                                policy: "rules/limits.yaml", settings: ExecutionSettings(approveAll: true)),
                  covers: ["stop_loss"]),
        ExitsCase(ReferenceCase(name: "AAPL stop and target, big stop legs blocked", strategy: fixtures + "exits-target.yaml",
                                policy: fixtures + "legs.yaml"),
                  covers: ["stop_loss", "take_profit", "status:blocked"]),
        ExitsCase(ReferenceCase(name: "IWM stop entries, trailing legs need approval", strategy: fixtures + "entry-stop.yaml",
                                policy: fixtures + "legs.yaml"),
                  covers: ["stop_loss", "status:needs_approval", "status:blocked"]),
        ExitsCase(ReferenceCase(name: "IWM stop entries, trailing legs need approval, --approve-all", strategy: fixtures + "entry-stop.yaml",
                                policy: fixtures + "legs.yaml", settings: ExecutionSettings(approveAll: true)),
                  covers: ["stop_loss", "trailing_stop", "status:blocked"]),
        ExitsCase(ReferenceCase(name: "SPY limit orders, limit_price above $150 blocked", strategy: fixtures + "entry-gtc.yaml",
                                policy: fixtures + "limit-prices.yaml"),
                  covers: ["overbought", "status:blocked"]),
        ExitsCase(ReferenceCase(name: "IWM stop orders, stop_price above $120 blocked", strategy: fixtures + "entry-stop.yaml",
                                policy: fixtures + "stop-prices.yaml"),
                  covers: ["stop_loss", "trailing_stop", "status:blocked"]),
    ]

    @Test("engine and reference agree", arguments: cases)
    func agree(_ c: ExitsCase) throws {
        try ReferenceHarness.expectAgreement(c.run)
    }

    /// A case that never exercises what it is named for proves nothing: the reference's run must
    /// close trades for each listed exit reason (or rule id) and have orders of each listed type
    /// and status (`expired`: a resting order canceled when its time ran out).
    @Test("each case exercises what it names", arguments: cases)
    func exercised(_ c: ExitsCase) throws {
        let seen = try ReferenceHarness.happenings(c.run)
        #expect(c.covers.subtracting(seen).isEmpty, "\(c.run.name): never happened: \(c.covers.subtracting(seen).sorted())")
    }

    /// The reference's own hand calculations (scripts/tests/test_reference_exits.py): tiny bars,
    /// numbers worked out from the sentences.
    @Test func referenceHandChecksPass() throws {
        let python = try #require(ReferenceHarness.python)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-m", "unittest", "discover", "-s", ReferenceHarness.path("scripts/tests")]
        process.currentDirectoryURL = URL(fileURLWithPath: ReferenceHarness.root)
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(String(decoding: errors, as: UTF8.self).suffix(3000))")
    }
}

/// A reference case and the words its reference run must show: exit reasons (or closing rule
/// ids), `order:<type>` and `status:<status>`.
struct ExitsCase: Sendable, CustomStringConvertible {
    var run: ReferenceCase
    var covers: Set<String>

    init(_ run: ReferenceCase, covers: Set<String>) {
        self.run = run
        self.covers = covers
    }

    var description: String { run.name }
}
