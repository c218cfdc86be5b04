import RuleLanguage

/// An order the strategy wants, before the policy has judged it. Anyone may build one;
/// only the policy can turn it into an `ApprovedOrder`.
public struct OrderIntent: Sendable, Equatable {
    public enum Side: String, Sendable { case buy, sell }

    /// Our id for the decision (`<strategy>:<symbol>:<bar>:<rule>`), stable across restarts.
    public let decisionId: String
    /// Our order id (`o-<hash>`), and the client order id sent to the broker: both derived
    /// deterministically from the decision so a retry or restart cannot double an order.
    public let orderId: String
    public let clientOrderId: String
    public let symbol: String
    public let side: Side
    public let action: CheckedStrategy.Action
    public let ruleId: String
    /// Shares, for `shares` sizes, `sell` and `sell_all`.
    public let qty: Double?
    /// Dollars, for `percent_of_equity` and `notional` sizes (shares are decided at fill).
    public let notional: Double?
    /// The price the decision was made at (the decision bar's close).
    public let price: Double
    public let fractional: Bool
    /// Bar start time of the decision bar (seconds since 1970, UTC).
    public let time: Int64

    public init(decisionId: String, orderId: String, clientOrderId: String, symbol: String, side: Side,
                action: CheckedStrategy.Action, ruleId: String, qty: Double?, notional: Double?, price: Double,
                fractional: Bool, time: Int64) {
        self.decisionId = decisionId
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.symbol = symbol
        self.side = side
        self.action = action
        self.ruleId = ruleId
        self.qty = qty
        self.notional = notional
        self.price = price
        self.fractional = fractional
        self.time = time
    }

    /// Shares this order moves, estimated at the decision price for dollar sizes.
    public var estimatedQty: Double {
        if let qty { return qty }
        return (notional ?? .nan) / price
    }

    /// Dollars this order moves at the decision price. The policy judges this figure.
    public var estimatedNotional: Double {
        if let notional { return notional }
        return (qty ?? .nan) * price
    }
}

/// The account as the policy sees it when judging one order. `nil`/NaN figures mean
/// "unknown", and any limit that needs an unknown figure blocks.
public struct AccountSnapshot: Sendable {
    public struct Holding: Sendable {
        public var qty: Double
        /// Last known price (mark) of the symbol.
        public var price: Double
        public init(qty: Double, price: Double) {
            self.qty = qty
            self.price = price
        }
    }

    public var cash: Double
    public var equity: Double
    /// Equity at the previous session's close (Alpaca's `last_equity`); today's
    /// drawdown is measured from it.
    public var dayStartEquity: Double
    public var holdings: [String: Holding]

    public init(cash: Double, equity: Double, dayStartEquity: Double, holdings: [String: Holding]) {
        self.cash = cash
        self.equity = equity
        self.dayStartEquity = dayStartEquity
        self.holdings = holdings
    }

    public func position(_ symbol: String) -> Double { holdings[symbol]?.qty ?? 0 }

    /// Sum of |qty × price| over all holdings.
    public var grossExposure: Double {
        holdings.keys.sorted().reduce(0) { sum, key in
            let h = holdings[key]!
            return sum + abs(h.qty * h.price)
        }
    }

    /// Percent lost since the start of the day (0 when up).
    public var drawdownToday: Double {
        guard dayStartEquity > 0, equity.isFinite else { return .nan }
        return max(0, (dayStartEquity - equity) / dayStartEquity * 100)
    }
}
