@testable import RuleLanguage
import Testing

/// A sweep compiles each combination from a template of its shape (`StrategyTemplate`):
/// over a grid, every combination's renumbered program is the one the compiler builds from
/// the strategy checked with those params, field for field — `fast = slow` (two values
/// that share a slot), params used in several places, params as numbers of expressions,
/// exits, order prices and shorts.
@Suite struct StrategyTemplateTests {
    static let crossover = """
        strategy: t
        symbols: [SPY]
        timeframe: 1Day
        params: { fast: 10, slow: 30 }
        rules:
          - id: enter-long
            when: crosses_above(sma(close, fast), sma(close, slow))
            action: buy
            size: { percent_of_equity: 100 }
          - id: exit-long
            when: crosses_below(sma(close, fast), sma(close, slow))
            action: sell_all
        """

    /// Params in periods, history indexes, bands, MACD, a whole-bar indicator, member lists
    /// and plain numbers; several params equal to each other or to a number of the file.
    static let numbers = """
        strategy: t
        symbols: [SPY]
        timeframe: 1Day
        params: { fast: 10, slow: 30, k: 2, level: 30 }
        rules:
          - id: enter
            when: close > bb_upper(close, slow, k) * 1.01 and rsi(close, fast) > level and close[fast] < close and month in [k, 3]
            action: buy
            size: { percent_of_equity: 50 }
          - id: add
            when: macd_signal(close, fast, slow, 9) < macd(close, fast, slow) and atr(fast) > stdev(close, slow) / k - level
            action: buy
            size: { shares: 1 }
          - id: leave
            when: crosses_below(ema(close, fast), wma(close, slow)) or highest(high, slow) - lowest(low, fast) > close * k / 100
            action: sell_all
        """

    /// Exits at prices, a limit order, a stop order, and shorts.
    static let orders = """
        strategy: t
        symbols: [SPY]
        timeframe: 1Day
        params: { fast: 10, slow: 30, k: 2 }
        exits:
          stop_loss: { price: "lowest(low, fast)" }
          take_profit: { percent: 15 }
          max_bars: 20
        rules:
          - id: go-long
            when: crosses_above(sma(close, fast), sma(close, slow))
            action: buy
            size: { percent_of_equity: 100 }
            order: { type: limit, limit: "close * (1 - k / 100)", time_in_force: gtc, expire_bars: 3 }
          - id: go-short
            when: crosses_below(sma(close, fast), sma(close, slow))
            action: sell_short
            size: { percent_of_equity: 100 }
            order: { type: stop, stop: "lowest(low, slow) - k", time_in_force: gtc, expire_bars: 5 }
          - id: cover
            when: position < 0 and close > highest(high, fast)
            action: buy_to_cover
            size: { percent_of_equity: 100 }
        """

    @Test func aCrossoverGridIsTheFullCompileWithTwoShapes() throws {
        let result = try Self.sweep(Self.crossover, ["fast": [1, 2, 3, 5, 8, 13], "slow": [1, 2, 3, 5, 8, 13, 21]])
        #expect(result.mismatches == [])
        // The grid's fast = slow combinations share one slot: a shape of their own.
        #expect(result.shapes == 2)
        #expect(result.templated == 42)
    }

    @Test func numbersOfExpressionsAndParamsInSeveralPlaces() throws {
        // MACD's fast period must be shorter than its slow one; k and level meet fast, slow
        // and the numbers of the file (2, 3, 30).
        let result = try Self.sweep(Self.numbers, ["fast": [2, 3, 9], "slow": [10, 30], "k": [1, 2, 2.5, 3], "level": [1, 9, 30, 70]])
        #expect(result.mismatches == [])
        #expect(result.shapes > 2)
        #expect(result.templated == 3 * 2 * 4 * 4)
    }

