import Vocabulary

/// Resolves names and checks types of one parsed expression, reporting every problem it
/// finds (not only the first) at the exact characters inside the YAML string.
struct ExpressionChecker {
    static let maxPeriod = 5_000

    let kind: FileKind
    let params: [String: Double]
    /// Why the bars are daily, when they are (a strategy's `timeframe: 1Day`, `algobot eval`
    /// over a daily file): values that need intraday bars (`vwap`) are errors then.
    let dailyBars: String?
    /// The YAML scalar holding the expression: maps character ranges to file spans.
    let node: YAMLNode
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var usedParams: Set<String> = []

    init(kind: FileKind, params: [String: Double], node: YAMLNode, dailyBars: String? = nil) {
        self.kind = kind
        self.params = params
        self.node = node
        self.dailyBars = dailyBars
    }

    /// A condition to show in help lines, in the names of this kind of file.
    var exampleCondition: String { kind == .strategy ? "close > sma(close, 20)" : "price < 5" }

    func span(_ range: Range<Int>) -> SourceSpan {
        node.span(ofOffset: range.lowerBound, length: range.count)
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, _ range: Range<Int>, help: String? = nil, fix: String? = nil) {
        let s = span(range)
        let fixIt = fix.flatMap { node.contentStart == nil ? nil : Diagnostic.FixIt(span: s, replacement: $0) }
        diagnostics.append(Diagnostic(code, message, at: s, help: help, fixIt: fixIt))
    }

    mutating func check(_ expr: Expr) -> Typed? {
        switch expr.kind {
        case .number(let n):
            return Typed(expr: .number(n), kind: .constant)
        case .string(let s):
            return Typed(expr: .text(s), kind: .text)
        case .name(let name):
            return checkName(name, expr.range)
        case .call(let name, let args):
            return checkCall(name, args, expr)
        case .index(let base, let index):
            return checkIndex(base, index, expr)
        case .unary(let op, let operand):
            return checkUnary(op, operand, expr)
        case .binary(let op, let left, let right):
            return checkBinary(op, left, right, expr)
        case .list:
            report(.typeMismatch, "a list [ ... ] can only follow 'in'", expr.range,
                   help: "write e.g. symbol in [\"SPY\", \"QQQ\"]")
            return nil
        }
    }

