import Audit
import MarketData
import Policy
@testable import RuleLanguage
import Testing
@testable import Engine
import Vocabulary

/// A sweep's runs share their indicator columns (`SeriesColumns`): each column is computed
/// once over the whole series and copied into every run's blocks. A run with shared columns
/// must report what a run computing its own does, bit for bit, whichever runs came before.
@Suite struct SharedColumnsTests {
    static let strategies = [0, 1, 2, 4].map { LoopEquivalenceTests.strategies[$0].yaml } + [
        // The same sub-expressions with other periods, as a sweep's combinations have them.
        """
        rules:
          - id: enter
            when: crosses_above(sma(close, 7), sma(close, 30)) and rsi(close, 14) < 70
            action: buy
            size: { percent_of_equity: 100 }
          - id: exit
            when: crosses_below(sma(close, 10), sma(close, 30)) or close < bb_lower(close, 20, 2)
            action: sell_all
        """,
    ]

    func run(_ yaml: String, series: [BarSeries], prepared: PreparedBars?, from: Int64?) throws -> (BacktestResult, [AuditRecord]) {
        let base = LoopEquivalenceTests()
        let c = try base.core(yaml, policy: LoopEquivalenceTests.policies[1].yaml, symbols: series.map(\.symbol), fractional: false)
        let log = MemoryAuditLog()
        let ref = FileRef(name: "eq", file: "s.yaml", sha256: "")
        let b = Backtester(core: c, series: series, options: .init(from: from), audit: log,
                           records: DecisionRecords(mode: .backtest, strategy: ref, policy: ref),
                           prepared: prepared)
        if let prepared {
            // Every kernel that does not read the account comes from the shared columns.
            let given = prepared.shared?[0].columns(for: c.strategy).count ?? 0
            #expect(given > 0 && given == c.strategy.columnKeys.compactMap { $0 }.count, "every indicator column is shared")
        }
        return (try b.run(), log.records)
    }

    @Test func runsWithSharedColumnsAreRunsWithTheirOwn() throws {
        let base = LoopEquivalenceTests()
        var other = walk(3_000, seed: 52)
        other = BarSeries(symbol: "OTHER", times: other.times, open: other.open, high: other.high, low: other.low, close: other.close,
                          volume: other.volume)
        for series in [[walk(3_000, seed: 51)], [walk(3_000, seed: 51), other]] {
            let from = series[0].times[400]
            let shared = PreparedBars(series: series, to: nil, shareColumns: true)
            // Twice over, so the second round reads only columns the first computed.
            for round in 0..<2 {
                for (k, yaml) in Self.strategies.enumerated() {
                    let own = try run(yaml, series: series, prepared: nil, from: from)
                    base.expectSame(try run(yaml, series: series, prepared: shared, from: from), own,
                                    "\(series.count) symbols / strategy \(k) / round \(round)")
                }
            }
        }
    }

    /// Past its budget a cache hands out no more columns; the run computes its own.
    @Test func pastTheBudgetRunsComputeTheirOwn() throws {
        let series = walk(1_000, seed: 53)
        let c = try LoopEquivalenceTests().core(Self.strategies[4], policy: LoopEquivalenceTests.policies[0].yaml, symbols: ["SYM"],
                                                fractional: false)
        let columns = BarColumns(series, upTo: series.count, sessions: false)
        defer { columns.deallocate() }
        let bars = BarPointers(open: columns.open, high: columns.high, low: columns.low, close: columns.close, volume: columns.volume)
        let small = SeriesColumns(bars: bars, count: series.count, inputs: [:], budget: 2 * (series.count + 1) * 8)
        #expect(small.columns(for: c.strategy).count == 2)
        #expect(SeriesColumns(bars: bars, count: series.count, inputs: [:], budget: 0).columns(for: c.strategy).isEmpty)
    }
}
