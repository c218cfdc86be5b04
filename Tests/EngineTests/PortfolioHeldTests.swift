import MarketData
import Testing
import Vocabulary
@testable import Engine

/// The portfolio's held symbols and round trips, changed in place at each fill: the first
/// position to open and the only one to close take a short path (`Portfolio.setHeld`), every
/// other change the general one. Both must leave the same list, in symbol order, so that
/// equity is the same sum in the same order whichever path ran.
struct PortfolioHeldTests {
    private static func portfolio(symbols: [String]) -> Portfolio {
        let series = symbols.map { symbol in
            BarSeries(symbol: symbol, times: (0..<10).map { Int64($0) * 86_400 }, open: Array(repeating: 100, count: 10),
                      high: Array(repeating: 100, count: 10), low: Array(repeating: 100, count: 10),
                      close: Array(repeating: 100, count: 10), volume: Array(repeating: 1, count: 10))
        }
        return Portfolio(times: BarTimes(series: series), cash: 100_000)
    }

    /// Cash plus each position at its mark, symbols in ascending order: what `equity` must be.
    private static func expectedEquity(_ p: Portfolio, cash: Double, marks: [Double]) -> Double {
        var total = cash
        for s in marks.indices where p.position(s) != 0 { total += p.position(s) * marks[s] }
        return total
    }

    @Test func heldSymbolsStayInSymbolOrderWhicheverPathRan() {
        let symbols = ["AAA", "BBB", "CCC", "DDD"]
        let p = Self.portfolio(symbols: symbols)
        let marks = [101.25, 99.5, 250.125, 7.75]
        for (s, mark) in marks.enumerated() { p.setMark(s, mark) }
        // (symbol, side, shares, price): opens and closes in an order that is not symbol
        // order, a short among them, partial sales, the last position closing and a new
        // first one opening again.
        let fills: [(Int, Side, Double, Double)] = [
            (2, .buy, 10, 250), (0, .buy, 5, 101), (3, .sellShort, 40, 8), (2, .sell, 4, 251), (1, .buy, 3, 99),
            (0, .sell, 5, 102), (2, .sell, 6, 252), (3, .buyToCover, 40, 7.5), (1, .sell, 3, 100),
            (3, .buy, 2, 7.7), (3, .sell, 2, 7.8), (1, .sellShort, 7, 99.5), (0, .buy, 1, 101.5), (1, .buyToCover, 7, 99.25),
        ]
        var cash = 100_000.0
        var shares = [Double](repeating: 0, count: symbols.count)
        for (bar, fill) in fills.enumerated() {
            let (s, side, qty, price) = fill
            p.fill(symbol: s, side: side, qty: qty, price: price, commission: 0.5, bar: Int32(bar % 10), closedBy: 0)
            Portfolio.settle(side: side, qty: qty, price: price, commission: 0.5, cash: &cash, position: &shares[s])
            #expect(p.cash == cash)
            #expect(p.position(s) == shares[s])
            let held = symbols.indices.filter { shares[$0] != 0 }
            #expect(p.openPositions.map(\.symbol) == held.map { symbols[$0] }, "after fill \(bar)")
            #expect(p.hasPositions == !held.isEmpty)
            #expect(p.equity.bitPattern == Self.expectedEquity(p, cash: cash, marks: marks).bitPattern, "after fill \(bar)")
            var visited: [Int] = []
            p.forEachHeld { visited.append($0) }
            #expect(visited == held)
        }
        // Round trips: AAA 5 @ 101 → 102; CCC 10 @ 250 → 4 @ 251 + 6 @ 252; DDD short 40 @ 8 → 7.5;
        // BBB 3 @ 99 → 100; DDD 2 @ 7.7 → 7.8; BBB short 7 @ 99.5 → 99.25. AAA's second buy is open.
        let trades = p.trades
        #expect(trades.map(\.symbol) == ["AAA", "CCC", "DDD", "BBB", "DDD", "BBB"])
        #expect(trades.map(\.qty) == [5, 10, 40, 3, 2, 7])
        let aaa: Double = 5.0 * 102 - 5.0 * 101 - 1.0
        let ccc: Double = (4.0 * 251 + 6.0 * 252) - 10.0 * 250 - 1.5
        let dddShort: Double = 40.0 * 8 - 40.0 * 7.5 - 1.0
        let bbb: Double = 3.0 * 100 - 3.0 * 99 - 1.0
        let ddd: Double = 2.0 * 7.8 - 2.0 * 7.7 - 1.0
        let bbbShort: Double = 7.0 * 99.5 - 7.0 * 99.25 - 1.0
        #expect(trades.map(\.pnl) == [aaa, ccc, dddShort, bbb, ddd, bbbShort])
        #expect(p.openPositions.map(\.symbol) == ["AAA"])
        #expect(p.openPositions.first?.costBasis == 101.5)
    }
}
