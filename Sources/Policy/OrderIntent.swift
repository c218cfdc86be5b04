import RuleLanguage
import Vocabulary

/// What an order asks for, as plain figures: everything the policy judges and the fill
/// model fills, without names or ids. Plain data (no references), so the engine can decide
/// and record orders without touching a reference count.
public struct OrderFigures: Sendable, Equatable {
    public let side: Side
    public let action: Action
    /// Shares, for `shares` sizes, `sell` and `sell_all`.
    public let qty: Double?
    /// Dollars, for `percent_of_equity` and `notional` sizes (shares are decided at fill).
    public let notional: Double?
    /// The price the decision was made at (the decision bar's close).
    public let price: Double
    public let fractional: Bool
    /// How the order fills (`market` unless a rule's `order:` or an exit says otherwise), and its
    /// limit and stop prices (nil: the type has none).
    public var orderType: OrderType = .market
    public var limitPrice: Double? = nil
    public var stopPrice: Double? = nil
    /// The exit an engine-made order carries out (a stop loss leg, a `max_bars` sell); nil for a
    /// rule's own order. Part of the decision id: a position's legs are decided on one bar by
    /// one rule and must not share an id.
    public var exitReason: ExitReason? = nil
    /// The first half of a reversal: the sale (or cover) of the whole position that a rule's
    /// `sell_short` (or `buy`) decides before its own order, on the same bar by the same rule.
    /// Part of the decision id, so the two halves have ids of their own.
    public var reversing = false

    public init(side: Side, action: Action, qty: Double?, notional: Double?, price: Double, fractional: Bool) {
        self.side = side
        self.action = action
        self.qty = qty
        self.notional = notional
        self.price = price
        self.fractional = fractional
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

/// An order the strategy wants, before the policy has judged it. Anyone may build one;
/// only the policy can turn it into an `ApprovedOrder`. Plain figures and shared strings
/// only: ids and time text are derived on demand (see Engine's `OrderIDs`).
public struct OrderIntent: Sendable, Equatable {
    public let strategy: String
    public let symbol: String
    public let ruleId: String
    /// Bar start time of the decision bar (seconds since 1970, UTC).
    public let time: Int64
    /// The bar's UTC offset in seconds for intraday bars; nil for daily bars.
    public let utcOffset: Int32?
    public let figures: OrderFigures

    public init(strategy: String, symbol: String, ruleId: String, time: Int64, utcOffset: Int32?, figures: OrderFigures) {
        self.strategy = strategy
        self.symbol = symbol
        self.ruleId = ruleId
        self.time = time
        self.utcOffset = utcOffset
        self.figures = figures
    }

    public init(strategy: String, symbol: String, ruleId: String, time: Int64, utcOffset: Int32?, side: Side,
                action: Action, qty: Double?, notional: Double?, price: Double, fractional: Bool) {
        self.init(strategy: strategy, symbol: symbol, ruleId: ruleId, time: time, utcOffset: utcOffset,
                  figures: OrderFigures(side: side, action: action, qty: qty, notional: notional, price: price, fractional: fractional))
    }

    public var side: Side { figures.side }
    public var action: Action { figures.action }
    public var qty: Double? { figures.qty }
    public var notional: Double? { figures.notional }
    public var price: Double { figures.price }
    public var fractional: Bool { figures.fractional }
    public var estimatedQty: Double { figures.estimatedQty }
    public var estimatedNotional: Double { figures.estimatedNotional }
}

/// The account as the policy sees it when judging one order: totals plus the figures of
/// the order's own symbol. NaN means "unknown"; any limit that needs an unknown figure blocks.
public struct AccountSnapshot: Sendable, Equatable {
    public var cash: Double
    public var equity: Double
    /// Equity at the previous session's close (Alpaca's `last_equity`); today's
    /// drawdown is measured from it.
    public var dayStartEquity: Double
    /// Sum of |qty × price| over every holding (pending orders included when the caller knows them).
    public var grossExposure: Double
    /// Shares held of the order's symbol.
    public var position: Double
    /// Last known price of the order's symbol (NaN if never seen).
    public var mark: Double

    public init(cash: Double, equity: Double, dayStartEquity: Double, grossExposure: Double, position: Double, mark: Double) {
        self.cash = cash
        self.equity = equity
        self.dayStartEquity = dayStartEquity
        self.grossExposure = grossExposure
        self.position = position
        self.mark = mark
    }

    /// Percent lost since the start of the day (0 when up).
    public var drawdownToday: Double {
        guard dayStartEquity > 0, equity.isFinite else { return .nan }
        return max(0, (dayStartEquity - equity) / dayStartEquity * 100)
    }
}