    private mutating func checkName(_ name: String, _ range: Range<Int>) -> Typed? {
        if kind == .strategy, let value = params[name] {
            usedParams.insert(name)
            // NaN marks a param whose value the schema already rejected: stop quietly here.
            guard !value.isNaN else { return nil }
            return Typed(expr: .number(value), kind: .constant)
        }
        if name.utf8.contains(UInt8(ascii: ".")) { return checkReference(name, range) }
        if let meaning = NameTable.lookup(name, in: kind) {
            switch meaning {
            case .bool(let b): return Typed(expr: .bool(b), kind: .bool)
            case .field(let f): return Typed(expr: .field(f), kind: .series)
            case .account(let a): return Typed(expr: .account(a), kind: .series)
            case .entry(let e): return Typed(expr: .entry(e), kind: .series)
            case .orderValue(let v): return Typed(expr: .orderValue(v), kind: .orderNumber)
            case .orderText(let t): return Typed(expr: .orderText(t), kind: .text)
            case .orderFlag(let f): return Typed(expr: .orderFlag(f), kind: .bool)
            case .barValue(let v):
                if v == .vwap, let dailyBars {
                    report(.intradayOnly, "vwap needs intraday bars, but \(dailyBars)", range,
                           help: "vwap averages the prices of each New York session bar by bar; use it with an intraday timeframe "
                               + "(timeframe: 5Min) and intraday data, or on daily bars use e.g. sma(close, 20)")
                    return nil
                }
                return Typed(expr: .barValue(v), kind: .series)
            case .calendar(let c):
                if c == .hour || c == .minute, let dailyBars {
                    // A daily bar has a date and no time of day: the value is 0 on every bar.
                    report(.timeOfDayOnDailyBars, "\(c.name) is 0 on every daily bar, and \(dailyBars)", range,
                           help: "a daily bar has a trading date and no time of day; on daily bars use day_of_week, day_of_month "
                               + "or month, or give the strategy an intraday timeframe (timeframe: 1Hour) and intraday data")
                }
                return Typed(expr: .calendar(c), kind: .series)
            }
        }
        if NameTable.functions(in: kind).contains(name) {
            report(.typeMismatch, "'\(name)' is a function and needs arguments", range,
                   help: "call it like \(name)(\(Self.signature(name)))")
            return nil
        }
        let other = NameTable.otherKind(of: kind)
        if NameTable.lookup(name, in: other) != nil {
            report(.notAvailableHere, "'\(name)' is only available in \(other.rawValue) files", range,
                   help: kind == .strategy
                       ? "strategy conditions can use bar fields (open, high, low, close, volume), bar values (true_range, obv, vwap), calendar values (day_of_week, day_of_month, month, hour, minute), account values (position, position_value, equity, cash), the position's entry values (entry_price, bars_held, unrealized_pct, highest_since_entry, lowest_since_entry) and your params"
                       : "policy rules can use \(Suggestions.list(NameTable.names(in: .policy), conjunction: "and"))")
            return nil
        }
        let candidates = NameTable.names(in: kind) + (kind == .strategy ? params.keys.sorted() : [])
        if kind == .strategy, let calendar = CalendarValue.aliases[name.lowercased()] {
            report(.unknownName, "unknown name '\(name)'", range,
                   help: "did you mean '\(calendar.name)'? (the bar's start in New York time)", fix: calendar.name)
        } else if let guess = Suggestions.closest(to: name, in: candidates) {
            report(.unknownName, "unknown name '\(name)'", range, help: "did you mean '\(guess)'?", fix: guess)
        } else if kind == .strategy {
            report(.unknownName, "unknown name '\(name)'", range,
                   help: "use a bar field (open, high, low, close, volume), an account value (position, equity, cash) or add '\(name)' under params:")
        } else {
            report(.unknownName, "unknown name '\(name)'", range,
                   help: "policy rules can use \(Suggestions.list(NameTable.names(in: .policy), conjunction: "and")); put text in quotes, like \"SPY\"")
        }
        return nil
    }

    static func signature(_ function: String) -> String {
        switch function {
        case "sma", "ema", "rsi", "highest", "lowest", "stdev", "wma", "roc": return "series, period"
        case "bb_upper", "bb_lower": return "series, period, width"
        case "macd": return "series, fast, slow"
        case "macd_signal", "macd_hist": return "series, fast, slow, signal"
        case "atr", "adx", "cci", "mfi", "willr": return "period"
        case "abs": return "value"
        case "min", "max": return "a, b, ..."
        case "crosses_above", "crosses_below": return "a, b"
        default: return "..."
        }
    }

    /// A whole number known before the run, in `1...max` (periods, history indexes).
    mutating func constantWholeNumber(_ arg: Expr, min: Int, max: Int, code: DiagnosticCode, what: String) -> Int? {
        guard let typed = check(arg) else { return nil }
        guard typed.kind == .constant, case .number(let value) = typed.expr else {
            report(code, "\(what) must be a whole number known before the run, not \(typed.kind.words)", arg.range,
                   help: "use a number such as 20, or a name from params:")
            return nil
        }
        guard value.rounded() == value, value >= Double(min), value <= Double(max) else {
            report(code, "\(what) must be a whole number from \(min) to \(max), not \(Expr.format(value))", arg.range,
                   help: value.rounded() != value ? "use a whole number, e.g. \(Expr.format(Swift.max(Double(min), value.rounded())))"
                                                   : "use a value between \(min) and \(max)")
            return nil
        }
        return Int(value)
    }
}
