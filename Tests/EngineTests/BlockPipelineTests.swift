import Audit
import Foundation
import MarketData
import Policy
import RuleLanguage
import Testing
@testable import Engine
import Vocabulary

/// With `Backtester.pipelines` on, a long run computes its blocks on a second core
/// (`BlockPipeline`) while the engine walks the finished ones. Nothing may change but the
/// time: the same orders, trades, curve and audit records as bar by bar, and a run that fails
/// midway still stops its thread.
@Suite struct BlockPipelineTests {
    /// The SMA 10/30 crossover of `LoopEquivalenceTests`.
    static let crossover = LoopEquivalenceTests.strategies[0].yaml
    static let readsPosition = """
        rules:
          - id: enter
            when: position == 0 and crosses_above(close, sma(close, 20))
            action: buy
            size: { percent_of_equity: 90 }
          - id: exit
            when: position > 0 and crosses_below(close, sma(close, 20))
            action: sell_all
        """
    static let limits = """
        policy: guarded
        limits:
          max_position_per_symbol: { percent_of_equity: 60 }
          approval_threshold: { notional: 4000 }
        """
    let equivalence = LoopEquivalenceTests()

    func backtester(_ strategy: String, series: BarSeries, audit: AuditSink) throws -> Backtester {
        let core = try equivalence.core(strategy, policy: Self.limits, symbols: [series.symbol], fractional: false)
        let ref = FileRef(name: "eq", file: "s.yaml", sha256: "")
        return Backtester(core: core, series: [series], options: .init(settings: ExecutionSettings()), audit: audit,
                          records: DecisionRecords(mode: .backtest, strategy: ref, policy: ref))
    }

    @Test func aLongRunTakesASecondThreadAndAgreesWithBarByBar() throws {
        // Over the bars from which a run takes the thread by default, with the default blocks.
        let series = walk(70_000, seed: 5)
        let log = MemoryAuditLog()
        let b = try backtester(Self.crossover, series: series, audit: log)
        b.pipelines = true
        let evaluator = try #require(b.core.blockEvaluator(symbol: 0, capacity: b.blockSize))
        #expect(b.pipeline(after: evaluator) != nil, "a long crossover run takes the pipeline")
        let piped = (try b.run(), log.records)
        let reference = try equivalence.run(Self.crossover, policy: Self.limits, series: [series], settings: ExecutionSettings(),
                                            loop: .barByBar)
        #expect(piped.0.orders.count > 1_000)
        equivalence.expectSame(piped, reference, "pipelined crossover")
    }

    @Test func aStrategyThatReadsTheAccountWaitsForItsFills() throws {
        let b = try backtester(Self.readsPosition, series: walk(70_000, seed: 6), audit: MemoryAuditLog())
        b.pipelines = true
        let evaluator = try #require(b.core.blockEvaluator(symbol: 0, capacity: b.blockSize))
        #expect(b.pipeline(after: evaluator) == nil)
    }

    @Test func aShortRunOrARunWithTheSwitchOffStaysOnOneThread() throws {
        let b = try backtester(Self.crossover, series: walk(2_000, seed: 7), audit: MemoryAuditLog())
        b.pipelines = true
        let evaluator = try #require(b.core.blockEvaluator(symbol: 0, capacity: b.blockSize))
        #expect(b.pipeline(after: evaluator) == nil, "2,000 bars do not pay for a thread")
        b.pipelineMinimumBars = 0
        #expect(b.pipeline(after: evaluator) != nil)
        b.pipelines = false
        #expect(b.pipeline(after: evaluator) == nil)
    }

    /// An engine that stops waiting for the producer at once computes the blocks the
    /// producer did not finish itself, continuing the same state: the same run.
    @Test func anEngineThatGivesUpOnTheProducerFinishesAlone() throws {
        let series = walk(20_000, seed: 8)
        let log = MemoryAuditLog()
        let b = try backtester(Self.crossover, series: series, audit: log)
        b.blockSize = 64
        b.pipelines = true
        b.pipelineMinimumBars = 0
        let first = try #require(b.core.blockEvaluator(symbol: 0, capacity: 64))
        let (pipeline, evaluators) = try #require(b.pipeline(after: first))
        pipeline.patience = 0
        pipeline.spinLimit = 0
        try b.runBlocks(pipeline, evaluators)
        let walked = b.entries.count
        let reference = try equivalence.run(Self.crossover, policy: Self.limits, series: [series], settings: ExecutionSettings(),
                                            loop: .barByBar)
        #expect(walked == reference.0.orders.count)
        #expect(b.portfolio.cash.bitPattern == reference.0.finalCash.bitPattern)
        #expect(log.records.map(\.body) == reference.1.map(\.body))
    }

    /// Several symbols: the windows of every symbol's blocks are the pipeline's units.
    @Test func severalSymbolsTakeASecondThreadAndAgreeWithTheTimeline() throws {
        let series = LoopEquivalenceSymbolsTests.symbols()
        let core = try equivalence.core(Self.crossover, policy: Self.limits, symbols: series.map(\.symbol), fractional: false)
        let b = Backtester(core: core, series: series, options: .init(), references: LoopEquivalenceSymbolsTests.reference)
        b.pipelines = true
        b.pipelineMinimumBars = 0
        b.blockSize = 32
        let piped = try b.run()
        let use = try #require(b.pipelineUse)
        #expect(use.units > 10 && use.computedAhead <= use.units)
        let timeline = try equivalence.run(Self.crossover, policy: Self.limits, series: series, settings: ExecutionSettings(),
                                           loop: .general, references: LoopEquivalenceSymbolsTests.reference)
        #expect(piped.orders.count == timeline.0.orders.count && piped.orders.count > 30)
        #expect(piped.finalCash.bitPattern == timeline.0.finalCash.bitPattern)
        #expect(piped.trades == timeline.0.trades)
    }

    /// The audit log fails at its 40th record: the run throws that error, and returns at
    /// all only if the producer thread stopped (the walk waits for it on the way out).
    @Test func aRunThatFailsMidwayStopsItsThread() throws {
        let b = try backtester(Self.crossover, series: walk(70_000, seed: 5), audit: FailingSink(after: 40))
        b.pipelines = true
        b.blockSize = 16
        #expect(throws: FailingSink.Failure.self) { try b.run() }
    }
}

/// An audit sink whose disk fills up after `after` records.
final class FailingSink: AuditSink, @unchecked Sendable {
    struct Failure: Error {}
    private let inner = MemoryAuditLog()
    private let after: Int
    private var count = 0

    init(after: Int) { self.after = after }

    func append(_ body: AuditBody, at: String, wall: String?) throws -> AuditRecord {
        count += 1
        guard count <= after else { throw Failure() }
        return try inner.append(body, at: at, wall: wall)
    }
}
