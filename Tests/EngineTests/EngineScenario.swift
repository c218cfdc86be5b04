import Foundation
import MarketData
import Policy
import RuleLanguage
import Testing
@testable import Engine
import Vocabulary

/// Tiny hand-written backtests: a few bars with chosen opens and closes, a strategy and a
/// policy written inline, run through the real engine. Days start at 2024-01-01 and are
/// consecutive calendar days (bar i is 2024-01-(1+i)).
enum EngineScenario {
    static let firstDay = CivilDate.days(year: 2024, month: 1, day: 1)

    struct Bar {
        var open: Double
        var close: Double
    }

    static func strategy(_ yaml: String) throws -> CheckedStrategy {
        let file = Linter().lint(text: yaml, path: "scenario.yaml")
        return try #require(file.strategy, "strategy does not lint: \(file.diagnostics.map(\.message))")
    }

    static func policy(_ yaml: String = "policy: open\nlimits: {}\n") throws -> CheckedPolicy {
        let file = Linter().lint(text: yaml, path: "policy.yaml")
        return try #require(file.policy, "policy does not lint: \(file.diagnostics.map(\.message))")
    }

    /// Bars from (open, close) pairs; high and low span both.
    static func series(_ symbol: String, _ bars: [(Double, Double)], firstDay: Int64 = firstDay) -> BarSeries {
        var s = BarSeries(symbol: symbol)
        for (i, (open, close)) in bars.enumerated() {
            s.times.append((firstDay + Int64(i)) * 86_400)
            s.open.append(open)
            s.high.append(max(open, close))
            s.low.append(min(open, close))
            s.close.append(close)
            s.volume.append(1_000)
        }
        return s
    }

    /// Closes only; every open equals the previous close (the first bar opens at its close).
    static func closes(_ symbol: String, _ closes: [Double]) -> BarSeries {
        series(symbol, closes.enumerated().map { i, c in (i == 0 ? c : closes[i - 1], c) })
    }

    static func run(_ strategyYAML: String, policy policyYAML: String = "policy: open\nlimits: {}\n", series: [BarSeries],
                    settings: ExecutionSettings = ExecutionSettings(), from: Int64? = nil, to: Int64? = nil,
                    generalLoop: Bool = false) throws -> BacktestResult {
        let strategy = try strategy(strategyYAML)
        let core = TradingCore(strategy: StrategyCompiler.compile(strategy), policy: CompiledPolicy(try policy(policyYAML)),
                               symbols: strategy.symbols, forceFractional: settings.fractional)
        let ordered = strategy.symbols.map { symbol in series.first { $0.symbol == symbol }! }
        let backtester = Backtester(core: core, series: ordered, options: .init(settings: settings, from: from, to: to))
        backtester.forceGeneralLoop = generalLoop
        return try backtester.run()
    }

    /// A one-rule (or two-rule) strategy on `symbols`.
    static func strategyText(symbols: [String] = ["XYZ"], _ rules: String) -> String {
        "strategy: scenario\nsymbols: [\(symbols.joined(separator: ", "))]\nrules:\n" + rules
    }

    /// `2024-01-(1+i)`.
    static func day(_ i: Int) -> String { ISOTimestamp.dateText(utc: (firstDay + Int64(i)) * 86_400) }
}
