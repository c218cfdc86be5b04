import Engine
import Foundation
import Report
import Testing

/// The worked example of docs/BACKTEST.md, figure by figure (computed by hand there).
/// 8 bars of XYZ, `crosses_above(close, sma(close, 3))` buys 50 % of equity,
/// `crosses_below` sells all; $0.01/share with a $1 minimum; 10 bps slippage.
@Suite struct WorkedExampleTests {
    static let example = ReferenceCase(
        name: "worked example", strategy: "Tests/Fixtures/reference/example.yaml", data: "Tests/Fixtures/reference/example",
        settings: ExecutionSettings(commissionPerShare: 0.01, commissionMinimum: 1, slippageBps: 10), benchmark: "XYZ")

    @Test func figuresMatchTheDocument() throws {
        let report = try ReferenceHarness.engine(Self.example).report
        let r = report.result
        #expect(r.orders.map(\.status) == [.filled, .filled, .unfilled])
        #expect(r.orders.map(\.decidedAt) == ["2024-01-05", "2024-01-09", "2024-01-11"])

        // Buy: decided at the 2024-01-05 close (101): notional 50 % × 10,000 = 5,000.
        // Fill 2024-01-08 at open 102 + 10 bps = 102.102; floor(5,000 / 102.102) = 48 shares;
        // commission max(1, 48 × 0.01) = 1.
        let buy = r.orders[0]
        #expect(buy.intent.notional == 5_000)
        #expect(buy.filledQty == 48)
        #expect(abs(buy.fillPrice! - 102.102) < 1e-9)
        #expect(buy.commission == 1)
        // Sell all: decided 2024-01-09 (close 100 < sma 101.67), fills 2024-01-10 at 99 − 10 bps = 98.901.
        let sell = r.orders[1]
        #expect(sell.filledQty == 48)
        #expect(abs(sell.fillPrice! - 98.901) < 1e-9)
        #expect(r.orders[2].note == "decided on the last bar: no next open to fill at")

        // Cash: 10,000 − 48 × 102.102 − 1 = 5,098.104; then + 48 × 98.901 − 1 = 9,844.352.
        #expect(abs(r.finalCash - 9_844.352) < 1e-9)
        let expected = [10_000, 10_000, 10_000, 10_000, 10_090.104, 9_898.104, 9_844.352, 9_844.352]
        #expect(zip(r.curve.equity, expected).allSatisfy { abs($0 - $1) < 1e-9 } && r.curve.count == 8)

        let trade = try #require(r.trades.first)
        #expect(r.trades.count == 1 && r.openPositions.isEmpty)
        #expect(trade.entryText == "2024-01-08" && trade.exitText == "2024-01-10" && trade.qty == 48)
        // pnl = 4,747.248 − 4,900.896 − 2 = −155.648; return = −155.648 / 4,900.896 = −3.1759 %.
        #expect(abs(trade.pnl - -155.648) < 1e-9)
        #expect(abs(trade.returnPct - -3.175909) < 1e-6)

        let m = report.metrics
        #expect(abs(m.finalEquity - 9_844.352) < 1e-9)
        #expect(abs(m.totalReturnPct - -1.55648) < 1e-9)
        // (10,090.104 − 9,844.352) / 10,090.104 = 2.43557 %.
        #expect(abs(m.maxDrawdownPct - 2.4355745) < 1e-6)
        #expect(m.exposurePct == 25)
        #expect(abs(m.sharpe! - -3.853743) < 1e-6)
        #expect(abs(m.sortino! - -4.381658) < 1e-6)
        // 9 calendar days: (0.98443520 ^ (365.25 / 9) − 1) × 100.
        #expect(abs(m.cagrPct! - -47.093236) < 1e-5)

        // Benchmark: floor(10,000 / 100) = 100 shares at the first open, held to the close of 103.
        let b = try #require(report.benchmark)
        #expect(b.shares == 100 && b.cashLeft == 0 && b.finalEquity == 10_300)
        #expect(abs(b.maxDrawdownPct - 6.730769) < 1e-6)
    }

    @Test func jsonRoundsEveryFigure() throws {
        let json = try ReferenceHarness.engine(Self.example).report.json()
        #expect(json.contains("\"final_equity\": 9844.35,"))
        #expect(json.contains("\"total_return_pct\": -1.5565,"))
        #expect(json.contains("\"max_drawdown_pct\": 2.4356,"))
        #expect(json.contains("\"sharpe\": -3.8537,"))
        #expect(json.contains("\"entry_price\": 102.102,"))
        #expect(json.contains("\"pnl\": -155.65,"))
        #expect(json.contains("\"return_pct\": -3.1759"))
        #expect(json.contains("\"fill_qty\": 48,"))
    }
}
