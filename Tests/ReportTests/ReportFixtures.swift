import Foundation
@testable import Engine
import MarketData
import Policy
@testable import Report
@testable import RuleLanguage
import Vocabulary

/// Builds real reports for the tests: fixture YAML through the linter and compiler, seeded
/// random-walk bars through the backtester. No network, no working-directory paths.
enum ReportFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/report")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A fixture by name, or an absolute path as it is.
    static func path(_ name: String) -> String { name.hasPrefix("/") ? name : folder.appendingPathComponent(name).path }

    /// A multiplicative random walk of daily bars starting 2000-01-03 (SplitMix64, fixed seed).
    static func randomWalk(symbol: String, count: Int, seed: UInt64 = 42, start: Double = 100, volatility: Double = 0.015,
                           drift: Double = 0.0002) -> BarSeries {
        var state = seed
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        var bars = BarSeries(symbol: symbol)
        let day0 = CivilDate.days(year: 2000, month: 1, day: 3)
        var close = start
        for i in 0..<count {
            let open = close * (1 + (uniform() - 0.5) * volatility * 0.5)
            close = open * (1 + (uniform() - 0.5) * volatility * 2 + drift)
            bars.times.append((day0 + Int64(i)) * 86_400)
            bars.open.append(open)
            bars.high.append(max(open, close) * 1.004)
            bars.low.append(min(open, close) * 0.996)
            bars.close.append(close)
            bars.volume.append(1_000_000)
        }
        return bars
    }

    static func backtest(strategy: String, policy: String, series: [BarSeries],
                         settings: ExecutionSettings = ExecutionSettings()) throws -> BacktestResult {
        let linter = Linter()
        let checked = try linter.strategy(at: path(strategy))
        let limits = try linter.policy(at: path(policy))
        let core = TradingCore(strategy: StrategyCompiler.compile(checked), policy: CompiledPolicy(limits), symbols: checked.symbols)
        return try Backtester(core: core, series: series, options: .init(settings: settings)).run()
    }

    /// The standard test report: 600 bars of `TEST`, the fast strategy, a `BENCH` benchmark.
    static func standard(bars: Int = 600) throws -> (report: BacktestReport, prices: [BarSeries]) {
        let test = randomWalk(symbol: "TEST", count: bars)
        let bench = randomWalk(symbol: "BENCH", count: bars, seed: 7, volatility: 0.01)
        let result = try backtest(strategy: "sma-fast.yaml", policy: "limits.yaml", series: [test])
        return (BacktestReport(result: result, benchmark: bench, from: nil, to: nil), [test])
    }

    /// `result` with another strategy name and description (the schema would refuse such a
    /// name in a file; the report must still escape whatever reaches it).
    static func renamed(_ result: BacktestResult, name: String, description: String?) -> BacktestResult {
        let s = result.strategy
        let strategy = CheckedStrategy(name: name, description: description, file: s.file, symbols: s.symbols,
                                       timeframe: s.timeframe, params: s.params, rules: s.rules)
        return BacktestResult(strategy: strategy, policy: result.policy, ruleIDs: result.ruleIDs, settings: result.settings,
                              symbols: result.symbols, curve: result.curve, orders: result.orders, trades: result.trades,
                              openPositions: result.openPositions, finalCash: result.finalCash,
                              commissionsPaid: result.commissionsPaid, barsProcessed: result.barsProcessed)
    }
}
