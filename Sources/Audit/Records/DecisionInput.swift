import Vocabulary

/// What the policy judged, exactly as it saw it (like the `input` of OPA's decision log): the
/// order the strategy asked for and the account at that moment. With it a decision can be
/// judged again (approval re-checks) without parsing anything back out of the record's text.
///
/// Keys are snake_case: `{"intent": {"strategy", "symbol", "rule_id", "time", "utc_offset",
/// "side", "action", "qty", "notional", "price", "fractional"}, "account": {"cash", "equity",
/// "day_start_equity", "gross_exposure", "position", "mark"}}` (docs/ARCHITECTURE.md, "Decision records").
public struct DecisionInput: Codable, Sendable, Equatable {
    public var intent: IntentInput
    public var account: AccountInput

    public init(intent: IntentInput, account: AccountInput) {
        self.intent = intent
        self.account = account
    }
}

/// The order the strategy asked for, before the policy judged it.
public struct IntentInput: Codable, Sendable, Equatable {
    /// The strategy's name (part of the decision id).
    public var strategy: String
    public var symbol: String
    /// The strategy rule that fired.
    public var ruleId: String
    /// The decision bar's start time, seconds since 1970 (UTC).
    public var time: Int64
    /// The bar's UTC offset in seconds for intraday bars; absent for daily bars.
    public var utcOffset: Int32?
    public var side: Side
    public var action: Action
    /// Shares, for `shares` sizes, `sell` and `sell_all`.
    public var qty: Double?
    /// Dollars, for `percent_of_equity` and `notional` sizes.
    public var notional: Double?
    /// The decision bar's close.
    public var price: Double
    public var fractional: Bool
    /// How the order fills and at what prices; absent for a market order (and in records
    /// written before orders had types, which were all market orders).
    public var orderType: OrderType?
    public var limitPrice: Double?
    public var stopPrice: Double?
    /// The exit an engine-made order carries out (its decision id ends with it); absent for a
    /// rule's own order.
    public var exitReason: ExitReason?
    /// True for the first half of a reversal (its decision id ends with `:reverse`); absent otherwise.
    public var reversing: Bool?

    public init(strategy: String, symbol: String, ruleId: String, time: Int64, utcOffset: Int32?, side: Side, action: Action,
                qty: Double?, notional: Double?, price: Double, fractional: Bool, orderType: OrderType? = nil,
                limitPrice: Double? = nil, stopPrice: Double? = nil, exitReason: ExitReason? = nil,
                reversing: Bool = false) {
        self.strategy = strategy
        self.symbol = symbol
        self.ruleId = ruleId
        self.time = time
        self.utcOffset = utcOffset
        self.side = side
        self.action = action
        self.qty = qty
        self.notional = notional
        self.price = price
        self.fractional = fractional
        self.orderType = orderType == .market ? nil : orderType
        self.limitPrice = limitPrice
        self.stopPrice = stopPrice
        self.exitReason = exitReason
        self.reversing = reversing ? true : nil
    }

    enum CodingKeys: String, CodingKey {
        case strategy, symbol, ruleId = "rule_id", time, utcOffset = "utc_offset", side, action, qty, notional, price, fractional
        case orderType = "order_type", limitPrice = "limit_price", stopPrice = "stop_price", exitReason = "exit_reason", reversing
    }
}

/// The account as the policy saw it for this order. An unknown figure (the broker did not
/// answer) is NaN to the policy, which blocks every check that needs it; JSON has no NaN, so
/// it is written as `null` and read back as NaN.
public struct AccountInput: Codable, Sendable, Equatable {
    public var cash: Double
    public var equity: Double
    /// Equity at the previous session's close: today's drawdown is measured from it.
    public var dayStartEquity: Double
    /// Σ |qty × price| over every holding, orders in flight included.
    public var grossExposure: Double
    /// Shares held of the order's symbol, orders in flight included.
    public var position: Double
    /// The last known price of the order's symbol.
    public var mark: Double

    public init(cash: Double, equity: Double, dayStartEquity: Double, grossExposure: Double, position: Double, mark: Double) {
        self.cash = cash
        self.equity = equity
        self.dayStartEquity = dayStartEquity
        self.grossExposure = grossExposure
        self.position = position
        self.mark = mark
    }

    enum CodingKeys: String, CodingKey {
        case cash, equity, dayStartEquity = "day_start_equity", grossExposure = "gross_exposure", position, mark
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func figure(_ key: CodingKeys) throws -> Double { try c.decodeIfPresent(Double.self, forKey: key) ?? .nan }
        self.init(cash: try figure(.cash), equity: try figure(.equity), dayStartEquity: try figure(.dayStartEquity),
                  grossExposure: try figure(.grossExposure), position: try figure(.position), mark: try figure(.mark))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func figure(_ value: Double, _ key: CodingKeys) throws {
            if value.isFinite { try c.encode(value, forKey: key) } else { try c.encodeNil(forKey: key) }
        }
        try figure(cash, .cash)
        try figure(equity, .equity)
        try figure(dayStartEquity, .dayStartEquity)
        try figure(grossExposure, .grossExposure)
        try figure(position, .position)
        try figure(mark, .mark)
    }

    /// NaN-aware: two unknown figures are equal (NaN is never equal to itself).
    public static func == (a: AccountInput, b: AccountInput) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        return same(a.cash, b.cash) && same(a.equity, b.equity) && same(a.dayStartEquity, b.dayStartEquity)
            && same(a.grossExposure, b.grossExposure) && same(a.position, b.position) && same(a.mark, b.mark)
    }
}
