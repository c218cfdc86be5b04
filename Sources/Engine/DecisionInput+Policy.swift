import Audit
import Policy

/// A decision record's `input` and the policy's own types, both ways: what the policy saw is
/// recorded as it was, and read back as the same intent and account, so judging a recorded
/// decision again (approval re-checks) parses nothing.
extension DecisionInput {
    public init(intent: OrderIntent, account: AccountSnapshot) {
        self.init(
            intent: IntentInput(strategy: intent.strategy, symbol: intent.symbol, ruleId: intent.ruleId, time: intent.time,
                                utcOffset: intent.utcOffset, side: intent.side, action: intent.action, qty: intent.qty,
                                notional: intent.notional, price: intent.price, fractional: intent.fractional,
                                orderType: intent.figures.orderType, limitPrice: intent.figures.limitPrice,
                                stopPrice: intent.figures.stopPrice, exitReason: intent.figures.exitReason,
                                reversing: intent.figures.reversing),
            account: AccountInput(cash: account.cash, equity: account.equity, dayStartEquity: account.dayStartEquity,
                                  grossExposure: account.grossExposure, position: account.position, mark: account.mark))
    }
}

extension OrderIntent {
    /// The intent a record's input holds.
    public init(_ input: IntentInput) {
        var figures = OrderFigures(side: input.side, action: input.action, qty: input.qty, notional: input.notional,
                                   price: input.price, fractional: input.fractional)
        figures.orderType = input.orderType ?? .market
        figures.limitPrice = input.limitPrice
        figures.stopPrice = input.stopPrice
        figures.exitReason = input.exitReason
        figures.reversing = input.reversing ?? false
        self.init(strategy: input.strategy, symbol: input.symbol, ruleId: input.ruleId, time: input.time, utcOffset: input.utcOffset,
                  figures: figures)
    }
}

extension AccountSnapshot {
    /// The account a record's input holds (unknown figures are NaN, as the policy saw them).
    public init(_ input: AccountInput) {
        self.init(cash: input.cash, equity: input.equity, dayStartEquity: input.dayStartEquity,
                  grossExposure: input.grossExposure, position: input.position, mark: input.mark)
    }
}
