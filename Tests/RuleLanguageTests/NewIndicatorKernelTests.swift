import Foundation
import Testing
@testable import RuleLanguage

/// The indicators added with TA-Lib's list (stdev, bands, wma, roc, the bar indicators and
/// values) against slow, obvious formulas on the same numbers, and the checker's answers
/// for them. TA-Lib's own values are in `TALibKnownValuesTests`.
@Suite struct NewIndicatorKernelTests {
    static let closes: [Double] = (0..<400).map { (i: Int) -> Double in
        let wave: Double = 10 * sin(Double(i) / 7)
        return 100 + wave + Double(i % 5) - Double(i % 3) * 0.7
    }

    /// Every bar of `closes` with high/low around it and a volume that varies.
    static func bars(_ closes: [Double]) -> (open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double]) {
        let open = closes.indices.map { $0 == 0 ? closes[0] : closes[$0 - 1] }
        return (open, closes.indices.map { max(open[$0], closes[$0]) + 0.25 * Double($0 % 4) },
                closes.indices.map { min(open[$0], closes[$0]) - 0.3 * Double($0 % 3) }, closes,
                closes.indices.map { 1_000 + Double($0 % 9) * 150 })
    }

    func values(_ expression: String, closes: [Double] = closes, sessions: [Int64]? = nil) throws -> [Double] {
        let input = ExpressionInput(expression, params: [:], dailyBars: nil)
        let checked = try #require(input.expression, "\(input.render())")
        let b = Self.bars(closes)
        return EvalProgram([checked]).run(open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume,
                                          sessions: sessions, cash: 10_000)[0]
    }

    func expectClose(_ a: [Double], _ b: [Double], tolerance: Double = 1e-9, _ what: String = "") {
        #expect(a.count == b.count)
        for (i, (x, y)) in zip(a, b).enumerated() {
            if x.isNaN || y.isNaN {
                #expect(x.isNaN && y.isNaN, "\(what) bar \(i): \(x) vs \(y)")
            } else {
                #expect(abs(x - y) <= tolerance * max(1, abs(y)), "\(what) bar \(i): \(x) vs \(y)")
            }
        }
    }

    /// Population standard deviation of `xs[from...to]`, in two passes.
    static func exactStdev(_ xs: ArraySlice<Double>) -> Double {
        let mean = xs.reduce(0, +) / Double(xs.count)
        return (xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count)).squareRoot()
    }

    @Test func stdevIsThePopulationDeviationOfTheWindow() throws {
        let c = Self.closes
        expectClose(try values("stdev(close, 20)"), c.indices.map { t in t < 19 ? .nan : Self.exactStdev(c[(t - 19)...t]) })
        expectClose(try values("stdev(close, 2)"), c.indices.map { t in t < 1 ? .nan : abs(c[t] - c[t - 1]) / 2 })
    }

    /// Running sums of x and x² (TA-Lib's method) lose the digits a deviation needs when the
    /// values sit far from zero; the kernel stays exact over a long series.
    @Test func stdevStaysExactFarFromZeroOverALongSeries() throws {
        var state: UInt64 = 7
        let xs: [Double] = (0..<100_000).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return 1_000_000 + Double(i) * 0.01 + Double(state >> 40) / Double(1 << 24)
        }
        let n = 50
        let ours = try values("stdev(close, \(n))", closes: xs)
        var sum = 0.0, squares = 0.0, worstNaive = 0.0, worstOurs = 0.0
        for t in xs.indices {
            sum += xs[t]
            squares += xs[t] * xs[t]
            if t >= n {
                sum -= xs[t - n]
                squares -= xs[t - n] * xs[t - n]
            }
            guard t >= n - 1 else { continue }
            let exact = Self.exactStdev(xs[(t - n + 1)...t])
            let naive = (max(squares / Double(n) - (sum / Double(n)) * (sum / Double(n)), 0)).squareRoot()
            worstNaive = max(worstNaive, abs(naive - exact) / exact)
            worstOurs = max(worstOurs, abs(ours[t] - exact) / exact)
        }
        #expect(worstNaive > 1e-6, "the running-sum method should lose precision here (it is off by \(worstNaive))")
        #expect(worstOurs < 1e-10, "stdev is off by \(worstOurs) relative")
    }

    @Test func bandsAreTheAverageAndKDeviations() throws {
        let sma = try values("sma(close, 20)"), sd = try values("stdev(close, 20)")
        let upper = try values("bb_upper(close, 20, 2.5)"), lower = try values("bb_lower(close, 20, 2.5)")
        for t in sma.indices {
            #expect(upper[t].bitPattern == (sma[t] + 2.5 * sd[t]).bitPattern || (upper[t].isNaN && t < 19))
            #expect(lower[t].bitPattern == (sma[t] - 2.5 * sd[t]).bitPattern || (lower[t].isNaN && t < 19))
        }
    }

    @Test func wmaWeightsTheNewestMost() throws {
        let c = Self.closes, n = 7
        let expected = c.indices.map { t -> Double in
            guard t >= n - 1 else { return .nan }
            return (0..<n).reduce(0.0) { $0 + Double($1 + 1) * c[t - n + 1 + $1] } / Double(n * (n + 1) / 2)
        }
        expectClose(try values("wma(close, 7)"), expected)
    }

    @Test func rocIsAPercentChangeAndHasNoValueFromZero() throws {
        let c = Self.closes
        expectClose(try values("roc(close, 10)"), c.indices.map { t in t < 10 ? .nan : (c[t] / c[t - 10] - 1) * 100 })
        let withZero = try values("roc(close - 100, 1)", closes: [100, 101, 100, 102])
        #expect(withZero[1].isNaN && withZero[2] == -100 && withZero[3].isNaN)
    }

    @Test func trueRangeAndWildersATR() throws {
        let b = Self.bars(Self.closes), n = 14
        let tr = b.close.indices.map { t -> Double in
            t == 0 ? .nan : max(b.high[t] - b.low[t], abs(b.high[t] - b.close[t - 1]), abs(b.low[t] - b.close[t - 1]))
        }
        expectClose(try values("true_range"), tr)
        var atr: [Double] = [], value = Double.nan
        for t in tr.indices {
            if t == n { value = tr[1...n].reduce(0, +) / Double(n) } else if t > n { value = (value * Double(n - 1) + tr[t]) / Double(n) }
            atr.append(value)
        }
        expectClose(try values("atr(14)"), atr)
        expectClose(try values("atr(1)"), tr)
    }

    @Test func obvAddsUpAndSubtractsDownVolume() throws {
        let b = Self.bars(Self.closes)
        var obv: [Double] = []
        for t in b.close.indices {
            let previous = obv.last ?? 0
            obv.append(t == 0 ? b.volume[0] : previous + (b.close[t] > b.close[t - 1] ? b.volume[t] : b.close[t] < b.close[t - 1] ? -b.volume[t] : 0))
        }
        expectClose(try values("obv"), obv, tolerance: 0)
    }

    @Test func willrIsWhereTheCloseSitsInTheRange() throws {
        let b = Self.bars(Self.closes), n = 14
        let expected = b.close.indices.map { t -> Double in
            guard t >= n - 1 else { return .nan }
            let hh = b.high[(t - n + 1)...t].max()!, ll = b.low[(t - n + 1)...t].min()!
            return -100 * (hh - b.close[t]) / (hh - ll)
        }
        expectClose(try values("willr(14)"), expected)
    }

    @Test func vwapStartsAgainEachSession() throws {
        let closes: [Double] = [10, 11, 12, 20, 21, 22]
        let sessions: [Int64] = [19_000, 19_000, 19_000, 19_001, 19_001, 19_001]
        let b = Self.bars(closes)
        var expected: [Double] = [], pv = 0.0, volume = 0.0
        for t in closes.indices {
            if t == 0 || sessions[t] != sessions[t - 1] { pv = 0; volume = 0 }
            pv += (b.high[t] + b.low[t] + b.close[t]) / 3 * b.volume[t]
            volume += b.volume[t]
            expected.append(pv / volume)
        }
        expectClose(try values("vwap", closes: closes, sessions: sessions), expected)
        // Without sessions (no times given) vwap has no value rather than a made-up one.
        #expect(try values("vwap", closes: closes).allSatisfy { $0.isNaN })
    }

    @Test func lookbacksOfTheNewIndicators() throws {
        let cases: [(String, Int)] = [
            ("stdev(close, 20)", 19), ("bb_upper(close, 20, 2)", 19), ("wma(close, 10)", 9), ("roc(close, 10)", 10),
            ("macd(close, 12, 26)", 25), ("macd_signal(close, 12, 26, 9)", 33), ("macd_hist(close, 5, 35, 5)", 38),
            ("atr(14)", 14), ("adx(14)", 27), ("cci(20)", 19), ("mfi(14)", 14), ("willr(14)", 13),
            ("true_range", 1), ("obv", 0), ("sma(atr(14), 5)", 18), ("stdev(roc(close, 1), 20)", 20),
        ]
        for (expression, lookback) in cases {
            let input = ExpressionInput(expression, params: [:], dailyBars: nil)
            #expect(input.expression?.lookback == lookback, "\(expression)")
            // The first value arrives exactly when the warm-up says.
            #expect(try values(expression).firstIndex { !$0.isNaN } == lookback, "\(expression)")
        }
    }

    @Test func vwapIsAnErrorOnDailyBarsAndFineIntraday() {
        func lint(_ timeframe: String?) -> [Diagnostic] {
            let yaml = "strategy: t\nsymbols: [SPY]\n" + (timeframe.map { "timeframe: \($0)\n" } ?? "")
                + "rules:\n  - id: r\n    when: close > vwap\n    action: buy\n    size: { shares: 1 }\n"
            return Linter().lint(text: yaml, path: "t.yaml").diagnostics
        }
        for daily in [nil, "1Day"] {
            let found = lint(daily)
            #expect(found.map(\.code) == [.intradayOnly])
            #expect(found.first?.span == SourceSpan(file: "t.yaml", line: daily == nil ? 5 : 6, column: 19, length: 4))
        }
        #expect(lint("5Min").isEmpty)
        #expect(lint("1Hour").isEmpty)
    }

    @Test func theCheckerExplainsTheNewSignatures() {
        func messages(_ when: String) -> [String] {
            let yaml = "strategy: t\nsymbols: [SPY]\nrules:\n  - id: r\n    when: \(when)\n    action: buy\n    size: { shares: 1 }\n"
            return Linter().lint(text: yaml, path: "t.yaml").diagnostics.map { "\($0.code) \($0.message) | \($0.help ?? "")" }
        }
        #expect(messages("atr(close, 14) > 1") == ["E023 atr takes 1 argument (period), got 2 | atr reads each bar's high, low and close itself: write atr(14)"])
        #expect(messages("bb_uper(close, 20, 2) > close") == ["E021 unknown function 'bb_uper' | did you mean 'bb_upper'?"])
        #expect(messages("macd(close, 26, 12) > 0") == ["E025 the fast period of macd (26) must be shorter than its slow period (12) | the fast period comes first: macd(close, 12, 26)"])
        #expect(messages("macd_signal(close, 12, 26) > 0").first?.hasPrefix("E023 macd_signal takes 4 arguments (series, fast, slow, signal), got 3") == true)
        #expect(messages("bb_upper(close, 20, volume) > close").first?.hasPrefix("E025 the width of bb_upper (how many standard deviations) must be a number known before the run") == true)
        #expect(messages("stdev(close, 1) > 0").first?.hasPrefix("E025 the period of stdev must be a whole number from 2 to 5000, not 1") == true)
        #expect(messages("obv(10) > 0") == ["E021 'obv' is a value, not a function | for an earlier bar write obv[1]; to compare write e.g. obv > 0"])
        #expect(messages("adx > 25") == ["E024 'adx' is a function and needs arguments | call it like adx(period)"])
        #expect(messages("obv > obv[1] and true_rnage > 1") == ["E022 unknown name 'true_rnage' | did you mean 'true_range'?"])
        #expect(messages("wma(14) > 0").first?.hasPrefix("E023 wma takes 2 arguments (series, period), got 1") == true)
    }
}
