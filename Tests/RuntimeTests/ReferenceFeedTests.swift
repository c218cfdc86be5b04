import Alpaca
import Foundation
import RuleLanguage
import Testing
@testable import Runtime

/// The live runner fetches the symbols a condition reads (`SPY.close`) with the traded ones:
/// their bars travel with the next traded bar time, never as a bar time of their own, and
/// `sma(SPY.close, 2)` is computed over SPY's bars as they arrive.
@Suite struct ReferenceFeedTests {
    private func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    private func bar(_ day: String, _ close: Double) -> Bar {
        Bar(time: date(day + "T05:00:00Z"), open: close, high: close, low: close, close: close, volume: 1)
    }

    @Test func referenceBarsTravelWithTheNextTradedBar() throws {
        var feed = try BarFeed(symbols: ["AAA"], references: ["SPY"], timeframe: "1Day")
        #expect(feed.symbols == ["AAA", "SPY"])
        // SPY has a bar on the 9th, when AAA has none; AAA has one on the 11th, when SPY has none.
        let answer = ["AAA": [bar("2024-01-08", 1), bar("2024-01-10", 2), bar("2024-01-11", 3)],
                      "SPY": [bar("2024-01-08", 470), bar("2024-01-09", 472), bar("2024-01-10", 474)]]
        let groups = feed.accept(answer, now: date("2024-01-12T21:00:00Z"))
        #expect(groups.map(\.text) == ["2024-01-08", "2024-01-10", "2024-01-11"])
        #expect(groups.map { $0.entries.map(\.symbol) } == [[0], [0], [0]])
        #expect(groups.map { $0.references.map(\.bar.close) } == [[470], [472, 474], []])

        let strategy = try #require(Linter().lint(text: """
            strategy: filter
            symbols: [AAA]
            rules:
              - id: enter
                when: SPY.close > sma(SPY.close, 2)
                action: buy
                size: { percent_of_equity: 100 }
            """, path: "s.yaml").strategy)
        let values = ReferenceValues(strategy: StrategyCompiler.compile(strategy))
        var seen: [[Double]] = []
        for group in groups {
            values.advance(group.references)
            seen.append([0, 1].map { values.value(input: $0, at: group.time) })
        }
        // Inputs in compile order: SPY.close, then sma(SPY.close, 2) over SPY's own bars
        // (the 9th counts); nothing on the 11th, when SPY has no bar.
        #expect(seen[0][0] == 470 && seen[0][1].isNaN)
        #expect(seen[1] == [474, 473])
        #expect(seen[2].allSatisfy { $0.isNaN })
    }

    /// The runner stops at start (before any decision) when a symbol a condition reads got no
    /// bar in the warm-up history; this is what it asks.
    @Test func aReferenceSymbolWithoutBarsIsNamed() throws {
        var feed = try BarFeed(symbols: ["AAA"], references: ["SPY", "XYZ"], timeframe: "1Day")
        #expect(feed.referencesWithoutBars == ["SPY", "XYZ"])
        _ = feed.accept(["AAA": [bar("2024-01-08", 1)], "SPY": [bar("2024-01-08", 470)]], now: date("2024-01-12T21:00:00Z"))
        #expect(feed.referencesWithoutBars == ["XYZ"])
        let message = RuntimeError.noReferenceBars("s.yaml:5:11: error: the broker has no 1Day bars for XYZ").description
        #expect(message == "s.yaml:5:11: error: the broker has no 1Day bars for XYZ")
    }
}
