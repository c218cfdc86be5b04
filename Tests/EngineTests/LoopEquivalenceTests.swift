import Audit
import Foundation
import MarketData
import Policy
import RuleLanguage
import Testing
@testable import Engine
import Vocabulary

/// The block loop, the bar-by-bar loop and the several-symbol loop are three ways of
/// walking the same bars: every figure they report must be the same, bit for bit —
/// trades, the equity curve, cash, every order with its checks and the values its rule
/// saw, and the audit records. Strategies here cover every indicator, every condition
/// form, rules that read the account, and one that cannot run in blocks.
@Suite struct LoopEquivalenceTests {
    static let strategies: [(name: String, yaml: String)] = [
        ("sma crossover", """
        rules:
          - id: enter
            when: crosses_above(sma(close, 10), sma(close, 30))
            action: buy
            size: { percent_of_equity: 100 }
          - id: exit
            when: crosses_below(sma(close, 10), sma(close, 30))
            action: sell_all
        """),
        ("every indicator and condition form", """
        rules:
          - id: breakout
            when: (close > ema(close, 20) and rsi(close, 14) < 70) or close > highest(high[1], 20)
            action: buy
            size: { percent_of_equity: 50 }
          - id: fall
            when: close < lowest(low[1], 10) or not (close > sma(close, 50)) or max(open, close) - min(open, close) > abs(close - close[5])
            action: sell_all
          - id: nibble
            when: -(close - open) / open > 0.004 and volume in [1000000, 2000000] and crosses_below(ema(close, 5), close)
            action: buy
            size: { shares: 3 }
          - id: trim
            when: (rsi(close, 7) >= 80) != (close <= open)
            action: sell
            size: { shares: 2 }
        """),
        ("rules that read the account", """
        rules:
          - id: enter-flat
            when: position == 0 and crosses_above(close, sma(close, 20))
            action: buy
            size: { percent_of_equity: 90 }
          - id: take-profit
            when: position_value > cash * 20 or equity > 10400
            action: sell_all
          - id: stop
            when: position > 0 and crosses_below(close, sma(close, 20))
            action: sell_all
        """),
        ("an indicator over the account (bar by bar only)", """
        rules:
          - id: enter
            when: crosses_above(sma(close, 3), sma(close, 8)) and equity >= sma(equity, 4) - 50
            action: buy
            size: { notional: 5000 }
          - id: exit
            when: crosses_below(sma(close, 3), sma(close, 8))
            action: sell_all
        """),
        ("the bands, MACD and the indicators of the whole bar", """
        rules:
          - id: band-entry
            when: position == 0 and (close < bb_lower(close, 20, 1.5) or crosses_above(macd(close, 12, 26), macd_signal(close, 12, 26, 9)))
            action: buy
            size: { percent_of_equity: 60 }
          - id: trend-exit
            when: close > bb_upper(close, 20, 1.5) or (adx(10) > 35 and cci(14) > 120) or roc(close, 5) < -4
            action: sell_all
          - id: nibble
            when: mfi(10) < 30 and willr(10) < -80 and stdev(close, 10) < 2 * atr(14) and obv < sma(obv, 20)
            action: buy
            size: { shares: 2 }
          - id: trim
            when: true_range > 1.5 * atr(10) and macd_hist(close, 5, 13, 4) < 0 and wma(close, 5) < wma(close, 15)
            action: sell
            size: { shares: 1 }
        """),
    ]

    /// `vwap` on hourly bars: the session starts again each New York day.
    static let vwapStrategy = """
        timeframe: 1Hour
        rules:
          - id: reclaim
            when: position == 0 and crosses_above(close, vwap)
            action: buy
            size: { percent_of_equity: 80 }
          - id: lost
            when: crosses_below(close, vwap) or close < vwap - 2 * atr(7)
            action: sell_all
        """

    static let policies: [(name: String, yaml: String)] = [
        ("open", "policy: open\nlimits: {}\n"),
        ("limits and rules", """
        policy: guarded
        limits:
          max_position_per_symbol: { percent_of_equity: 60 }
          max_gross_notional: 9000
          daily_max_drawdown: { percent: 1 }
          approval_threshold: { notional: 4000 }
        rules:
          - id: no-big-sells
            when: side == "sell" and notional > 8000
            outcome: needs_approval
            reason: big sells get a look
          - id: no-cheap
            when: price < 95
            outcome: block
            reason: too cheap
        """),
    ]

    static let settings: [ExecutionSettings] = [
        ExecutionSettings(),
        ExecutionSettings(startingCash: 25_000, commissionPerShare: 0.01, commissionMinimum: 1, commissionPercent: 0.05,
                          slippageBps: 5, fractional: true, approveAll: true),
    ]

