import Foundation
import Testing
@testable import RuleLanguage

/// `BlockEvaluator` against the bar-by-bar `advance`/`firingRule` on the same bars and the
/// same account: on every row the same rule fires and every observed value is the same
/// double, bit for bit, whatever the block size and wherever the account changes.
@Suite struct BlockEvaluatorTests {
    /// Conditions over every kernel and condition op; some read the account.
    static let conditions = [
        "crosses_above(sma(close, 10), sma(close, 30))",
        "crosses_below(ema(close, 7), close) or rsi(close, 14) > 65",
        "close > highest(high[1], 12) and not (close < lowest(low[2], 6))",
        "((close - open) / open * 100 >= 0.3) != (volume in [1000, 2000])",
        "max(sma(close, 3), close[4]) - min(open, ema(close, 9)) > abs(close - sma(close, 20)) / 2",
        "position == 0 and close > sma(close, 15)",
        "equity - cash > 0 and crosses_below(close, sma(close, 8)) or position_value > 3000",
        "-close < -101 and true",
        "false or close <= open",
        // Two averages of one column share a loop (`Kernel.runPair`), the longer first here.
        "crosses_below(sma(close, 12), sma(close, 5)) or sma(open, 4) > sma(open, 9)",
        // Every comparison, with NaN (0 / 0 where close equals open) on some rows.
        "(close - open) / (close - open) >= 1 and close != open[1] or close == 100.3 or (close - open) / (close - open) < 0",
    ]

    /// The indicators of the whole bar, the bands, MACD and the rest, some over each other;
    /// `vwap` reads a session that changes every seven bars.
    static let indicatorConditions = [
        "crosses_above(close, bb_upper(close, 20, 2)) or close < bb_lower(close, 10, 1.5)",
        "macd_hist(close, 12, 26, 9) > 0 and crosses_above(macd(close, 12, 26), macd_signal(close, 12, 26, 9))",
        "stdev(close, 15) > sma(stdev(close, 5), 10) and wma(close, 9) > wma(close, 30)",
        "roc(close, 5) > 1.2 or roc(sma(close, 3), 2) < -1",
        "true_range > 1.5 * atr(14) or atr(3) < 0.4",
        "adx(7) > 30 and cci(14) < -50",
        "mfi(10) < 35 or willr(12) > -5",
        "crosses_above(obv, sma(obv, 12)) and close > vwap",
        "crosses_below(close, vwap) and position > 0",
    ]

    static let closes: [Double] = (0..<1_500).map { (i: Int) -> Double in
        let x = Double(i)
        let slow: Double = 8 * sin(x / 11), fast: Double = 3 * sin(x / 3.7)
        return 100 + slow + fast + Double(i % 7) * 0.3
    }

    func compile(_ rules: [String], timeframe: String = "1Day") throws -> CompiledStrategy {
        var yaml = "strategy: t\nsymbols: [SPY]\ntimeframe: \(timeframe)\nrules:\n"
        for (i, when) in rules.enumerated() {
            yaml += "  - id: r\(i)\n    when: \(when)\n    action: buy\n    size: { shares: 1 }\n"
        }
        let file = Linter().lint(text: yaml, path: "t.yaml")
        let checked = try #require(file.strategy, "\(file.diagnostics.map(\.message))")
        return StrategyCompiler.compile(checked)
    }

    /// The account on bar t: it changes every so often, as fills would change it.
    func account(_ t: Int) -> (position: Double, cash: Double) {
        let step = t / 37
        return step % 3 == 0 ? (0, 10_000) : (Double(step % 5 * 10), 10_000 - Double(step % 5) * 900)
    }

    func bar(_ t: Int) -> (open: Double, high: Double, low: Double, close: Double, volume: Double) {
        let c = Self.closes[t], o = t == 0 ? c : Self.closes[t - 1]
        return (o, max(o, c) + 0.5, min(o, c) - 0.5, c, t % 3 == 0 ? 1000 : 1500)
    }

    func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    @Test(arguments: [8, 24, 256])
    func blocksGiveWhatBarsGive(capacity: Int) throws {
        try expectBlocksGiveWhatBarsGive(Self.conditions, capacity: capacity, days: nil)
    }

    @Test(arguments: [8, 24, 256])
    func theNewerIndicatorsInBlocksGiveWhatBarsGive(capacity: Int) throws {
        let days = (0..<Int64(Self.closes.count)).map { 19_000 + $0 / 7 }
        try expectBlocksGiveWhatBarsGive(Self.indicatorConditions, capacity: capacity, days: days)
    }

