import Engine
import MarketData
import RuleLanguage

/// The indicators a strategy's rules compute over price, as lines for each symbol's price
/// chart: every `sma`/`ema`/`wma`/`highest`/`lowest`/`bb_upper`/`bb_lower` call whose input
/// is a price (a bar's open, high, low or close, or an average of them), and `vwap`, each
/// labelled like the rule text (`sma(close, 10)`). The values come from the engine's own
/// kernels (`EvalProgram` compiles them with the strategy compiler and runs them over the
/// symbol's bars from the first), so a point on a line is the value a rule saw on that bar.
/// Oscillators and other values off the price axis (`rsi`, `macd`, `atr`, an average of
/// volume) are named in `leftOut`, not drawn.
struct PriceIndicators {
    /// The calls to draw, in the order the rules first use them, each once.
    let drawn: [TypedExpr]
    /// The text of every other indicator call in the rules, in the same order.
    let leftOut: [String]

    init(strategy: CheckedStrategy) {
        var drawn: [TypedExpr] = [], leftOut: [String] = [], seen: Set<String> = []
        func visit(_ e: TypedExpr) {
            if Self.isCall(e), seen.insert(e.text).inserted {
                if Self.isOnPrice(e) { drawn.append(e) } else { leftOut.append(e.text) }
            }
            for child in e.children { visit(child) }
        }
        for rule in strategy.rules { visit(rule.condition) }
        self.drawn = drawn
        self.leftOut = leftOut
    }

    /// Each drawn line's value after every bar of `series` (`values[line][bar]`), NaN in
    /// its warm-up; empty when nothing is drawn.
    func values(over series: BarSeries) -> [[Double]] {
        guard !drawn.isEmpty else { return [] }
        let program = EvalProgram(drawn)
        // No drawn line reads the account (`priceWeight` refuses it), so the cash is moot.
        return program.run(open: series.open, high: series.high, low: series.low, close: series.close, volume: series.volume,
                           sessions: program.needsSession ? series.times.indices.map(series.tradingDay) : nil,
                           inputs: InputColumns.columns(program.inputs, of: series), cash: 0)
    }

    /// A function of the language: what a reader would call an indicator.
    private static func isCall(_ e: TypedExpr) -> Bool {
        switch e {
        case .indicator, .band, .macd, .barIndicator, .barValue: return true
        default: return false
        }
    }

    /// Drawn on the price axis: a smoothing or channel of a price, or `vwap`.
    private static func isOnPrice(_ e: TypedExpr) -> Bool {
        switch e {
        case .indicator(.sma, let x, _), .indicator(.ema, let x, _), .indicator(.wma, let x, _),
             .indicator(.highest, let x, _), .indicator(.lowest, let x, _), .band(_, let x, _, _):
            return priceWeight(x).map { abs($0 - 1) < 1e-9 } ?? false
        case .barValue(.vwap): return true
        default: return false
        }
    }

    /// `k` when `x` moves like `k` × a price plus a constant (`close` 1, `(high + low) / 2`
    /// 1, `high - low` 0, a number 0); nil when it is not linear in prices (volume, the
    /// account, oscillators, products of prices). An input of weight 1 lives on the price
    /// axis; `close - close[1]` (weight 0) or `2 * close` do not.
    static func priceWeight(_ x: TypedExpr) -> Double? {
        switch x {
        case .number: return 0
        case .field(let f): return f == .volume ? nil : 1
        case .barValue(.vwap): return 1
        case .lag(let a, _), .indicator(.sma, let a, _), .indicator(.ema, let a, _), .indicator(.wma, let a, _),
             .indicator(.highest, let a, _), .indicator(.lowest, let a, _), .band(_, let a, _, _):
            return priceWeight(a)
        case .negate(let a): return priceWeight(a).map { -$0 }
        case .arithmetic(let op, let a, let b):
            guard let wa = priceWeight(a), let wb = priceWeight(b) else { return nil }
            switch op {
            case .add: return wa + wb
            case .subtract: return wa - wb
            case .multiply:
                if case .number(let n) = a { return n * wb }
                if case .number(let n) = b { return wa * n }
                return nil
            case .divide:
                if case .number(let n) = b, n != 0 { return wa / n }
                return nil
            case .min, .max: return wa == wb ? wa : nil
            }
        default: return nil
        }
    }
}