    func core(_ strategy: String, policy: String, symbols: [String], fractional: Bool) throws -> TradingCore {
        let yaml = "strategy: eq\nsymbols: [\(symbols.joined(separator: ", "))]\n" + strategy
        let linter = Linter()
        let s = try #require(linter.lint(text: yaml, path: "s.yaml").strategy, "\(linter.lint(text: yaml, path: "s.yaml").diagnostics.map(\.message))")
        let p = try #require(linter.lint(text: policy, path: "p.yaml").policy)
        return TradingCore(strategy: StrategyCompiler.compile(s), policy: CompiledPolicy(p), symbols: symbols, forceFractional: fractional)
    }

    func run(_ strategy: String, policy: String, series: [BarSeries], settings: ExecutionSettings, loop: Backtester.Loop,
             blockSize: Int = 256, pipelined: Bool = false, from: Int64? = nil, to: Int64? = nil,
             references: [String: BarSeries] = [:]) throws -> (BacktestResult, [AuditRecord]) {
        let c = try core(strategy, policy: policy, symbols: series.map(\.symbol), fractional: settings.fractional)
        let log = MemoryAuditLog()
        let ref = FileRef(name: "eq", file: "s.yaml", sha256: "")
        let b = Backtester(core: c, series: series, options: .init(settings: settings, from: from, to: to), audit: log,
                           records: DecisionRecords(mode: .backtest, strategy: ref, policy: ref), references: references)
        b.loop = loop
        b.blockSize = blockSize
        // Short series never take a second thread unless asked, and then always do.
        b.pipelines = pipelined
        b.pipelineMinimumBars = 0
        return (try b.run(), log.records)
    }

    /// Everything two results report, compared field by field (NaN equals NaN).
    func expectSame(_ a: (BacktestResult, [AuditRecord]), _ b: (BacktestResult, [AuditRecord]), _ what: String) {
        let (x, y) = (a.0, b.0)
        #expect(x.trades == y.trades, "\(what): trades")
        #expect(x.curve == y.curve, "\(what): curve")
        #expect(x.finalCash.bitPattern == y.finalCash.bitPattern, "\(what): cash \(x.finalCash) vs \(y.finalCash)")
        #expect(x.commissionsPaid == y.commissionsPaid, "\(what): commissions")
        #expect(x.openPositions == y.openPositions, "\(what): open positions")
        let (ox, oy) = (x.orders, y.orders)
        #expect(ox.count == oy.count, "\(what): \(ox.count) vs \(oy.count) orders")
        for (i, (p, q)) in zip(ox, oy).enumerated() {
            let agree = p.status == q.status && p.orderType == q.orderType && p.exitReason == q.exitReason
                && p.filledQty == q.filledQty && p.fillPrice == q.fillPrice && p.commission == q.commission
                && p.filledTime == q.filledTime && p.note == q.note && p.intent == q.intent && p.decision.outcome == q.decision.outcome
                && p.decision.checks.map(\.description) == q.decision.checks.map(\.description) && p.observed.count == q.observed.count
                && zip(p.observed, q.observed).allSatisfy { bits($0.value, $1.value) && $0.expression == $1.expression
                    && (($0.previous == nil && $1.previous == nil) || bits($0.previous ?? 0, $1.previous ?? .nan)) }
            #expect(agree, "\(what): order \(i) differs: \(p.intent) \(p.status) \(String(describing: p.filledQty)) \(p.observed) vs \(q.intent) \(q.status) \(String(describing: q.filledQty)) \(q.observed)")
            if !agree { break }
        }
        #expect(a.1.map(\.body) == b.1.map(\.body), "\(what): audit records")
    }

