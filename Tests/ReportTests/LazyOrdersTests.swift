import Engine
import Foundation
import Report
import Testing

/// A backtest's report keeps its orders compact: each `OrderReport` is built when a writer
/// reads it, and the verdict, summary, violations and coverage count the decision log's
/// figures. The same orders built up front (a recorded run's report is made that way) give
/// the same JSON, text and HTML, byte for byte.
@Suite struct LazyOrdersTests {
    static let cases = StreamedJSONTests.cases + [
        ReferenceCase(name: "SMA with --approve-all", strategy: "strategies/sma.yaml", policy: "rules/limits.yaml",
                      settings: .init(approveAll: true)),
    ]

    @Test(arguments: cases)
    func countedFromTheLogAsFromBuiltOrders(_ c: ReferenceCase) throws {
        let output = try ReferenceHarness.engine(c)
        let lazy = output.report
        let r = lazy.result
        let built = BacktestResult(strategy: r.strategy, policy: r.policy, ruleIDs: r.ruleIDs, settings: r.settings, symbols: r.symbols,
                                   curve: r.curve, orders: r.orders, trades: r.trades, openPositions: r.openPositions,
                                   finalCash: r.finalCash, commissionsPaid: r.commissionsPaid, barsProcessed: r.barsProcessed)
        #expect(r.borrowFeesPaid == 0, "\(c.name): a result made from parts has no borrow fees")
        var eager = BacktestReport(result: built, benchmark: output.series.first { $0.symbol == c.benchmark }, from: nil, to: nil,
                                   dataNotes: lazy.dataNotes)
        eager.coverage = lazy.coverage
        #expect(lazy.orders.count > 10, "\(c.name): the test needs orders")
        #expect(lazy.approvals == eager.approvals, "\(c.name)")
        #expect(lazy.json() == eager.json(), "\(c.name)")
        #expect(lazy.text() == eager.text(), "\(c.name)")
        #expect(lazy.html(priceSeries: output.series) == eager.html(priceSeries: output.series), "\(c.name)")
    }
}
