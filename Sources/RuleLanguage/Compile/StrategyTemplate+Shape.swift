/// A strategy's shape: its expressions apart from their numbers, and which of its numbers
/// are equal. Both walks below meet an expression's numbers in the same order (a node's own
/// numbers in the order it holds them, then its children in order), so a class is the
/// position of a value's first appearance among the distinct values met so far.
extension StrategyTemplate {
    /// `e` with each number written as its class, the values met so far in `classes`; nil
    /// when a number is not finite or is −0.
    static func classify(_ e: TypedExpr, _ classes: inout [Double]) -> TypedExpr? {
        func number(_ v: Double) -> Int? {
            guard admits(v) else { return nil }
            if let k = classes.firstIndex(of: v) { return k + 1 }
            classes.append(v)
            return classes.count
        }
        func whole(_ n: Int) -> Int? { number(Double(n)) }
        func each(_ items: [TypedExpr]) -> [TypedExpr]? {
            var out: [TypedExpr] = []
            for item in items {
                guard let c = classify(item, &classes) else { return nil }
                out.append(c)
            }
            return out
        }
        switch e {
        case .number(let v):
            return number(v).map { .number(Double($0)) }
        case .bool, .text, .field, .account, .entry, .orderValue, .orderText, .orderFlag, .barValue, .calendar, .reference:
            return e
        case .lag(let x, let n):
            guard let n = whole(n), let x = classify(x, &classes) else { return nil }
            return .lag(x, n)
        case .indicator(let i, let x, let n):
            guard let n = whole(n), let x = classify(x, &classes) else { return nil }
            return .indicator(i, x, n)
        case .band(let b, let x, let n, let k):
            guard let n = whole(n), let k = number(k), let x = classify(x, &classes) else { return nil }
            return .band(b, x, n, Double(k))
        case .macd(let line, let x, let fast, let slow, let signal):
            // A line's signal is 0, as the compiler writes it for the line under a signal:
            // kept as it is, so the two still meet in one slot.
            guard let fast = whole(fast), let slow = whole(slow), let signal = line == .line ? signal : whole(signal),
                  let x = classify(x, &classes) else { return nil }
            return .macd(line, x, fast: fast, slow: slow, signal: signal)
        case .barIndicator(let i, let n):
            return whole(n).map { .barIndicator(i, $0) }
        case .negate(let x):
            return classify(x, &classes).map { .negate($0) }
        case .abs(let x):
            return classify(x, &classes).map { .abs($0) }
        case .not(let x):
            return classify(x, &classes).map { .not($0) }
        case .arithmetic(let op, let a, let b):
            guard let a = classify(a, &classes), let b = classify(b, &classes) else { return nil }
            return .arithmetic(op, a, b)
        case .compare(let op, let a, let b):
            guard let a = classify(a, &classes), let b = classify(b, &classes) else { return nil }
            return .compare(op, a, b)
        case .logic(let op, let a, let b):
            guard let a = classify(a, &classes), let b = classify(b, &classes) else { return nil }
            return .logic(op, a, b)
        case .crosses(let d, let a, let b):
            guard let a = classify(a, &classes), let b = classify(b, &classes) else { return nil }
            return .crosses(d, a, b)
        case .member(let x, let items):
            guard let x = classify(x, &classes), let items = each(items) else { return nil }
            return .member(x, items)
        }
    }

    /// True when `e` is `template` (written by `classify`) with its classes' values, the
    /// values met so far in `values`: every class has one value, and distinct classes
    /// distinct values.
    static func fit(_ e: TypedExpr, _ template: TypedExpr, _ values: inout [Double]) -> Bool {
        func number(_ v: Double, _ k: Int) -> Bool {
            guard admits(v) else { return false }
            if k == values.count + 1 {
                guard !values.contains(v) else { return false }
                values.append(v)
                return true
            }
            return k >= 1 && k <= values.count && values[k - 1] == v
        }
        func whole(_ n: Int, _ k: Int) -> Bool { number(Double(n), k) }
        switch (e, template) {
        case (.number(let v), .number(let k)):
            return number(v, Int(k))
        case (.bool, .bool), (.text, .text), (.field, .field), (.account, .account), (.entry, .entry), (.orderValue, .orderValue),
             (.orderText, .orderText), (.orderFlag, .orderFlag), (.barValue, .barValue), (.calendar, .calendar),
             (.reference, .reference):
            return e == template
        case (.lag(let x, let n), .lag(let y, let k)):
            return whole(n, k) && fit(x, y, &values)
        case (.indicator(let i, let x, let n), .indicator(let j, let y, let k)):
            return i == j && whole(n, k) && fit(x, y, &values)
        case (.band(let b, let x, let n, let w), .band(let c, let y, let k, let l)):
            return b == c && whole(n, k) && number(w, Int(l)) && fit(x, y, &values)
        case (.macd(let line, let x, let fast, let slow, let signal), .macd(let l, let y, let f, let s, let g)):
            return line == l && whole(fast, f) && whole(slow, s) && (line == .line ? signal == g : whole(signal, g))
                && fit(x, y, &values)
        case (.barIndicator(let i, let n), .barIndicator(let j, let k)):
            return i == j && whole(n, k)
        case (.negate(let x), .negate(let y)), (.abs(let x), .abs(let y)), (.not(let x), .not(let y)):
            return fit(x, y, &values)
        case (.arithmetic(let op, let a, let b), .arithmetic(let o, let c, let d)):
            return op == o && fit(a, c, &values) && fit(b, d, &values)
        case (.compare(let op, let a, let b), .compare(let o, let c, let d)):
            return op == o && fit(a, c, &values) && fit(b, d, &values)
        case (.logic(let op, let a, let b), .logic(let o, let c, let d)):
            return op == o && fit(a, c, &values) && fit(b, d, &values)
        case (.crosses(let dir, let a, let b), .crosses(let r, let c, let d)):
            return dir == r && fit(a, c, &values) && fit(b, d, &values)
        case (.member(let x, let items), .member(let y, let written)):
            guard items.count == written.count, fit(x, y, &values) else { return false }
            for (item, w) in zip(items, written) where !fit(item, w, &values) { return false }
            return true
        default:
            return false
        }
    }

    /// A number a class can stand for: finite (NaN equals nothing, not even itself) and not
    /// −0 (equal to 0 but written "-0").
    private static func admits(_ v: Double) -> Bool {
        v.isFinite && !(v == 0 && v.sign == .minus)
    }
}