    @Test func exitsOrderPricesAndShorts() throws {
        let result = try Self.sweep(Self.orders, ["fast": [5, 10, 30], "slow": [10, 30, 50], "k": [0.5, 1, 2, 10]])
        #expect(result.mismatches == [])
        #expect(result.templated == 3 * 3 * 4)
    }

    /// A shape the template was not made for compiles to nil, never to another program.
    @Test func anotherShapeIsNotTemplated() throws {
        let strategy = try Self.strategy(Self.crossover)
        let template = try #require(StrategyTemplate(try strategy.with(params: [("fast", 5), ("slow", 20)], source: nil)))
        #expect(template.compile(try strategy.with(params: [("fast", 7), ("slow", 7)], source: nil)) == nil)
        #expect(template.compile(try strategy.with(params: [("fast", 7), ("slow", 9)], source: nil)) != nil)
    }

    /// Every combination of `grid` checked and compiled in full, and from the templates of
    /// the shapes met (made as a sweep makes them, on the first combination of each shape).
    static func sweep(_ yaml: String, _ grid: [String: [Double]]) throws -> (mismatches: [String], shapes: Int, templated: Int) {
        let strategy = try Self.strategy(yaml)
        #expect(StrategyTemplate.templates(strategy))
        let names = grid.keys.sorted()
        var combinations: [[(name: String, value: Double)]] = [[]]
        for name in names {
            combinations = combinations.flatMap { c in grid[name]!.map { c + [(name, $0)] } }
        }
        var templates: [StrategyTemplate] = []
        var mismatches: [String] = []
        var templated = 0
        for params in combinations {
            let shown = params.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
            let checked = try strategy.with(params: params, source: nil)
            var compiled = templates.lazy.compactMap { $0.compile(checked) }.first
            if compiled == nil, let template = StrategyTemplate(checked) {
                templates.append(template)
                compiled = template.compile(checked)
            }
            guard let compiled else { mismatches.append("\(shown): no template"); continue }
            templated += 1
            let full = StrategyCompiler.compile(checked)
            if Self.program(compiled) != Self.program(full) { mismatches.append(shown) }
        }
        return (mismatches, templates.count, templated)
    }

    static func strategy(_ yaml: String) throws -> CheckedStrategy {
        let file = Linter().lint(text: yaml, path: "t.yaml")
        return try #require(file.strategy, "\(file.diagnostics)")
    }

    /// Everything a compiled strategy holds, as text (doubles by their bits).
    static func program(_ c: CompiledStrategy) -> [String] {
        func array<T>(_ p: UnsafeMutablePointer<T>, _ n: Int) -> String { "\(Array(UnsafeBufferPointer(start: p, count: n)))" }
        let observed = c.observedStart[c.ruleCount]
        let ops = Array(UnsafeBufferPointer(start: c.ops, count: c.ruleStart[c.ruleCount]))
        let constants = ops.filter { $0.code == .member }.map { Int($0.b + $0.c) }.max() ?? 0
        return [
            array(c.kernels, c.kernelCount), array(c.previousFrom, c.previousCount), array(c.previousTo, c.previousCount),
            array(c.ops, c.ruleStart[c.ruleCount]), array(c.ruleStart, c.ruleCount + 1), array(c.lookbacks, c.ruleCount),
            "\(c.stackDepth)", "\(c.plan)", "\(c.columnKeys)", "\(c.initialRegisters.map(\.bitPattern))",
            "\(c.initialMemory.map(\.bitPattern))", "\(c.initialCounters)", array(c.observedSlots, observed),
            array(c.observedStart, c.ruleCount + 1), "\(c.sessionSlot)", "\(c.inputs)", array(c.inputSlots, c.inputs.count),
            "\(c.entrySlots)", "\(c.readsEntry)", "\(c.hasOrdersWithLife)", "\(c.rules)", "\(c.lookback)",
            array(c.constants, constants), "\(c.source.params)", "\(c.source.rules.map { $0.condition.text })",
        ]
    }
}
