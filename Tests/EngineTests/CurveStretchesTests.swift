import MarketData
import Testing
@testable import Engine

/// A one-symbol run in blocks keeps its equity curve as stretches between fills over the
/// series' own closes: a million-bar run holds a stretch per fill, not two numbers per bar.
/// Its points are those of the other loops, which keep each point, to the bit.
@Suite struct CurveStretchesTests {
    typealias S = EngineScenario

    static let longShort = S.strategyText("""
      - id: go-long
        when: crosses_above(sma(close, 2), sma(close, 5))
        action: buy
        size: { percent_of_equity: 90 }
      - id: go-short
        when: crosses_below(sma(close, 2), sma(close, 5))
        action: sell_short
        size: { percent_of_equity: 50 }
    """)
    static let shorts = "policy: shorts\nlimits:\n  max_short_notional: 1000000\n"

    static let bars = S.closes("XYZ", (0..<700).map { 100 + 9 * ((Double($0) * 0.29).truncatingRemainder(dividingBy: 2) - 1) })

    static func bits(_ figures: EquityCurve.Figures) -> [UInt64] { figures.map(\.bitPattern) }

    /// From the first bar, after a warm-up, and cut short by `to` (the series' closes are
    /// longer than the run's).
    @Test(arguments: [(nil, nil), (S.firstDay + 40, nil), (S.firstDay + 40, S.firstDay + 500)] as [(Int64?, Int64?)])
    func aBlockRunKeepsAStretchPerFillOverTheSeriesCloses(from: Int64?, to: Int64?) throws {
        let run = { (general: Bool) in
            try S.run(Self.longShort, policy: Self.shorts, series: [Self.bars], from: from.map { $0 * 86_400 },
                      to: to.map { $0 * 86_400 }, generalLoop: general)
        }
        let blocks = try run(false), general = try run(true)
        let marks = try #require(blocks.curve.marks)
        #expect(general.curve.marks == nil)
        #expect(blocks.curve == general.curve)
        #expect(Self.bits(blocks.curve.equity) == Self.bits(general.curve.equity))
        #expect(Self.bits(blocks.curve.invested) == Self.bits(general.curve.invested))
        #expect(blocks.curve.pointEquity.isEmpty && blocks.curve.pointInvested.isEmpty)
        let fills = blocks.orders.filter { $0.status == .filled }.count
        #expect(fills > 10 && marks.stretches.count <= fills + 1, "\(marks.stretches.count) stretches for \(fills) fills")
        #expect(marks.stretches.contains { $0.shares < 0 } && marks.stretches.contains { $0.shares > 0 })
        let shared = marks.closes.withUnsafeBufferPointer { a in Self.bars.close.withUnsafeBufferPointer { $0.baseAddress == a.baseAddress } }
        #expect(shared)
        // A lone point (a binary search for its stretch) reads what reading in order reads.
        let equity = blocks.curve.equity
        #expect(equity.indices.allSatisfy { equity[$0].bitPattern == general.curve.pointEquity[$0].bitPattern })
    }

    /// A stretch is `cash + shares × close` and `|shares × close|` at each of its points (no
    /// value held without shares, whatever the close); one account appended twice in a row is
    /// one stretch, but not an account that differs in a bit (−0 is not +0).
    @Test func stretchesGiveEachPointTheEnginesFigures() {
        let closes: [Double] = [50, 100, 0, 50, .nan, 7, 3, .infinity, 4, 9]
        var curve = EquityCurve()
        curve.startMarks(closes: closes, first: 1)
        let account: [(count: Int, cash: Double, shares: Double)] = [(1, 1_000, 0), (1, 1_000, -2), (2, 1_000, -2), (2, 800, 3),
                                                                     (1, 0.0, 0), (1, -0.0, 0), (1, -0.0, 0)]
        for a in account { curve.appendMarks(cash: a.cash, shares: a.shares, count: a.count) }
        curve.appendMarks(cash: 5, shares: 5, count: 0)
        var want: [(Double, Double)] = []
        for a in account {
            for _ in 0..<a.count {
                let close = closes[1 + want.count]
                want.append((a.cash + a.shares * close, a.shares == 0 ? 0 : abs(a.shares * close)))
            }
        }
        #expect(curve.marks?.stretches.map(\.end) == [1, 4, 6, 7, 9])
        #expect(Self.bits(curve.equity) == want.map(\.0.bitPattern))
        #expect(Self.bits(curve.invested) == want.map(\.1.bitPattern))
        #expect((0..<9).map { curve.invested[$0].bitPattern } == want.map(\.1.bitPattern))
        #expect(curve.equity.count == 9 && curve.invested[6] == 0 && curve.equity[6].isNaN && curve.equity[1] == 1_000)
        #expect(curve.firstNonFiniteEquity() == 3)
    }
}
