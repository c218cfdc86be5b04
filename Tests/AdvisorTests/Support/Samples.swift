import Audit
import Vocabulary

/// Decisions as the engine records them (SMA crossover under `rules/limits.yaml`): allowed,
/// blocked, needing approval, approved by `--approve-all`, a sell-all exit and a user rule
/// that could not be evaluated.
enum Sample {
    static let strategy = FileRef(name: "sma-crossover", file: "strategies/sma.yaml", sha256: String(repeating: "3f", count: 32))
    static let policy = FileRef(name: "default-limits", file: "rules/limits.yaml", sha256: String(repeating: "9a", count: 32))

    static func cross(_ above: Bool, fast: Double, fastPrev: Double, slow: Double, slowPrev: Double) -> FiredRule {
        let name = above ? "crosses_above" : "crosses_below"
        return FiredRule(id: above ? "enter-long" : "exit-long", location: "strategies/sma.yaml:\(above ? 10 : 14):11",
                         expression: "\(name)(sma(close, fast), sma(close, slow))",
                         values: [ObservedValue(expression: "sma(close, 10)", value: fast, previous: fastPrev),
                                  ObservedValue(expression: "sma(close, 30)", value: slow, previous: slowPrev)])
    }

    static func checks(position: Double, gross: Double, orderValue: Double, price: Double,
                       pennyResult: CheckStatus? = nil) -> [PolicyCheck] {
        let positionOK = position <= 25_000, grossOK = gross <= 100_000, approvalOK = orderValue <= 10_000
        let penny = pennyResult ?? (price < 5 ? .fail : .pass)
        let pennyMessage = penny == .error
            ? "could not evaluate price < 5: a value it needs is missing, so the order is blocked"
            : "price < 5 is \(penny == .pass ? "false" : "true")"
        return [
            PolicyCheck(id: "max_position_per_symbol", kind: .limit, result: positionOK ? .pass : .fail, outcome: .block,
                        message: "position after order \(Money.text(position)) \(positionOK ? "≤" : ">") limit $25,000.00",
                        values: [NamedValue(name: "position_after", value: position)], limit: 25_000, location: "rules/limits.yaml:4:3"),
            PolicyCheck(id: "max_gross_notional", kind: .limit, result: grossOK ? .pass : .fail, outcome: .block,
                        message: "gross exposure after order \(Money.text(gross)) \(grossOK ? "≤" : ">") limit $100,000.00",
                        values: [NamedValue(name: "gross_after", value: gross)], limit: 100_000, location: "rules/limits.yaml:5:3"),
            PolicyCheck(id: "daily_max_drawdown", kind: .limit, result: .pass, outcome: .block,
                        message: "today's drawdown 0.42% < limit 3.00%",
                        values: [NamedValue(name: "drawdown_percent", value: 0.42)], limit: 3, location: "rules/limits.yaml:6:3"),
            PolicyCheck(id: "approval_threshold", kind: .limit, result: approvalOK ? .pass : .fail, outcome: .needsApproval,
                        message: "order \(Money.text(orderValue)) \(approvalOK ? "≤" : ">") threshold $10,000.00",
                        values: [NamedValue(name: "order_value", value: orderValue)], limit: 10_000, location: "rules/limits.yaml:7:3"),
            PolicyCheck(id: "no-penny-stocks", kind: .rule, result: penny, outcome: .block, message: pennyMessage,
                        values: [NamedValue(name: "price", value: price)], limit: nil, location: "rules/limits.yaml:9:5"),
        ]
    }

    static func decision(_ id: String, symbol: String, rule: FiredRule, order: DecidedOrder, checks: [PolicyCheck],
                         outcome: Outcome, reason: String) -> DecisionRecord {
        DecisionRecord(id: id, mode: .backtest, strategy: strategy, policy: policy, symbol: symbol, rule: rule, order: order,
                       checks: checks, outcome: outcome, reason: reason)
    }

