/// Calls of the indicators: a series and a period (`sma(close, 20)`), Bollinger bands,
/// MACD, and the indicators of the whole bar (`atr(14)`).
extension ExpressionChecker {
    static let maxBandWidth = 100.0

    mutating func checkIndicator(_ indicator: Indicator, _ args: [Expr], _ expr: Expr) -> Typed? {
        let name = indicator.rawValue
        guard arity(name, args, expected: 2, expr) else { return nil }
        let series = numericSeries(args[0], for: name)
        let period = constantWholeNumber(args[1], min: indicator.minimumPeriod, max: Self.maxPeriod, code: .badPeriod,
                                         what: "the period of \(name)")
        guard let series, let period else { return nil }
        return Typed(expr: .indicator(indicator, series.expr, period), kind: .series)
    }

    mutating func checkBand(_ band: Band, _ args: [Expr], _ expr: Expr) -> Typed? {
        let name = band.rawValue
        guard arity(name, args, expected: 3, expr, help: "write \(name)(close, 20, 2): the band 2 standard deviations from sma(close, 20)")
        else { return nil }
        let series = numericSeries(args[0], for: name)
        let period = constantWholeNumber(args[1], min: 2, max: Self.maxPeriod, code: .badPeriod, what: "the period of \(name)")
        let width = constantNumber(args[2], min: 0, max: Self.maxBandWidth,
                                   what: "the width of \(name) (how many standard deviations)")
        guard let series, let period, let width else { return nil }
        return Typed(expr: .band(band, series.expr, period, width), kind: .series)
    }

    mutating func checkMACD(_ line: MACDLine, _ args: [Expr], _ expr: Expr) -> Typed? {
        let name = line.rawValue
        let example = line == .line ? "macd(close, 12, 26)" : "\(name)(close, 12, 26, 9)"
        guard arity(name, args, expected: line == .line ? 3 : 4, expr, help: "write \(name)(\(Self.signature(name))), e.g. \(example)")
        else { return nil }
        let series = numericSeries(args[0], for: name)
        let fast = constantWholeNumber(args[1], min: 2, max: Self.maxPeriod, code: .badPeriod, what: "the fast period of \(name)")
        let slow = constantWholeNumber(args[2], min: 2, max: Self.maxPeriod, code: .badPeriod, what: "the slow period of \(name)")
        let signal = line == .line
            ? 0 : constantWholeNumber(args[3], min: 1, max: Self.maxPeriod, code: .badPeriod, what: "the signal period of \(name)")
        guard let series, let fast, let slow, let signal else { return nil }
        guard fast < slow else {
            let both = args[1].range.lowerBound..<args[2].range.upperBound
            let swapped = "\(name)(\(series.expr.text), \(slow), \(fast)\(line == .line ? "" : ", \(signal)"))"
            report(.badPeriod, "the fast period of \(name) (\(fast)) must be shorter than its slow period (\(slow))", both,
                   help: fast > slow ? "the fast period comes first: \(swapped)" : "use a shorter fast period, e.g. \(example)")
            return nil
        }
        return Typed(expr: .macd(line, series.expr, fast: fast, slow: slow, signal: signal), kind: .series)
    }

    mutating func checkBarIndicator(_ indicator: BarIndicator, _ args: [Expr], _ expr: Expr) -> Typed? {
        let name = indicator.rawValue
        guard arity(name, args, expected: 1, expr,
                    help: "\(name) reads each bar's \(indicator.reads) itself: write \(name)(14)") else { return nil }
        guard let period = constantWholeNumber(args[0], min: indicator.minimumPeriod, max: Self.maxPeriod, code: .badPeriod,
                                               what: "the period of \(name)") else { return nil }
        return Typed(expr: .barIndicator(indicator, period), kind: .series)
    }

    /// A number known before the run in `min...max` (a band's width).
    mutating func constantNumber(_ arg: Expr, min: Double, max: Double, what: String) -> Double? {
        guard let typed = check(arg) else { return nil }
        guard typed.kind == .constant, case .number(let value) = typed.expr else {
            report(.badPeriod, "\(what) must be a number known before the run, not \(typed.kind.words)", arg.range,
                   help: "use a number such as 2, or a name from params:")
            return nil
        }
        guard value >= min, value <= max else {
            report(.badPeriod, "\(what) must be a number from \(Expr.format(min)) to \(Expr.format(max)), not \(Expr.format(value))",
                   arg.range, help: "use a value between \(Expr.format(min)) and \(Expr.format(max)), such as 2")
            return nil
        }
        return value
    }
}

extension Indicator {
    /// The smallest period that has a meaning (a spread needs two values; TA-Lib's bounds).
    var minimumPeriod: Int { self == .stdev || self == .wma ? 2 : 1 }
}
