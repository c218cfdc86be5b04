import Foundation
import Testing
@testable import RuleLanguage

/// The indicators on the first 80 bars of the bundled SPY file against values TA-Lib 0.8.1
/// printed for the same bars (`talib.STDDEV(close, 20, 1)`, `talib.MACD(close, 12, 26, 9)`,
/// ...; for `macd` alone `talib.MACD(close, 12, 26, 1)[0]`). `scripts/check-indicators.py`
/// compares every bar of every bundled file in CI; this keeps the kernels honest in
/// `swift test` alone, without Python: the same first bar with a value, the same values.
@Suite struct TALibKnownValuesTests {
    /// (expression, TA-Lib's first bar with a value, values on some bars)
    static let expected: [(String, Int, [Int: Double])] = [
        ("stdev(close, 20)", 19, [19: 1.4804636942525806, 33: 2.3874368578037823, 40: 1.563908884813949, 79: 1.1887602786096345]),
        ("bb_upper(close, 20, 2)", 19, [19: 99.33742738850516, 33: 105.2243737156076, 40: 106.00481776962793, 79: 113.66452055721933]),
        ("bb_lower(close, 20, 2)", 19, [19: 93.41557261149485, 33: 95.67462628439246, 40: 99.74918223037214, 79: 108.90947944278079]),
        ("wma(close, 20)", 19, [19: 96.66771428571427, 33: 101.70342857142855, 40: 103.71280952380947, 79: 111.18728571428557]),
        ("roc(close, 10)", 10, [19: 3.5496102801769513, 33: 3.16796174536762, 40: 2.999804572991982, 79: -2.73972602739726]),
        ("true_range", 1, [19: 0.9699999999999989, 33: 1.3700000000000045, 40: 0.9699999999999989, 79: 1.6800000000000068]),
        ("atr(14)", 14, [19: 1.7946738431159637, 33: 1.4536575870904265, 40: 1.3276126951033012, 79: 1.491721733223467]),
        ("macd(close, 12, 26)", 25, [33: 1.9807820363583346, 40: 2.0018208700635114, 79: 0.5254458717151493]),
        ("macd_signal(close, 12, 26, 9)", 33, [33: 1.860533338330037, 40: 1.9724280084235377, 79: 1.1050619667696036]),
        ("macd_hist(close, 12, 26, 9)", 33, [33: 0.12024869802829752, 40: 0.029392861639973678, 79: -0.5796160950544542]),
        ("adx(14)", 27, [33: 19.62104759515719, 40: 23.66763423655939, 79: 25.53166869136491]),
        ("cci(20)", 19, [19: 127.09775617420361, 33: 96.80433563819848, 40: 120.21092669432866, 79: -183.36483931947015]),
        ("mfi(14)", 14, [19: 49.20618932175789, 33: 89.3966501288308, 40: 81.40184476839362, 79: 34.40027464312984]),
        ("willr(14)", 13, [19: -14.450867052023112, 33: -4.714640198511109, 40: -6.981519507186921, 79: -82.7882960413081]),
        ("obv", 0, [19: 15555400.0, 33: 35786800.0, 40: 45016200.0, 79: 49917700.0]),
    ]

    static func spy(first count: Int) throws -> (open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double]) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data/daily/SPY.csv")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().prefix(count)
        let rows = lines.map { $0.split(separator: ",").dropFirst().map { Double($0)! } }
        return (rows.map { $0[0] }, rows.map { $0[1] }, rows.map { $0[2] }, rows.map { $0[3] }, rows.map { $0[4] })
    }

    @Test(arguments: expected.map(\.0))
    func agreesWithTALib(_ expression: String) throws {
        let (_, firstBar, values) = try #require(Self.expected.first { $0.0 == expression })
        let bars = try Self.spy(first: 80)
        let input = ExpressionInput(expression, params: [:], dailyBars: nil)
        let checked = try #require(input.expression, "\(input.render())")
        let program = EvalProgram([checked])
        let ours = program.run(open: bars.open, high: bars.high, low: bars.low, close: bars.close, volume: bars.volume,
                               sessions: nil, cash: 10_000)[0]
        #expect(ours.firstIndex { !$0.isNaN } == firstBar, "\(expression): first value")
        for (bar, value) in values {
            #expect(abs(ours[bar] - value) <= 1e-12 * max(abs(value), 1), "\(expression) on bar \(bar): \(ours[bar]) vs TA-Lib \(value)")
        }
    }
}