    static let allowed = decision(
        "bt-SPY-2024-03-08-enter-long", symbol: "SPY", rule: cross(true, fast: 111.32, fastPrev: 111.07, slow: 111.28, slowPrev: 111.21),
        order: DecidedOrder(orderId: "o-000001", clientOrderId: "sma-crossover-SPY-20240308-enter-long", side: .buy, action: .buy,
                            qty: nil, notional: 10_000, price: 111.40),
        checks: checks(position: 10_000, gross: 10_000, orderValue: 10_000, price: 111.40),
        outcome: .allow, reason: "allowed: every limit and rule passed")

    static let blocked = decision(
        "bt-QQQ-2024-03-20-enter-long", symbol: "QQQ", rule: cross(true, fast: 441.87, fastPrev: 439.5, slow: 440.12, slowPrev: 440.3),
        order: DecidedOrder(orderId: "o-000002", clientOrderId: "sma-crossover-QQQ-20240320-enter-long", side: .buy, action: .buy,
                            qty: 205, notional: nil, price: 441.87),
        checks: checks(position: 90_583.35, gross: 100_212.87, orderValue: 90_583.35, price: 441.87),
        outcome: .block, reason: "blocked by max_position_per_symbol: position after order $90,583.35 > limit $25,000.00")

    static let needsApproval = decision(
        "bt-SPY-2024-04-02-enter-long", symbol: "SPY", rule: cross(true, fast: 405.02, fastPrev: 403.9, slow: 404.41, slowPrev: 404.0),
        order: DecidedOrder(orderId: "o-000003", clientOrderId: "sma-crossover-SPY-20240402-enter-long", side: .buy, action: .buy,
                            qty: 30, notional: nil, price: 405.02),
        checks: checks(position: 12_150.60, gross: 12_150.60, orderValue: 12_150.60, price: 405.02),
        outcome: .needsApproval, reason: "needs approval: approval_threshold: order $12,150.60 > threshold $10,000.00")

    static let approvedByFlag = decision(
        "bt-SPY-2024-04-03-enter-long", symbol: "SPY", rule: cross(true, fast: 405.02, fastPrev: 403.9, slow: 404.41, slowPrev: 404.0),
        order: DecidedOrder(orderId: "o-000004", clientOrderId: "sma-crossover-SPY-20240403-enter-long", side: .buy, action: .buy,
                            qty: 30, notional: nil, price: 405.02),
        checks: checks(position: 12_150.60, gross: 12_150.60, orderValue: 12_150.60, price: 405.02),
        outcome: .needsApproval,
        reason: "approved by --approve-all after approval_threshold asked for approval: order $12,150.60 > threshold $10,000.00")

    static let exit = decision(
        "bt-SPY-2024-05-01-exit-long", symbol: "SPY", rule: cross(false, fast: 398.2, fastPrev: 400.1, slow: 399.0, slowPrev: 399.5),
        order: DecidedOrder(orderId: "o-000005", clientOrderId: "sma-crossover-SPY-20240501-exit-long", side: .sell, action: .sellAll,
                            qty: 24, notional: nil, price: 398.0),
        checks: checks(position: 0, gross: 0, orderValue: 9_552, price: 398.0),
        outcome: .allow, reason: "allowed: every limit and rule passed")

    static let ruleError = decision(
        "bt-IWM-2024-05-02-dip", symbol: "IWM",
        rule: FiredRule(id: "buy-the-dip", location: "strategies/dip.yaml:9:11", expression: "rsi(close, 14) < 30",
                        values: [ObservedValue(expression: "rsi(close, 14)", value: 27.5)]),
        order: DecidedOrder(orderId: "o-000006", clientOrderId: "dip-IWM-20240502-buy-the-dip", side: .buy, action: .buy,
                            qty: 10, notional: nil, price: 201.5),
        checks: checks(position: 2_015, gross: 2_015, orderValue: 2_015, price: 201.5, pennyResult: .error),
        outcome: .block, reason: "blocked by no-penny-stocks: could not evaluate price < 5")
}
