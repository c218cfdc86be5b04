/// A checked expression: names resolved, parameters replaced by their values, every
/// node's type known. `StrategyCompiler` turns a strategy's into kernels and postfix
/// condition programs over a register file of slots (a policy's become closures over
/// `PolicyInputs`, evaluated once per order); `text` gives the operator-facing form used
/// in audit records (`sma(close, 10)`).
package indirect enum TypedExpr: Hashable, Sendable {
    case number(Double)
    case bool(Bool)
    case text(String)
    case field(BarField)
    case account(AccountValue)
    /// A value of the open position since its entry (`entry_price`, `bars_held`, …).
    case entry(EntryValue)
    case orderValue(OrderValue)
    case orderText(OrderText)
    case orderFlag(OrderFlag)
    /// `x[n]`: the value of x n bars ago.
    case lag(TypedExpr, Int)
    case indicator(Indicator, TypedExpr, Int)
    /// `bb_upper(x, n, k)`: the band `k` standard deviations from `sma(x, n)`.
    case band(Band, TypedExpr, Int, Double)
    /// `macd(x, fast, slow)`, `macd_signal(x, fast, slow, signal)`, `macd_hist(...)`; the
    /// line's `signal` is 0 (it has none).
    case macd(MACDLine, TypedExpr, fast: Int, slow: Int, signal: Int)
    /// `atr(14)`: an indicator of the whole bar.
    case barIndicator(BarIndicator, Int)
    /// `true_range`, `obv`, `vwap`.
    case barValue(BarValue)
    /// `day_of_week`, `hour`, …: the bar's start in New York time.
    case calendar(CalendarValue)
    /// `SPY.close`: a field of another symbol's bar at this bar's time (no value when that
    /// symbol has no bar at exactly this time).
    case reference(String, BarField)
    case negate(TypedExpr)
    case abs(TypedExpr)
    case arithmetic(ArithmeticOp, TypedExpr, TypedExpr)
    case compare(CompareOp, TypedExpr, TypedExpr)
    case logic(LogicOp, TypedExpr, TypedExpr)
    case not(TypedExpr)
    case crosses(CrossDirection, TypedExpr, TypedExpr)
    case member(TypedExpr, [TypedExpr])

    package enum ArithmeticOp: String, Sendable { case add = "+", subtract = "-", multiply = "*", divide = "/", min, max }
    package enum CompareOp: String, Sendable { case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!=" }
    package enum LogicOp: String, Sendable { case and, or }
    package enum CrossDirection: String, Sendable { case above = "crosses_above", below = "crosses_below" }

    /// The expression as an operator would write it, with parameters as numbers.
    package var text: String { render(parentPrecedence: 0, .identity) }

    /// The text of the expression whose numbers are `numbers`' values for this one's (a
    /// strategy template's expression read with one combination's values).
    package func text(_ numbers: Renumbering) -> String { render(parentPrecedence: 0, numbers) }

    private var precedence: Int {
        switch self {
        case .logic(.or, _, _): return 1
        case .logic(.and, _, _): return 2
        case .not: return 3
        case .compare, .member: return 4
        case .arithmetic(.add, _, _), .arithmetic(.subtract, _, _): return 5
        case .arithmetic(.multiply, _, _), .arithmetic(.divide, _, _): return 6
        case .negate: return 7
        default: return 8
        }
    }

    private func render(parentPrecedence: Int, _ v: Renumbering) -> String {
        let own: String
        switch self {
        case .number(let written):
            let n = v.double(written)
            own = n < 0 ? "-" + Expr.format(-n) : Expr.format(n)
        case .bool(let b): own = b ? "true" : "false"
        case .text(let s): own = "\"\(s)\""
        case .field(let f): own = f.name
        case .account(let a): own = a.name
        case .entry(let e): own = e.name
        case .orderValue(let value): own = value.name
        case .orderText(let t): own = t.name
        case .orderFlag(let f): own = f.name
        case .lag(let x, let n): own = "\(x.render(parentPrecedence: 8, v))[\(v.int(n))]"
        case .indicator(let i, let x, let n): own = "\(i.rawValue)(\(x.render(parentPrecedence: 0, v)), \(v.int(n)))"
        case .band(let b, let x, let n, let k):
            own = "\(b.rawValue)(\(x.render(parentPrecedence: 0, v)), \(v.int(n)), \(Expr.format(v.double(k))))"
        case .macd(.line, let x, let fast, let slow, _): own = "macd(\(x.render(parentPrecedence: 0, v)), \(v.int(fast)), \(v.int(slow)))"
        case .macd(let line, let x, let fast, let slow, let signal):
            own = "\(line.rawValue)(\(x.render(parentPrecedence: 0, v)), \(v.int(fast)), \(v.int(slow)), \(v.int(signal)))"
        case .barIndicator(let i, let n): own = "\(i.rawValue)(\(v.int(n)))"
        case .barValue(let value): own = value.rawValue
        case .calendar(let c): own = c.name
        case .reference(let symbol, let f): own = "\(symbol).\(f.name)"
        case .negate(let x): own = "-" + x.render(parentPrecedence: 7, v)
        case .abs(let x): own = "abs(\(x.render(parentPrecedence: 0, v)))"
        case .arithmetic(let op, let a, let b):
            if op == .min || op == .max {
                own = "\(op.rawValue)(\(a.render(parentPrecedence: 0, v)), \(b.render(parentPrecedence: 0, v)))"
            } else {
                let p = precedence
                own = "\(a.render(parentPrecedence: p, v)) \(op.rawValue) \(b.render(parentPrecedence: p + 1, v))"
            }
        case .compare(let op, let a, let b): own = "\(a.render(parentPrecedence: 5, v)) \(op.rawValue) \(b.render(parentPrecedence: 5, v))"
        case .logic(let op, let a, let b):
            own = "\(a.render(parentPrecedence: precedence, v)) \(op.rawValue) \(b.render(parentPrecedence: precedence + 1, v))"
        case .not(let x): own = "not " + x.render(parentPrecedence: 3, v)
        case .crosses(let d, let a, let b): own = "\(d.rawValue)(\(a.render(parentPrecedence: 0, v)), \(b.render(parentPrecedence: 0, v)))"
        case .member(let x, let items):
            own = "\(x.render(parentPrecedence: 5, v)) in [\(items.map { $0.render(parentPrecedence: 0, v) }.joined(separator: ", "))]"
        }
        return precedence < parentPrecedence ? "(\(own))" : own
    }

    /// Warm-up: how many bars must pass before this value is defined on a bar (0 = from the
    /// first bar). A rule is not evaluated before its condition's lookback.
    package var lookback: Int { lookback(.identity) }

    /// The warm-up of the expression whose numbers are `numbers`' values for this one's.
    package func lookback(_ v: Renumbering) -> Int {
        switch self {
        case .number, .bool, .text, .field, .account, .entry, .orderValue, .orderText, .orderFlag, .calendar, .reference: return 0
        case .lag(let x, let n): return x.lookback(v) + v.int(n)
        case .indicator(.rsi, let x, let n), .indicator(.roc, let x, let n): return x.lookback(v) + v.int(n)
        case .indicator(_, let x, let n), .band(_, let x, let n, _): return x.lookback(v) + v.int(n) - 1
        case .macd(.line, let x, _, let slow, _): return x.lookback(v) + v.int(slow) - 1
        case .macd(_, let x, _, let slow, let signal): return x.lookback(v) + v.int(slow) - 1 + v.int(signal) - 1
        case .barIndicator(let i, let n): return i.lookback(v.int(n))
        case .barValue(let value): return value.lookback
        case .negate(let x), .abs(let x), .not(let x): return x.lookback(v)
        case .arithmetic(_, let a, let b), .compare(_, let a, let b), .logic(_, let a, let b): return max(a.lookback(v), b.lookback(v))
        case .crosses(_, let a, let b): return max(a.lookback(v), b.lookback(v)) + 1
        case .member(let x, let items): return items.reduce(x.lookback(v)) { max($0, $1.lookback(v)) }
        }
    }

    /// Children, for walks that collect sub-expressions (audit values, unused params).
    package var children: [TypedExpr] {
        switch self {
        case .number, .bool, .text, .field, .account, .entry, .orderValue, .orderText, .orderFlag, .barIndicator, .barValue,
             .calendar, .reference:
            return []
        case .lag(let x, _), .indicator(_, let x, _), .band(_, let x, _, _), .macd(_, let x, _, _, _), .negate(let x), .abs(let x),
             .not(let x): return [x]
        case .arithmetic(_, let a, let b), .compare(_, let a, let b), .logic(_, let a, let b), .crosses(_, let a, let b): return [a, b]
        case .member(let x, let items): return [x] + items
        }
    }

    /// True when the value needs each bar's New York session (`vwap`), so intraday bars.
    package var readsSessions: Bool {
        if case .barValue(.vwap) = self { return true }
        return children.contains { $0.readsSessions }
    }

    /// The symbols whose bars the value reads besides its own (`SPY.close`), in order of first use.
    package var referenceSymbols: [String] {
        if case .reference(let symbol, _) = self { return [symbol] }
        var out: [String] = []
        for child in children { for s in child.referenceSymbols where !out.contains(s) { out.append(s) } }
        return out
    }

    /// When the value reads one other symbol's bars and nothing else but numbers
    /// (`sma(SPY.close, 200)`): that symbol, and the value over its own bars (`sma(close, 200)`),
    /// which the engine computes on that symbol's timeline before the run.
    package var ofOneReference: (symbol: String, own: TypedExpr)? {
        var symbol: String?
        func own(_ e: TypedExpr) -> TypedExpr? {
            switch e {
            case .number: return e
            case .reference(let s, let f):
                if let symbol, symbol != s { return nil }
                symbol = s
                return .field(f)
            case .lag(let x, let n): return own(x).map { .lag($0, n) }
            case .indicator(let i, let x, let n): return own(x).map { .indicator(i, $0, n) }
            case .band(let b, let x, let n, let k): return own(x).map { .band(b, $0, n, k) }
            case .macd(let l, let x, let fast, let slow, let signal): return own(x).map { .macd(l, $0, fast: fast, slow: slow, signal: signal) }
            case .negate(let x): return own(x).map { .negate($0) }
            case .abs(let x): return own(x).map { .abs($0) }
            case .arithmetic(let op, let a, let b):
                guard let a = own(a), let b = own(b) else { return nil }
                return .arithmetic(op, a, b)
            default: return nil
            }
        }
        guard let result = own(self), let symbol else { return nil }
        return (symbol, result)
    }

    /// True when the value reads the open position's entry values (`entry_price`, …).
    package var readsEntry: Bool {
        if case .entry = self { return true }
        return children.contains { $0.readsEntry }
    }

    package var isConstant: Bool {
        switch self {
        case .number, .bool, .text: return true
        default: return false
        }
    }
}
