import Foundation
import Testing
@testable import RuleLanguage

/// Each compiled indicator against a slow, obvious formula on the same numbers.
@Suite struct IndicatorKernelTests {
    static let closes: [Double] = (0..<300).map { (i: Int) -> Double in
        let wave: Double = 10 * sin(Double(i) / 7)
        return 100 + wave + Double(i % 5) - Double(i % 3) * 0.7
    }

    /// Compiles `when: <expr> > -1e12` and returns the value of `<expr>` after every bar.
    func values(_ expression: String) throws -> [Double] {
        let yaml = """
        strategy: t
        symbols: [SPY]
        rules:
          - id: r
            when: \(expression) > -1000000000000
            action: buy
            size: { shares: 1 }
        """
        let checked = try #require(Linter().lint(text: yaml, path: "t.yaml").strategy)
        let compiled = StrategyCompiler.compile(checked)
        let state = compiled.makeState()
        var out: [Double] = []
        for c in Self.closes {
            compiled.advance(state, open: c, high: c + 1, low: c - 1, close: c, volume: 1000, position: 0, positionValue: 0, equity: 1, cash: 1)
            out.append(compiled.observedValues(rule: 0, in: state)[0].value)
        }
        return out
    }

    func expectClose(_ a: [Double], _ b: [Double], tolerance: Double = 1e-9) {
        #expect(a.count == b.count)
        for (i, (x, y)) in zip(a, b).enumerated() {
            if x.isNaN || y.isNaN {
                #expect(x.isNaN && y.isNaN, "bar \(i): \(x) vs \(y)")
            } else {
                #expect(abs(x - y) <= tolerance * max(1, abs(y)), "bar \(i): \(x) vs \(y)")
            }
        }
    }

    @Test func smaMatchesWindowAverage() throws {
        let c = Self.closes
        let expected = c.indices.map { t in t < 9 ? Double.nan : c[(t - 9)...t].reduce(0, +) / 10 }
        expectClose(try values("sma(close, 10)"), expected)
    }

    @Test func emaIsSeededWithTheSimpleAverage() throws {
        let c = Self.closes, n = 5, alpha = 2.0 / Double(n + 1)
        var expected: [Double] = [], ema = Double.nan
        for t in c.indices {
            if t < n - 1 { expected.append(.nan); continue }
            ema = t == n - 1 ? c[0..<n].reduce(0, +) / Double(n) : alpha * c[t] + (1 - alpha) * ema
            expected.append(ema)
        }
        expectClose(try values("ema(close, 5)"), expected)
    }

    @Test func rsiIsWildersAndNeedsNChanges() throws {
        let c = Self.closes, n = 14
        var expected: [Double] = [], gain = 0.0, loss = 0.0
        for t in c.indices {
            guard t >= 1 else { expected.append(.nan); continue }
            let change = c[t] - c[t - 1]
            let g = max(change, 0), l = max(-change, 0)
            if t <= n {
                gain += g; loss += l
                if t < n { expected.append(.nan); continue }
                gain /= Double(n); loss /= Double(n)
            } else {
                gain = (gain * Double(n - 1) + g) / Double(n)
                loss = (loss * Double(n - 1) + l) / Double(n)
            }
            expected.append(loss == 0 ? 100 : 100 - 100 / (1 + gain / loss))
        }
        expectClose(try values("rsi(close, 14)"), expected)
    }

    @Test func highestLowestAndHistory() throws {
        let c = Self.closes
        expectClose(try values("highest(close, 20)"), c.indices.map { t in t < 19 ? .nan : c[(t - 19)...t].max()! })
        expectClose(try values("lowest(close, 20)"), c.indices.map { t in t < 19 ? .nan : c[(t - 19)...t].min()! })
        expectClose(try values("close[3]"), c.indices.map { t in t < 3 ? .nan : c[t - 3] })
        expectClose(try values("sma(close[2], 4)"), c.indices.map { t in t < 5 ? .nan : c[(t - 5)...(t - 2)].reduce(0, +) / 4 })
    }

    @Test func nestedIndicatorsWaitForTheirInput() throws {
        let c = Self.closes
        let inner = c.indices.map { t in t < 4 ? Double.nan : c[(t - 4)...t].reduce(0, +) / 5 }
        let expected = c.indices.map { t in t < 6 ? Double.nan : inner[(t - 2)...t].reduce(0, +) / 3 }
        expectClose(try values("sma(sma(close, 5), 3)"), expected)
    }

    @Test func arithmeticAndMinMax() throws {
        let c = Self.closes
        expectClose(try values("(high - low) / 2 + close * 0.5"), c.map { 1 + $0 * 0.5 })
        expectClose(try values("max(close, 105) - min(close, 95)"), c.map { max($0, 105) - min($0, 95) })
        expectClose(try values("abs(close - 100)"), c.map { abs($0 - 100) })
    }

    @Test func lookbackIsComputedStatically() throws {
        let cases: [(String, Int)] = [
            ("close > 0", 0), ("sma(close, 10) > 0", 9), ("ema(close, 10) > 0", 9), ("rsi(close, 14) > 0", 14),
            ("close[5] > 0", 5), ("crosses_above(sma(close, 10), sma(close, 30))", 30),
            ("sma(sma(close, 5), 3) > 0", 6), ("highest(close[1], 20) > close", 20),
        ]
        for (expression, lookback) in cases {
            let yaml = "strategy: t\nsymbols: [SPY]\nrules:\n  - id: r\n    when: \(expression)\n    action: buy\n    size: { shares: 1 }\n"
            let checked = try #require(Linter().lint(text: yaml, path: "t.yaml").strategy, "\(expression)")
            #expect(checked.rules[0].lookback == lookback, "\(expression)")
        }
    }

    @Test func crossingsFireOnlyOnTheCrossingBar() throws {
        let yaml = """
        strategy: t
        symbols: [SPY]
        rules:
          - id: up
            when: crosses_above(close, 100)
            action: buy
            size: { shares: 1 }
          - id: down
            when: crosses_below(close, 100)
            action: sell_all
        """
        let compiled = StrategyCompiler.compile(try #require(Linter().lint(text: yaml, path: "t.yaml").strategy))
        let state = compiled.makeState()
        var fired: [Int?] = []
        for c in [99.0, 100, 101, 102, 100, 99, 99, 101] {
            compiled.advance(state, open: c, high: c, low: c, close: c, volume: 1, position: 0, positionValue: 0, equity: 1, cash: 1)
            fired.append(compiled.firingRule(state))
        }
        // 100 → 101 crosses above (100 ≤ 100 then 101 > 100); 100 → 99 crosses below.
        #expect(fired == [nil, nil, 0, nil, nil, 1, nil, 0])
    }
}
