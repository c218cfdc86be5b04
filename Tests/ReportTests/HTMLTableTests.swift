import Foundation
import Testing
@testable import Report

/// The stats, violations, trades and orders tables.
@Suite struct HTMLTableTests {
    @Test func statsTableShowsTheMetrics() throws {
        let (report, prices) = try ReportFixtures.standard()
        let page = report.html(priceSeries: prices)
        let m = report.metrics, b = try #require(report.benchmarkMetrics)
        let expected: [(String, Double?, Double?, Double)] = [
            ("starting_cash", m.startingCash, b.startingCash, 0.005),
            ("final_equity", m.finalEquity, b.finalEquity, 0.005),
            ("total_return_pct", m.totalReturnPct, b.totalReturnPct, 0.005),
            ("cagr_pct", m.cagrPct, b.cagrPct, 0.005),
            ("max_drawdown_pct", -m.maxDrawdownPct, -b.maxDrawdownPct, 0.005),
            ("sharpe", m.sharpe, b.sharpe, 0.005),
            ("sortino", m.sortino, b.sortino, 0.005),
            ("exposure_pct", m.exposurePct, b.exposurePct, 0.005),
            ("win_rate_pct", report.winRatePct, nil, 0.005),
        ]
        for (key, mine, theirs, tolerance) in expected {
            let cells = HTMLInspection.statsCells(page, key: key)
            try #require(cells.count == 2, "row \(key)")
            for (cell, value) in zip(cells, [mine, theirs]) {
                if let value {
                    let shown = try #require(HTMLInspection.number(cell), "\(key): \(cell)")
                    #expect(abs(shown - value) <= tolerance, "\(key): shows \(cell), metric is \(value)")
                } else {
                    #expect(cell == "—")
                }
            }
        }
        #expect(HTMLInspection.statsCells(page, key: "final_equity")[0] == HTMLText.money(m.finalEquity))
        #expect(HTMLInspection.statsCells(page, key: "closed_trades")[0]
                == "\(report.result.trades.count) closed, \(report.result.openPositions.count) open")
        // The benchmark's own figures agree with BuyAndHold.
        let bench = try #require(report.benchmark)
        #expect(abs(b.finalEquity - bench.finalEquity) < 1e-9 && abs(b.maxDrawdownPct - bench.maxDrawdownPct) < 1e-9)
        #expect(b.exposurePct == 100)
    }

    @Test func violationsTableListsEveryRuleAndHighlightsTheOnesThatObjected() throws {
        let (report, prices) = try ReportFixtures.standard()
        let page = report.html(priceSeries: prices)
        let table = try #require(HTMLInspection.fragments(page, open: "<table class=\"violations\">", close: "</table>").first)
        let rows = HTMLInspection.fragments(table, open: "<tr", close: "</tr>").dropFirst()
        #expect(rows.count == report.violations.count)
        #expect(report.violations.contains { $0.block > 0 } && report.violations.contains { $0.needsApproval > 0 })
        #expect(report.violations.contains { $0.block + $0.needsApproval == 0 })
        for (row, v) in zip(rows, report.violations) {
            #expect(row.contains("<code>\(v.rule)</code>"))
            #expect(row.hasPrefix("<tr class=\"hit\">") == (v.block + v.needsApproval > 0))
            let counts = HTMLInspection.fragments(row, open: "<td class=\"n", close: "</td>").map { cell in
                String(cell[cell.range(of: ">")!.upperBound...].dropLast(5))
            }
            #expect(counts == [String(v.block), String(v.needsApproval)])
        }
        #expect(table.contains("Prices above 118 are out of this test&#39;s range."))
    }

    @Test func tradesAndOrdersTablesHaveOneRowEach() throws {
        let (report, prices) = try ReportFixtures.standard()
        let page = report.html(priceSeries: prices)
        let trades = try #require(HTMLInspection.fragments(page, open: "<table class=\"trades paged\">", close: "</table>").first)
        let tradeBody = try #require(HTMLInspection.fragments(trades, open: "<tbody>", close: "</tbody>").first)
        #expect(HTMLInspection.occurrences(of: "<tr>", in: tradeBody) == report.result.trades.count)
        let first = try #require(report.result.trades.first)
        #expect(tradeBody.contains("<td class=\"d\">\(first.entryText)</td><td class=\"n\">\(HTMLText.price(first.entryPrice))</td>"))
        let orders = try #require(HTMLInspection.fragments(page, open: "<table class=\"orders paged\">", close: "</table>").first)
        let orderBody = try #require(HTMLInspection.fragments(orders, open: "<tbody>", close: "</tbody>").first)
        #expect(HTMLInspection.occurrences(of: "<tr>", in: orderBody) == report.result.orders.count)
        for status in ["filled", "blocked", "needs approval"] {
            let shown = orderBody.contains(">\(status)</span>")
            #expect(shown, "an order \(status)")
        }
    }

    @Test func numberFormatsAreFixed() {
        #expect(HTMLText.fixed(1234.5, 2) == "1,234.50")
        #expect(HTMLText.fixed(-0.004, 2) == "0.00")
        #expect(HTMLText.fixed(-12.345, 1) == "-12.3")
        #expect(HTMLText.percent(3) == "3.00%")
        #expect(HTMLText.price(0.12345) == "$0.1235")
        #expect(HTMLText.quantity(102) == "102")
        #expect(HTMLText.coordinate(-0.04) == "0" && HTMLText.coordinate(12.25) == "12.3")
    }
}
