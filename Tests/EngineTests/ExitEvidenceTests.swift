@testable import Audit
import Foundation
import MarketData
import Policy
import RuleLanguage
import Testing
@testable import Engine
import Vocabulary

/// What a backtest with exits writes to its audit log: each leg of a position is an order of
/// its own (its own decision and order id), and an exit's fill carries what triggered it, so
/// `algobot explain --order` can say "the low of …, $96.00, reached it".
@Suite struct ExitEvidenceTests {
    typealias S = EngineScenario

    /// Runs `yaml` over `rows` (open, high, low, close) with an audit log in memory.
    func audited(_ yaml: String, _ rows: [(Double, Double, Double, Double)],
                 policy: String = "policy: open\nlimits: {}\n") throws -> (BacktestResult, [AuditRecord]) {
        let strategy = try S.strategy(yaml)
        let core = TradingCore(strategy: StrategyCompiler.compile(strategy), policy: CompiledPolicy(try S.policy(policy)),
                               symbols: strategy.symbols, forceFractional: false)
        let log = MemoryAuditLog()
        let ref = FileRef(name: "t", file: "s.yaml", sha256: "")
        let result = try Backtester(core: core, series: [ExitScenarioTests.bars(rows)], options: .init(), audit: log,
                                    records: DecisionRecords(mode: .backtest, strategy: ref, policy: ref)).run()
        return (result, log.records)
    }

    static let allExits = "exits: { stop_loss: { percent: 5 }, take_profit: { percent: 10 }, trailing_stop: { percent: 8 } }\n"

