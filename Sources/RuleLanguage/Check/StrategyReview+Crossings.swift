import Vocabulary

/// W007: two averages of the same kind crossed the wrong way round for the rule's action.
/// `crosses_above(sma(close, 10), sma(close, 50))` is the faster average rising through the
/// slower one, the usual buy signal; with the periods swapped (often `fast: 50, slow: 10`)
/// the same words mean the faster one falling below, so a buy rule buys the downturn and a
/// sell rule sells the upturn. The check reads the periods after params are put in.
extension StrategyReview {
    /// A crossing of two averages of one kind and one series, with different periods.
    struct Crossing {
        let rule: Rule
        /// The whole `crosses_*(…)` call as written.
        let call: Expr
        let above: Bool
        /// Each average as written, its period, how the period is written, and the average
        /// with params put in (`sma(close, 10)`).
        let first: (arg: Expr, period: Int, periodArg: Expr, resolved: String)
        let second: (arg: Expr, period: Int, periodArg: Expr, resolved: String)

        /// True for the faster average rising through the slower one.
        var rising: Bool { above == (first.period < second.period) }
        /// A buy on the faster average falling, or a sell on it rising.
        var inverted: Bool { (rule.action == .buy) != rising }
        var name: String { above ? "crosses_above" : "crosses_below" }

        /// `'enter-long' buys when sma(close, 10) falls below sma(close, 50)`.
        var story: String {
            let (faster, slower) = first.period < second.period ? (first.resolved, second.resolved) : (second.resolved, first.resolved)
            return "'\(rule.id)' \(rule.action == .buy ? "buys" : "sells") when \(faster) \(rising ? "rises above" : "falls below") \(slower)"
        }

        /// The params named as the two periods, when both are bare param names.
        func paramNames(_ params: [String: Double]) -> Set<String>? {
            guard case .name(let a) = first.periodArg.kind, case .name(let b) = second.periodArg.kind,
                  params[a] != nil, params[b] != nil, a != b else { return nil }
            return [a, b]
        }
    }

    static let averages: Set<String> = ["sma", "ema", "wma"]

    func crossings() -> [Diagnostic] {
        let all = rules.flatMap { rule in rule.written.map { crossings(in: $0, of: rule) } ?? [] }
        var found: [Diagnostic] = []
        var reported: Set<Set<String>> = []
        for crossing in all where crossing.inverted {
            if let names = crossing.paramNames(params), case .name(let a) = crossing.first.periodArg.kind,
               case .name(let b) = crossing.second.periodArg.kind {
                // Two params swapped everywhere they are used as a pair: one finding at the
                // params, whose fix is to swap their values. Used the right way somewhere, the
                // values are fine and the fix belongs in the rule.
                let pair = all.filter { $0.paramNames(params) == names }
                if pair.allSatisfy(\.inverted), let span = paramSpans[a] {
                    guard reported.insert(names).inserted else { continue }
                    let (x, y) = (Expr.format(params[a] ?? .nan), Expr.format(params[b] ?? .nan))
                    found.append(Diagnostic(.averagesCrossedBackwards,
                        "the averages cross the wrong way round: '\(a)' is \(x) bars and '\(b)' \(y)", at: span,
                        help: "\(Suggestions.list(pair.map(\.story), conjunction: "and")); swap the values: \(a): \(y) and \(b): \(x)"))
                    continue
                }
            }
            guard let span = crossing.rule.span(crossing.call.range) else { continue }
            let rule = crossing.rule
            let swapped = "\(crossing.name)(\(rule.text(crossing.second.arg.range)), \(rule.text(crossing.first.arg.range)))"
            found.append(Diagnostic(.averagesCrossedBackwards,
                "rule \(crossing.story): the slower average comes first in \(crossing.name)", at: span,
                help: "put the faster average first: \(swapped)", fixIt: rule.fixIt(crossing.call.range, swapped)))
        }
        return found
    }

    /// The crossings that make `expr` true: through `and` and `or`, not under `not`.
    private func crossings(in expr: Expr, of rule: Rule) -> [Crossing] {
        switch expr.kind {
        case .binary("and", let a, let b), .binary("or", let a, let b):
            return crossings(in: a, of: rule) + crossings(in: b, of: rule)
        case .call(let name, let args) where (name == "crosses_above" || name == "crosses_below") && args.count == 2:
            guard case .call(let kind, let x) = args[0].kind, case .call(kind, let y) = args[1].kind, Self.averages.contains(kind),
                  x.count == 2, y.count == 2,
                  let averageX = value(args[0], in: rule), let averageY = value(args[1], in: rule),
                  case .indicator(_, let seriesX, let n) = averageX, case .indicator(_, let seriesY, let m) = averageY,
                  seriesX == seriesY, n != m else { return [] }
            return [Crossing(rule: rule, call: expr, above: name == "crosses_above",
                             first: (args[0], n, x[1], averageX.text), second: (args[1], m, y[1], averageY.text))]
        default:
            return []
        }
    }
}
