import Audit
import Foundation
import MarketData
import Policy
import RuleLanguage
import Testing
@testable import Engine
import Vocabulary

/// Engine behaviour that the reference comparison does not reach: the general multi-symbol
/// loop, audit ordering, windows and the approval switch.
@Suite struct BacktesterTests {
    static let sma = """
    strategy: t
    symbols: [SYM]
    rules:
      - id: enter-long
        when: crosses_above(sma(close, 10), sma(close, 30))
        action: buy
        size: { percent_of_equity: 100 }
      - id: exit-long
        when: crosses_below(sma(close, 10), sma(close, 30))
        action: sell_all
    """

    func compile(_ strategy: String, policy: String = "policy: open\nlimits: {}\n") throws -> TradingCore {
        let linter = Linter()
        let s = try #require(linter.lint(text: strategy, path: "s.yaml").strategy)
        let p = try #require(linter.lint(text: policy, path: "p.yaml").policy)
        return TradingCore(strategy: StrategyCompiler.compile(s), policy: CompiledPolicy(p), symbols: s.symbols)
    }

    @Test func theOneSymbolLoopAndTheGeneralLoopAgree() throws {
        let series = walk(20_000, seed: 7)
        let fast = try Backtester(core: compile(Self.sma), series: [series], options: .init()).run()
        let general = Backtester(core: try compile(Self.sma), series: [series], options: .init())
        general.forceGeneralLoop = true
        let slow = try general.run()
        #expect(fast.trades == slow.trades)
        #expect(fast.curve == slow.curve)
        #expect(fast.finalCash == slow.finalCash)
        #expect(fast.orders.map(\.status) == slow.orders.map(\.status))
    }

    @Test func twoSymbolsShareOneCashPool() throws {
        var a = walk(3_000, seed: 1), b = walk(3_000, seed: 2)
        a = BarSeries(symbol: "AAA", times: a.times, open: a.open, high: a.high, low: a.low, close: a.close, volume: a.volume)
        b = BarSeries(symbol: "BBB", times: b.times, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume)
        let yaml = Self.sma.replacingOccurrences(of: "[SYM]", with: "[AAA, BBB]").replacingOccurrences(of: "percent_of_equity: 100", with: "percent_of_equity: 50")
        let result = try Backtester(core: compile(yaml), series: [a, b], options: .init()).run()
        #expect(Set(result.trades.map(\.symbol)) == ["AAA", "BBB"])
        #expect(result.curve.count == 3_000)
        // Cash never goes negative: fills are capped by the shared pool.
        var cash = 10_000.0
        for order in result.orders where order.status == .filled {
            cash += (order.intent.side == .buy ? -1 : 1) * order.filledQty! * order.fillPrice!
            #expect(cash >= -1e-6)
        }
        #expect(abs(cash - result.finalCash) < 1e-6)
    }

    @Test func everyOrderIsAuditedBeforeItCanFill() throws {
        let log = MemoryAuditLog()
        let ref = FileRef(name: "t", file: "s.yaml", sha256: "")
        let result = try Backtester(core: compile(Self.sma), series: [walk(5_000, seed: 3)], options: .init(), audit: log,
                                    records: DecisionRecords(mode: .backtest, strategy: ref, policy: ref)).run()
        var submitted: Set<String> = [], decided: Set<String> = []
        for record in log.records {
            switch record.body {
            case .decision(let d): decided.insert(d.order.orderId)
            case .orderSubmitted(let s):
                #expect(decided.contains(s.orderId), "order_submitted before its decision")
                submitted.insert(s.orderId)
            case .fill(let f): #expect(submitted.contains(f.orderId), "fill before order_submitted")
            default: break
            }
        }
        #expect(submitted.count == result.orders.filter { $0.decision.approvedOrder != nil }.count)
        #expect(!submitted.isEmpty)
    }

    @Test func ordersNeedingApprovalWaitUnlessApproveAll() throws {
        let policy = "policy: p\nlimits:\n  approval_threshold: { notional: 5000 }\n"
        let series = walk(5_000, seed: 4)
        let guarded = try Backtester(core: compile(Self.sma, policy: policy), series: [series], options: .init()).run()
        #expect(guarded.orders.filter { $0.intent.side == .buy }.allSatisfy { $0.status == .needsApproval })
        #expect(guarded.trades.isEmpty)
        let all = try Backtester(core: compile(Self.sma, policy: policy), series: [series],
                                 options: .init(settings: ExecutionSettings(approveAll: true))).run()
        #expect(!all.trades.isEmpty)
        #expect(all.orders.allSatisfy { $0.status != .needsApproval })
    }

    @Test func barsBeforeFromOnlyWarmUp() throws {
        let series = walk(2_000, seed: 5)
        let from = series.times[1_000]
        let result = try Backtester(core: compile(Self.sma), series: [series], options: .init(from: from)).run()
        #expect(result.curve.times.first == from)
        #expect(result.orders.allSatisfy { $0.intent.time >= from })
        // Indicators are warm on the first traded bar, so a crossing there can already act.
        #expect(result.curve.count == 1_000)
    }

    @Test func aSignalOnTheLastBarIsReportedUnfilled() throws {
        // close rises through 100 exactly on the last bar
        let closes = Array(repeating: 99.0, count: 5) + [101]
        let s = BarSeries(symbol: "SYM", times: closes.indices.map { Int64($0) * 86_400 }, open: closes, high: closes,
                          low: closes, close: closes, volume: closes.map { _ in 1 })
        let yaml = "strategy: t\nsymbols: [SYM]\nrules:\n  - id: up\n    when: crosses_above(close, 100)\n    action: buy\n    size: { shares: 1 }\n"
        let result = try Backtester(core: compile(yaml), series: [s], options: .init()).run()
        #expect(result.orders.count == 1)
        #expect(result.orders[0].status == .unfilled)
        #expect(result.trades.isEmpty && result.openPositions.isEmpty)
    }
}