    @Test func eachLegOfAPositionIsAnOrderOfItsOwn() throws {
        let rows = [(100.0, 101.0, 99.0, 101.0), (102, 103, 101, 102), (101, 101, 96, 97)]
        let (result, records) = try audited(ExitScenarioTests.strategy(exits: Self.allExits), rows)
        let legs = result.orders.filter { $0.exitReason != nil }
        #expect(legs.count == 3)
        #expect(Set(result.orders.map(\.intent.orderId)).count == result.orders.count, "no two orders share an id")
        let decisions = records.compactMap { r -> DecisionRecord? in if case .decision(let d) = r.body { return d } else { return nil } }
        #expect(decisions.map(\.id) == [
            "scenario:XYZ:\(S.day(0)):enter",
            "scenario:XYZ:\(S.day(1)):enter:stop_loss",
            "scenario:XYZ:\(S.day(1)):enter:take_profit",
            "scenario:XYZ:\(S.day(1)):enter:trailing_stop",
        ])
        #expect(decisions.dropFirst().map { $0.input?.intent.exitReason } == [.stopLoss, .takeProfit, .trailingStop])
        #expect(decisions[1].input?.intent.orderType == .stop && decisions[1].input?.intent.stopPrice == 102 * 0.95)
        #expect(decisions[2].input?.intent.orderType == .limit && decisions[2].input?.intent.limitPrice == 102 * 1.1)
        // Each order's life is its own: one submission each, and only the stop fills.
        let submitted = records.compactMap { r -> String? in if case .orderSubmitted(let s) = r.body { return s.orderId } else { return nil } }
        #expect(submitted.count == Set(submitted).count)
        let fills = records.compactMap { r -> FillRecord? in if case .fill(let f) = r.body { return f } else { return nil } }
        #expect(fills.map(\.orderId) == [decisions[0].order.orderId, decisions[1].order.orderId])
    }

    @Test func aStopFillRecordsTheLevelAndTheLowThatReachedIt() throws {
        let rows = [(100.0, 101.0, 99.0, 101.0), (102, 103, 101, 102), (101, 101, 96, 97)]
        let (_, records) = try audited(ExitScenarioTests.strategy(exits: Self.allExits), rows)
        let (fill, at) = try #require(records.lazy.compactMap { r -> (FillRecord, String)? in
            if case .fill(let f) = r.body, f.trigger != nil { return (f, r.at) } else { return nil }
        }.first)
        let trigger = try #require(fill.trigger)
        #expect(at == S.day(2))
        #expect(trigger.reason == .stopLoss)
        #expect(abs(trigger.level - 96.9) < 1e-9)
        #expect(trigger.entryPrice == 102 && trigger.percent == 5 && trigger.mark == nil)
        #expect(trigger.reached == 96 && trigger.open == 101 && !trigger.atOpen)
    }

    @Test func aGapThroughTheStopIsRecordedAsAFillAtTheOpen() throws {
        let rows = [(100.0, 101.0, 99.0, 101.0), (102, 103, 101, 102), (95, 96, 93, 94)]
        let (_, records) = try audited(ExitScenarioTests.strategy(exits: "exits: { stop_loss: { percent: 5 } }\n"), rows)
        let fill = try #require(records.lazy.compactMap { r -> FillRecord? in
            if case .fill(let f) = r.body, f.trigger != nil { return f } else { return nil }
        }.first)
        #expect(fill.price == 95)
        #expect(fill.trigger?.atOpen == true && fill.trigger?.reached == nil && fill.trigger?.open == 95)
    }

    @Test func aTrailingStopRecordsTheHighestHighItTrails() throws {
        // Fill bar 1 at 100, high 110: the level for bar 2 is 110 × 0.9 = 99, reached by its low 98.
        let rows = [(100.0, 101.0, 99.0, 101.0), (100, 110, 100, 108), (105, 106, 98, 100)]
        let (_, records) = try audited(ExitScenarioTests.strategy(exits: "exits: { trailing_stop: { percent: 10 } }\n"), rows)
        let trigger = try #require(records.lazy.compactMap { r -> ExitTrigger? in
            if case .fill(let f) = r.body { return f.trigger } else { return nil }
        }.first)
        #expect(trigger.reason == .trailingStop && trigger.mark == 110 && abs(trigger.level - 99) < 1e-9 && trigger.reached == 98)
    }

    @Test func aShortsStopRecordsTheHighThatReachedIt() throws {
        // Short 10 at the open of 102: the stop is 102 × 1.05 = 107.10 above it, reached by bar 2's high of 108.
        let yaml = """
        strategy: scenario
        symbols: [XYZ]
        exits: { stop_loss: { percent: 5 } }
        rules:
          - id: enter
            when: close == 101
            action: sell_short
            size: { shares: 10 }
        """
        let rows = [(100.0, 101.0, 99.0, 101.0), (102, 103, 101, 102), (103, 108, 102, 106)]
        let (_, records) = try audited(yaml, rows, policy: ShortScenarioTests.shorts)
        let fill = try #require(records.lazy.compactMap { r -> FillRecord? in
            if case .fill(let f) = r.body, f.trigger != nil { return f } else { return nil }
        }.first)
        let trigger = try #require(fill.trigger)
        #expect(trigger.reason == .stopLoss && abs(trigger.level - 107.1) < 1e-9)
        #expect(trigger.reached == 108 && !trigger.atOpen && trigger.entryPrice == 102)
        #expect(PlainWords.trigger(trigger, closing: fill.side, at: S.day(2), price: fill.price)
            == "stop loss at $107.10 = entry $102.00 + 5 %; the high of \(S.day(2)), $108.00, reached it; filled at $107.10")
    }

    @Test func aRecordedLegIsReadBackAsTheSameOrder() throws {
        var figures = OrderFigures(side: .sell, action: .sellAll, qty: 10, notional: nil, price: 102, fractional: false)
        figures.orderType = .stop
        figures.stopPrice = 96.9
        figures.exitReason = .stopLoss
        let intent = OrderIntent(strategy: "s", symbol: "XYZ", ruleId: "enter", time: S.firstDay * 86_400, utcOffset: nil,
                                 figures: figures)
        let account = AccountSnapshot(cash: 0, equity: 1_020, dayStartEquity: 1_000, grossExposure: 1_020, position: 10, mark: 102)
        let input = DecisionInput(intent: intent, account: account)
        let read = try JSONDecoder().decode(DecisionInput.self, from: JSONEncoder().encode(input))
        #expect(OrderIntent(read.intent) == intent)
        #expect(OrderIntent(read.intent).decisionId == intent.decisionId)
        // A market order without an exit writes none of the new keys (older logs read the same).
        let plain = OrderIntent(strategy: "s", symbol: "XYZ", ruleId: "enter", time: 0, utcOffset: nil, side: .buy, action: .buy,
                                qty: 1, notional: nil, price: 1, fractional: false)
        let text = String(decoding: try JSONEncoder().encode(DecisionInput(intent: plain, account: account).intent), as: UTF8.self)
        #expect(!text.contains("order_type") && !text.contains("exit_reason") && !text.contains("limit_price"))
    }
}