    /// Runs `conditions` bar by bar and a block at a time over the same bars, account and
    /// sessions (`days`), and compares every firing and every observed value bit for bit.
    func expectBlocksGiveWhatBarsGive(_ conditions: [String], capacity: Int, days: [Int64]?) throws {
        let strategy = try compile(conditions, timeframe: days == nil ? "1Day" : "1Hour")
        #expect(strategy.runsInBlocks)
        let n = Self.closes.count
        // Bar by bar, remembering what fired and what each rule saw.
        let state = strategy.makeState()
        var fired: [Int?] = [], seen: [[[Double]]] = []
        for t in 0..<n {
            let b = bar(t), a = account(t)
            if let days { strategy.setSession(StrategyState.Handle(state), day: days[t]) }
            strategy.advance(state, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume,
                             position: a.position, positionValue: a.position * b.close, equity: a.cash + a.position * b.close, cash: a.cash)
            fired.append(strategy.firingRule(state))
            seen.append(strategy.rules.indices.map { r in strategy.observedValues(rule: r, in: state).flatMap { [$0.value, $0.previous ?? .nan] } })
        }
        // The same bars a block at a time.
        let columns: [[Double]] = (0..<5).map { (f: Int) -> [Double] in
            (0..<n).map { (t: Int) -> Double in
                let b = bar(t)
                return [b.open, b.high, b.low, b.close, b.volume][f]
            }
        }
        let pointers = columns.map { c -> UnsafeMutablePointer<Double> in
            let p = UnsafeMutablePointer<Double>.allocate(capacity: n)
            p.initialize(from: c, count: n)
            return p
        }
        defer { pointers.forEach { $0.deallocate() } }
        let dayPointer = days.map { d -> UnsafeMutablePointer<Int64> in
            let p = UnsafeMutablePointer<Int64>.allocate(capacity: n)
            p.initialize(from: d, count: n)
            return p
        }
        defer { dayPointer?.deallocate() }
        let bars = BarPointers(open: pointers[0], high: pointers[1], low: pointers[2], close: pointers[3], volume: pointers[4],
                               days: dayPointer.map { UnsafePointer($0) })
        let blockState = strategy.makeState()
        let evaluator = BlockEvaluator(strategy: strategy, state: blockState, capacity: capacity)
        var start = 0, mismatches = 0
        let out = UnsafeMutablePointer<Double>.allocate(capacity: 64)
        defer { out.deallocate() }
        while start < n {
            let count = min(evaluator.capacity, n - start)
            evaluator.run(bars, start: start, count: count, position: account(start).position, cash: account(start).cash)
            for row in 1..<count where account(start + row) != account(start + row - 1) {
                evaluator.accountChanged(atRow: row, position: account(start + row).position, cash: account(start + row).cash)
            }
            var row = 0
            for t in start..<start + count {
                let next = evaluator.nextFiring(from: row)
                let firesHere = next == t - start
                if firesHere != (fired[t] != nil) || (firesHere && evaluator.firedRule(atRow: t - start) != fired[t]) { mismatches += 1 }
                if firesHere { row = next + 1 }
                for r in strategy.rules.indices {
                    evaluator.copyObserved(rule: r, row: t - start, to: out)
                    let values = (0..<2 * strategy.observedCount(rule: r)).map { out[$0] }
                    if !zip(values, seen[t][r]).allSatisfy(same) { mismatches += 1 }
                }
            }
            start += count
        }
        #expect(mismatches == 0)
        // The bars are read where they lie from the second block on, never written.
        #expect((0..<5).allSatisfy { f in (0..<n).allSatisfy { pointers[f][$0].bitPattern == columns[f][$0].bitPattern } })
        #expect(fired.compactMap { $0 }.count > 100, "the conditions should fire")
        // The state left behind is the bar-by-bar state: the register file matches.
        #expect(strategy.observedValues(rule: 1, in: blockState).map(\.value) == strategy.observedValues(rule: 1, in: state).map(\.value))
    }

    @Test func anIndicatorOverTheAccountCannotRunInBlocks() throws {
        #expect(try !compile(["sma(equity, 5) > equity"]).runsInBlocks)
        #expect(try compile(["equity * 2 > cash"]).runsInBlocks)
    }
}