    /// `CheckResult`'s `==` says NaN ≠ NaN (a user rule's value is NaN): compare what it prints.
    func bits(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    @Test(arguments: 0..<5)
    func allLoopsAgree(strategy index: Int) throws {
        let (name, yaml) = Self.strategies[index]
        let series = walk(2_500, seed: UInt64(11 + index))
        for (policyName, policy) in Self.policies {
            for (k, settings) in Self.settings.enumerated() {
                let what = "\(name) / \(policyName) / settings \(k)"
                let reference = try run(yaml, policy: policy, series: [series], settings: settings, loop: .barByBar)
                #expect(reference.0.orders.count > 10, "\(what): the test needs orders")
                for size in [8, 40, 256] {
                    expectSame(try run(yaml, policy: policy, series: [series], settings: settings, loop: .automatic, blockSize: size),
                               reference, "\(what) / blocks of \(size)")
                }
                // Blocks computed on a second thread (the strategy that reads the account declines it).
                for size in [8, 64] {
                    expectSame(try run(yaml, policy: policy, series: [series], settings: settings, loop: .automatic, blockSize: size,
                                       pipelined: true), reference, "\(what) / blocks of \(size) on a second thread")
                }
                expectSame(try run(yaml, policy: policy, series: [series], settings: settings, loop: .general), reference, "\(what) / general")
            }
        }
    }

    @Test func anIndicatorOverTheAccountRunsBarByBar() throws {
        let c = try core(Self.strategies[3].yaml, policy: "policy: open\nlimits: {}\n", symbols: ["SYM"], fractional: false)
        #expect(!c.strategy.runsInBlocks)
        #expect(c.blockEvaluator(symbol: 0, capacity: 64) == nil)
        let other = try core(Self.strategies[2].yaml, policy: "policy: open\nlimits: {}\n", symbols: ["SYM"], fractional: false)
        #expect(other.strategy.runsInBlocks)
    }

    @Test func windowsAndIntradayDaysAgree() throws {
        // Seven hourly bars a day, New York offset: today's drawdown resets at each new day.
        let daily = walk(3_500, seed: 5)
        var hourly = BarSeries(symbol: "SYM")
        for i in 0..<daily.count {
            let day = Int64(i / 7), hour = Int64(i % 7)
            hourly.times.append(1_577_977_800 + day * 86_400 + hour * 3_600)
            hourly.utcOffsets.append(-18_000)
            hourly.open.append(daily.open[i]); hourly.high.append(daily.high[i]); hourly.low.append(daily.low[i])
            hourly.close.append(daily.close[i]); hourly.volume.append(daily.volume[i])
        }
        for series in [daily, hourly] {
            let from = series.times[700], to = series.times[3_100]
            for (policyName, policy) in Self.policies {
                let what = "\(series.isDaily ? "daily" : "hourly") / \(policyName)"
                let reference = try run(Self.strategies[2].yaml, policy: policy, series: [series], settings: ExecutionSettings(),
                                        loop: .barByBar, from: from, to: to)
                #expect(reference.0.orders.count > 5, "\(what): the test needs orders")
                expectSame(try run(Self.strategies[2].yaml, policy: policy, series: [series], settings: ExecutionSettings(),
                                   loop: .automatic, blockSize: 16, from: from, to: to), reference, what)
            }
        }
    }

    @Test func vwapOverHourlyDaysAgrees() throws {
        let daily = walk(3_500, seed: 9)
        var hourly = BarSeries(symbol: "SYM")
        for i in 0..<daily.count {
            // Seven bars a day from 17:30 New York time (-04:00): the UTC date changes mid-session.
            let day = Int64(i / 7), hour = Int64(i % 7)
            hourly.times.append(1_578_000_600 + day * 86_400 + hour * 3_600)
            hourly.utcOffsets.append(-14_400)
            hourly.open.append(daily.open[i]); hourly.high.append(daily.high[i] * 1.001); hourly.low.append(daily.low[i] * 0.999)
            hourly.close.append(daily.close[i]); hourly.volume.append(Double(1_000 + (i * 37) % 900))
        }
        for (policyName, policy) in Self.policies {
            let reference = try run(Self.vwapStrategy, policy: policy, series: [hourly], settings: ExecutionSettings(), loop: .barByBar)
            #expect(reference.0.orders.count > 20, "\(policyName): the test needs orders")
            for size in [8, 64] {
                expectSame(try run(Self.vwapStrategy, policy: policy, series: [hourly], settings: ExecutionSettings(), loop: .automatic,
                                   blockSize: size), reference, "vwap / \(policyName) / blocks of \(size)")
            }
            expectSame(try run(Self.vwapStrategy, policy: policy, series: [hourly], settings: ExecutionSettings(), loop: .general),
                       reference, "vwap / \(policyName) / general")
        }
    }

    @Test func theBundledHistoryAgrees() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data/daily").path
        let spy = try #require(try BarLoader.load(path: folder, symbols: ["SPY"], badRows: .fail).series.first)
        let limits = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../rules/limits.yaml").path, encoding: .utf8)
        for (name, yaml) in [0, 1, 2, 4].map({ Self.strategies[$0] }) {
            let reference = try run(yaml, policy: limits, series: [spy], settings: ExecutionSettings(), loop: .barByBar)
            expectSame(try run(yaml, policy: limits, series: [spy], settings: ExecutionSettings(), loop: .automatic), reference, "SPY / \(name)")
        }
    }
}

extension CheckResult: CustomStringConvertible {
    public var description: String { "\(index) \(status) \(outcomeOnFailure) \(value.bitPattern) \(limit.map { $0.bitPattern } ?? 0) \(kind)" }
}
