import Engine
import Foundation
import Report
import Testing

/// The engine against an independent calculation (`scripts/reference_backtest.py`, written
/// from docs/BACKTEST.md without the engine's code): same files, same settings, same numbers.
@Suite("Engine vs reference simulator", .enabled(if: ReferenceHarness.pythonAvailable,
    "python3 is not on PATH: the reference comparison runs scripts/reference_backtest.py"))
struct ReferenceBacktestTests {
    static let fixtures = "Tests/Fixtures/reference/"
    static let limits = "rules/limits.yaml"
    static let tight = fixtures + "tight.yaml"

    static let cases: [ReferenceCase] = [
        // The worked example of docs/BACKTEST.md.
        ReferenceCase(name: "worked example (XYZ, 8 bars)", strategy: fixtures + "example.yaml", data: fixtures + "example",
                      settings: ExecutionSettings(commissionPerShare: 0.01, commissionMinimum: 1, slippageBps: 10), benchmark: "XYZ"),
        // Strategies and data, permissive policy (every order the strategy wants is executed).
        ReferenceCase(name: "SMA 10/30 SPY (strategies/sma.yaml)", strategy: "strategies/sma.yaml"),
        ReferenceCase(name: "EMA 5/20 SPY", strategy: fixtures + "ema-5-20.yaml"),
        ReferenceCase(name: "EMA 5/20 QQQ from one CSV file", strategy: fixtures + "qqq-ema.yaml", data: "data/daily/QQQ.csv"),
        ReferenceCase(name: "EMA 5/20 QQQ, SPY benchmark from QQQ's first day", strategy: fixtures + "qqq-ema.yaml"),
        ReferenceCase(name: "short XYZ history inside a longer SPY", strategy: fixtures + "xyz-up.yaml", data: fixtures + "short"),
        ReferenceCase(name: "RSI(14) <30 buy / >70 sell SPY", strategy: fixtures + "rsi-14.yaml"),
        ReferenceCase(name: "SMA 10/30 AAPL split-adjusted", strategy: fixtures + "aapl-sma.yaml"),
        ReferenceCase(name: "SPY+QQQ one cash pool", strategy: fixtures + "spy-qqq.yaml"),
        ReferenceCase(name: "four symbols, a quarter each (strategies/sma-portfolio.yaml) under rules/research.yaml",
                      strategy: "strategies/sma-portfolio.yaml", policy: "rules/research.yaml"),
        ReferenceCase(name: "Donchian breakout IWM (highest/lowest of close[1], position)", strategy: fixtures + "donchian.yaml",
                      settings: ExecutionSettings(commissionPercent: 0.05)),
        ReferenceCase(name: "nested indicators and arithmetic AAPL", strategy: fixtures + "nested.yaml"),
        ReferenceCase(name: "fractional size 50 %", strategy: fixtures + "fractional.yaml"),
        ReferenceCase(name: "--fractional, cash 25,000", strategy: "strategies/sma.yaml",
                      settings: ExecutionSettings(startingCash: 25_000, fractional: true)),
        // Sizes and costs.
        ReferenceCase(name: "shares, per-share commission with minimum", strategy: fixtures + "shares.yaml",
                      settings: ExecutionSettings(commissionPerShare: 0.005, commissionMinimum: 1)),
        ReferenceCase(name: "notional, percent commission and slippage", strategy: fixtures + "notional.yaml",
                      settings: ExecutionSettings(commissionPercent: 0.1, slippageBps: 5)),
        ReferenceCase(name: "RSI, all costs at once", strategy: fixtures + "rsi-14.yaml",
                      settings: ExecutionSettings(commissionPerShare: 0.01, commissionMinimum: 2.5, commissionPercent: 0.05, slippageBps: 10)),
        ReferenceCase(name: "AAPL fractional with per-share commission", strategy: fixtures + "aapl-sma.yaml",
                      settings: ExecutionSettings(commissionPerShare: 0.005, commissionMinimum: 1, fractional: true)),
        // Calendar values: the reference works the New York date out with zoneinfo.
        ReferenceCase(name: "calendar: Monday dips, late Fridays (day_of_week, day_of_month, month, hour)",
                      strategy: fixtures + "calendar.yaml"),
        ReferenceCase(name: "calendar under rules/limits.yaml with costs", strategy: fixtures + "calendar.yaml", policy: limits,
                      settings: ExecutionSettings(commissionPerShare: 0.005, commissionMinimum: 1, slippageBps: 5)),
        // Another symbol's bars: AAPL trades only while SPY is above its 200-day average.
        ReferenceCase(name: "market filter: AAPL while SPY > sma(SPY.close, 200) (strategies/market-filter.yaml)",
                      strategy: "strategies/market-filter.yaml", benchmark: "SPY"),
        ReferenceCase(name: "market filter under rules/research.yaml with costs", strategy: "strategies/market-filter.yaml",
                      policy: "rules/research.yaml", settings: ExecutionSettings(commissionPerShare: 0.005, commissionMinimum: 1)),
        // Windows: earlier bars only warm up indicators.
        ReferenceCase(name: "SMA SPY 2008–2012 with slippage and minimum", strategy: "strategies/sma.yaml",
                      from: "2008-01-01", to: "2012-12-31", settings: ExecutionSettings(commissionMinimum: 1, slippageBps: 10)),
        ReferenceCase(name: "SPY+QQQ 2015-06 … 2019 with costs", strategy: fixtures + "spy-qqq.yaml", from: "2015-06-01", to: "2019-12-31",
                      settings: ExecutionSettings(commissionPerShare: 0.005, commissionMinimum: 1, slippageBps: 2)),
        ReferenceCase(name: "RSI SPY from 2020-02-03 (crash inside the window)", strategy: fixtures + "rsi-14.yaml", from: "2020-02-03"),
        ReferenceCase(name: "SPY+QQQ up to 2011-06-30 (QQQ starts 2011-03-23)", strategy: fixtures + "spy-qqq.yaml", to: "2011-06-30"),
        // Calendars that differ: EEM has no bar on 2003-08-15, so its order of 2003-08-14 waits
        // for 2003-08-18 while SPY trades (and, under a gross limit, counts against SPY's orders).
        ReferenceCase(name: "EEM+SPY across EEM's missing day", strategy: fixtures + "spy-eem.yaml", from: "2003-07-01", to: "2003-09-30"),
        ReferenceCase(name: "EEM+SPY across EEM's missing day, gross limit", strategy: fixtures + "spy-eem.yaml",
                      policy: fixtures + "gross.yaml", from: "2003-07-01", to: "2003-09-30"),
        // Policies: rules/limits.yaml (as `algobot backtest` with no flags) and a tight one.
        ReferenceCase(name: "SMA SPY under rules/limits.yaml (the CLI default)", strategy: "strategies/sma.yaml", policy: limits),
        ReferenceCase(name: "SMA SPY under rules/limits.yaml --approve-all", strategy: "strategies/sma.yaml", policy: limits,
                      settings: ExecutionSettings(approveAll: true)),
        ReferenceCase(name: "AAPL under rules/limits.yaml (penny-stock rule)", strategy: fixtures + "aapl-sma.yaml", policy: limits),
        ReferenceCase(name: "RSI SPY under rules/limits.yaml", strategy: fixtures + "rsi-14.yaml", policy: limits),
        ReferenceCase(name: "SPY+QQQ under rules/limits.yaml", strategy: fixtures + "spy-qqq.yaml", policy: limits),
        ReferenceCase(name: "Donchian IWM under rules/limits.yaml", strategy: fixtures + "donchian.yaml", policy: limits),
        ReferenceCase(name: "shares under the tight policy", strategy: fixtures + "shares.yaml", policy: tight),
        ReferenceCase(name: "notional under the tight policy", strategy: fixtures + "notional.yaml", policy: tight,
                      settings: ExecutionSettings(slippageBps: 3)),
        ReferenceCase(name: "fractional under the tight policy", strategy: fixtures + "fractional.yaml", policy: tight),
        ReferenceCase(name: "fractional under the tight policy --approve-all", strategy: fixtures + "fractional.yaml", policy: tight,
                      settings: ExecutionSettings(approveAll: true)),
        ReferenceCase(name: "SPY+QQQ under the tight policy --approve-all", strategy: fixtures + "spy-qqq.yaml", policy: tight,
                      settings: ExecutionSettings(approveAll: true)),
    ]

    @Test("engine and reference agree", arguments: cases)
    func agree(_ c: ReferenceCase) throws {
        let engine = try ReferenceHarness.engine(c)
        let reference = try ReferenceHarness.reference(c)
        let comparison = ReferenceComparison(engine: engine.report, reference: reference)
        #expect(comparison.differences.isEmpty,
                "\(c.name): \(comparison.differences.count) differences\n\(comparison.differences.prefix(12).joined(separator: "\n"))")
        // A comparison that compares nothing proves nothing.
        #expect(!engine.report.result.orders.isEmpty, "\(c.name): no orders at all")
    }

    /// The reference must be able to disagree: a different setting changes its answer.
    @Test func referenceNoticesADifferentSetting() throws {
        let base = ReferenceCase(name: "base", strategy: "strategies/sma.yaml")
        var other = base
        other.settings.slippageBps = 1
        let engine = try ReferenceHarness.engine(base)
        let comparison = ReferenceComparison(engine: engine.report, reference: try ReferenceHarness.reference(other))
        #expect(comparison.differences.contains { $0.hasPrefix("final_equity") })
    }
}
