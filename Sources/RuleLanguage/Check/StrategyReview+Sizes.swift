import Vocabulary

/// W008: buys that together ask for more than the account has. Every symbol runs every rule
/// from one cash pool, so three symbols buying `percent_of_equity: 100` ask for 300 %. The
/// backtest fills orders at the next open in symbol order and caps each buy by the cash left
/// (Engine's `FillModel`): the first symbols get their share, the later ones what is left or
/// nothing, and a buy that cannot pay for one share is canceled. The help says who gets what.
extension StrategyReview {
    func buyingPower() -> [Diagnostic] {
        var seen: Set<String> = []
        let symbols = self.symbols.filter { seen.insert($0).inserted }   // a repeat is E016, not a second symbol
        let count = symbols.count
        guard count > 1 else { return [] }
        var largest: (rule: Rule, value: Double, node: YAMLNode)?
        for rule in rules where rule.action == .buy {
            guard let (value, node) = rule.percent, value > (largest?.value ?? 0) else { continue }
            largest = (rule, value, node)
        }
        // Above 100 % one buy alone is more than the account (W004 says so).
        guard let (_, percent, node) = largest, percent <= 100, percent * Double(count) > 100 else { return [] }
        let even = (100 / Double(count)).rounded(.down)
        let p = Money.number(percent)
        return [Diagnostic(.buysAboveEquity,
            "\(count) symbols each buy \(p)% of equity: \(Money.number(percent * Double(count)))% together, more than you have",
            at: node.span,
            help: "buys fill at the next open in symbol order, each capped by the cash left: when all buy on one bar, "
                + "\(shares(percent, symbols)); to give each symbol the same share, write percent_of_equity: \(Expr.format(even))",
            fixIt: Diagnostic.FixIt(span: node.span, replacement: Expr.format(even)))]
    }

    /// `SPY gets 100%, QQQ and IWM get nothing (canceled for lack of cash)`.
    private func shares(_ percent: Double, _ symbols: [String]) -> String {
        var left = 100.0
        var full: [String] = [], partial: (symbol: String, share: Double)?, none: [String] = []
        for symbol in symbols {
            let share = min(percent, left)
            left -= share
            if share == percent {
                full.append(symbol)
            } else if share >= 0.005 {
                partial = (symbol, share)
            } else {
                none.append(symbol)
            }
        }
        let p = Money.number(percent)
        var parts: [String] = []
        switch full.count {
        case 1: parts.append("\(full[0]) gets \(p)%")
        case 2...3: parts.append("\(Suggestions.list(full, conjunction: "and")) get \(p)% each")
        default: parts.append("the first \(full.count) (\(full.first ?? "") to \(full.last ?? "")) get \(p)% each")
        }
        if let partial { parts.append("then \(partial.symbol) the \(Money.number(partial.share))% left") }
        if !none.isEmpty {
            let who = none.count <= 3 ? Suggestions.list(none, conjunction: "and") : "the other \(none.count)"
            parts.append("then \(who) nothing (canceled for lack of cash)")
        }
        return parts.joined(separator: ", ")
    }
}
