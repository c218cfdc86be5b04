import MarketData
import Policy
import RuleLanguage
import Testing
@testable import Engine

/// A one-off backtest reads its bars where they lie (`PreparedBars.borrowing`) instead of
/// copying them: the run is the run over copied bars, to the bit.
@Suite struct BorrowedBarsTests {
    typealias S = EngineScenario

    func run(_ series: [BarSeries], borrowed: Bool, to: Int64? = nil) throws -> BacktestResult {
        let text = S.strategyText(symbols: series.map(\.symbol), """
          - id: in
            when: crosses_above(sma(close, 2), sma(close, 5))
            action: buy
            size: { percent_of_equity: 40 }
          - id: out
            when: crosses_below(sma(close, 2), sma(close, 5))
            action: sell_all
        """)
        let strategy = try S.strategy(text)
        let compiled = StrategyCompiler.compile(strategy)
        let core = TradingCore(strategy: compiled, policy: CompiledPolicy(try S.policy()), symbols: strategy.symbols, forceFractional: false)
        let options = Backtester.Options(from: nil, to: to)
        guard borrowed else { return try Backtester(core: core, series: series, options: options).run() }
        return try PreparedBars.borrowing(series, to: to, inputs: compiled.inputs) { prepared in
            try Backtester(core: core, series: series, options: options, prepared: prepared).run()
        }
    }

    func expectSame(_ x: BacktestResult, _ y: BacktestResult, _ what: String) {
        #expect(x.curve == y.curve, "\(what): curve")
        #expect(x.trades == y.trades, "\(what): trades")
        #expect(x.finalCash.bitPattern == y.finalCash.bitPattern, "\(what): cash")
        #expect(x.orders.map(\.intent.orderId) == y.orders.map(\.intent.orderId), "\(what): orders")
        #expect(x.orders.count > 4, "\(what): too few orders to compare")
    }

    @Test func oneSymbolIntraday() throws {
        let bars = CurveTimesTests.intraday()
        expectSame(try run([bars], borrowed: true), try run([bars], borrowed: false), "one symbol")
        let to = bars.times[100]
        expectSame(try run([bars], borrowed: true, to: to), try run([bars], borrowed: false, to: to), "cut at bar 100")
    }

    @Test func severalSymbolsAndAnEmptyOne() throws {
        let a = CurveTimesTests.intraday("AAA"), b = CurveTimesTests.intraday("BBB", count: 90)
        expectSame(try run([a, b], borrowed: true), try run([a, b], borrowed: false), "two symbols")
        let daily = S.closes("DDD", (0..<80).map { 100 + Double($0 % 9) })
        expectSame(try run([daily], borrowed: true), try run([daily], borrowed: false), "daily")
        // Cut before a symbol's first bar: its columns are empty, not lent.
        let late = S.series("LLL", (0..<40).map { (100 + Double($0 % 5), 101 + Double($0 % 5)) }, firstDay: S.firstDay + 70)
        expectSame(try run([daily, late], borrowed: true, to: (S.firstDay + 60) * 86_400),
                   try run([daily, late], borrowed: false, to: (S.firstDay + 60) * 86_400), "daily pair")
    }
}
