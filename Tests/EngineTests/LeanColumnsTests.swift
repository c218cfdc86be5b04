import MarketData
import Policy
import RuleLanguage
import Testing
import Vocabulary
@testable import Engine

/// A run holds no column it does not read: bars loaded without high, low or volume when the
/// strategy reads none (`CompiledStrategy.reads`), and trading days worked out from the bar
/// times (`TradingDays`) unless a strategy reads `vwap`'s session. Either way the run is
/// the run with every column, to the bit.
@Suite struct LeanColumnsTests {
    typealias S = EngineScenario

    static let crossover = """
          - id: in
            when: crosses_above(sma(close, 2), sma(close, 5))
            action: buy
            size: { percent_of_equity: 40 }
          - id: out
            when: crosses_below(sma(close, 2), sma(close, 5))
            action: sell_all
        """

    /// A fresh core (a core keeps the state of the run it served), for intraday bars.
    func core(_ rules: String, symbols: [String] = ["XYZ"], exits: String = "") throws -> TradingCore {
        let text = S.strategyText(symbols: symbols, rules).replacingOccurrences(of: "rules:\n", with: "timeframe: 1Hour\n" + exits + "rules:\n")
        let strategy = try S.strategy(text)
        return TradingCore(strategy: StrategyCompiler.compile(strategy), policy: CompiledPolicy(try S.policy()),
                           symbols: strategy.symbols, forceFractional: false)
    }

    func expectSame(_ x: BacktestResult, _ y: BacktestResult, _ what: String) {
        #expect(x.curve == y.curve, "\(what): curve")
        #expect(x.trades == y.trades, "\(what): trades")
        #expect(x.finalCash.bitPattern == y.finalCash.bitPattern, "\(what): cash")
        #expect(x.orders.map(\.intent.orderId) == y.orders.map(\.intent.orderId), "\(what): orders")
        #expect(x.orders.count > 4, "\(what): too few orders to compare")
    }

    /// `s` as loaded without the fields `keep` leaves out.
    func lean(_ s: BarSeries, keeping keep: Set<BarField> = []) -> BarSeries {
        var s = s
        if !keep.contains(.high) { s.high = [] }
        if !keep.contains(.low) { s.low = [] }
        if !keep.contains(.volume) { s.volume = [] }
        return s
    }

    @Test func whatEachStrategyReads() throws {
        func reads(_ when: String, exits: String = "") throws -> Set<BarField> {
            let strategy = try core("  - id: r\n    when: \(when)\n    action: buy\n    size: { percent_of_equity: 10 }\n", exits: exits).strategy
            return Set(BarField.allCases.filter { strategy.reads($0) })
        }
        #expect(try reads("crosses_above(sma(close, 2), sma(close, 5))") == [.open, .close])
        #expect(try reads("close > high[1] and position == 0") == [.open, .high, .close])
        #expect(try reads("volume > 1000") == [.open, .close, .volume])
        #expect(try reads("sma(volume, 3) > 1000 and close > open") == [.open, .close, .volume])
        #expect(try reads("obv > obv[1]") == [.open, .close, .volume])
        #expect(try reads("close > vwap") == [.open, .high, .low, .close, .volume])
        #expect(try reads("mfi(14) < 20") == [.open, .high, .low, .close, .volume])
        #expect(try reads("atr(14) > 1") == [.open, .high, .low, .close])
        // Exits are checked against each bar's range.
        #expect(try reads("close > open", exits: "exits:\n  stop_loss: { percent: 2 }\n") == [.open, .high, .low, .close])
    }

    @Test func withoutTheFieldsItDoesNotReadTheRunIsTheSameInBlocksBarByBarAndBorrowed() throws {
        let bars = CurveTimesTests.intraday()
        let lean = lean(bars)
        let options = Backtester.Options(from: nil, to: nil)
        let crossover = try core(Self.crossover)
        #expect(!crossover.strategy.reads(.volume) && !crossover.strategy.reads(.high) && !crossover.strategy.reads(.low))
        let full = try Backtester(core: try core(Self.crossover), series: [bars], options: options).run()
        expectSame(try Backtester(core: crossover, series: [lean], options: options).run(), full, "blocks")
        let general = Backtester(core: try core(Self.crossover), series: [lean], options: options)
        general.forceGeneralLoop = true
        expectSame(try general.run(), full, "the general loop")
        let borrowed = try PreparedBars.borrowing([lean], to: nil, inputs: crossover.strategy.inputs, sessions: false) { prepared in
            try Backtester(core: try core(Self.crossover), series: [lean], options: options, prepared: prepared).run()
        }
        expectSame(borrowed, full, "borrowed")
        // Exits run bar by bar, passing every field to the strategy; they read highs and lows.
        let exits = "exits:\n  stop_loss: { percent: 2 }\n  trailing_stop: { percent: 3 }\n"
        expectSame(try Backtester(core: try core(Self.crossover, exits: exits), series: [self.lean(bars, keeping: [.high, .low])],
                                  options: options).run(),
                   try Backtester(core: try core(Self.crossover, exits: exits), series: [bars], options: options).run(), "bar by bar")
    }

    @Test func theTradingDaysAreTheSeriesDays() {
        let intraday = CurveTimesTests.intraday()
        var early = BarSeries(symbol: "OLD")
        for i in 0..<5 {
            early.times.append(-86_400 * 3 + Int64(i) * 40_000)
            early.utcOffsets.append(-5 * 3600)
        }
        let daily = S.closes("DDD", (0..<30).map { 100 + Double($0) })
        for series in [intraday, early, daily] {
            series.times.withUnsafeBufferPointer { times in
                series.utcOffsets.withUnsafeBufferPointer { offsets in
                    let days = TradingDays(times: times.baseAddress!, offsets: series.isDaily ? nil : offsets.baseAddress!)
                    #expect((0..<series.count).map { days[$0] } == (0..<series.count).map { series.tradingDay($0) }, "\(series.symbol)")
                }
            }
        }
    }

    @Test func aSessionColumnIsKeptOnlyForAStrategyThatReadsOne() throws {
        let bars = CurveTimesTests.intraday()
        let plain = try core(Self.crossover)
        try PreparedBars.borrowing([bars], to: nil, sessions: plain.strategy.needsSession) { prepared in
            #expect(prepared.columns[0].sessions == nil)
        }
        // Bars prepared without sessions cannot serve a `vwap` strategy: it prepares its own.
        let vwapRules = """
              - id: reclaim
                when: position == 0 and crosses_above(close, vwap)
                action: buy
                size: { percent_of_equity: 80 }
              - id: lost
                when: crosses_below(close, vwap)
                action: sell_all
            """
        let vwap = try core(vwapRules)
        #expect(vwap.strategy.needsSession && vwap.strategy.reads(.volume))
        let options = Backtester.Options(from: nil, to: nil)
        let given = try PreparedBars.borrowing([bars], to: nil, inputs: vwap.strategy.inputs, sessions: false) { prepared in
            try Backtester(core: vwap, series: [bars], options: options, prepared: prepared).run()
        }
        let own = try PreparedBars.borrowing([bars], to: nil, inputs: vwap.strategy.inputs, sessions: true) { prepared in
            #expect(prepared.columns[0].sessions != nil)
            return try Backtester(core: try core(vwapRules), series: [bars], options: options, prepared: prepared).run()
        }
        expectSame(given, own, "vwap")
        expectSame(given, try Backtester(core: try core(vwapRules), series: [bars], options: options).run(), "vwap, unprepared")
    }
}
