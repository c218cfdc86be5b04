import Vocabulary

/// A rule's `order:` and the `exits:` of the position a buy opens, as checked: which order
/// type, its prices as expressions evaluated at the decision close, how long it rests; and
/// the stop loss, take profit, trailing stop and time limit that close the position.
extension CheckedStrategy {
    /// A price written as a number or an expression (`close * 0.99`), evaluated at the
    /// close of the bar the order (or the entry) was decided on.
    public struct Price: Sendable, Equatable {
        package let expr: TypedExpr
        /// As written in the file.
        public let text: String
        /// Where it is written, for re-checking with other params and for records.
        public let location: SourceSpan
    }

    /// How a rule's order asks to be filled. Market orders fill at the next open; the others
    /// rest until they fill or expire (docs/BACKTEST.md, "Orders and exits").
    public struct Order: Sendable, Equatable {
        public let type: OrderType
        public let limit: Price?
        public let stop: Price?
        public let timeInForce: TimeInForce
        /// With `gtc`: the bars the order rests before it expires; nil rests until filled.
        public let expireBars: Int?
        /// Where `order:` is written (nil for the default market order), for errors that
        /// point at it, such as a runtime that cannot carry the order type.
        public var location: SourceSpan? = nil

        public static let market = Order(type: .market, limit: nil, stop: nil, timeInForce: .day, expireBars: nil)

        /// Bars of history its prices need before they have a value.
        public var lookback: Int { max(limit?.expr.lookback ?? 0, stop?.expr.lookback ?? 0) }
    }

    /// The exits of the position a buy rule opens.
    public struct Exits: Sendable, Equatable {
        /// A level `percent` from the entry price, or at a price decided at the entry decision.
        public enum Level: Sendable, Equatable {
            case percent(Double)
            case price(Price)
        }

        public var stopLoss: Level?
        public var takeProfit: Level?
        /// Percent below the highest price since the entry.
        public var trailingPercent: Double?
        /// Sell at the close where `bars_held` reaches this.
        public var maxBars: Int?
        /// Where these `exits:` are written (the strategy's or the rule's), for errors that
        /// point at them, such as a runtime that cannot carry an exit.
        public var location: SourceSpan? = nil

        public init(stopLoss: Level? = nil, takeProfit: Level? = nil, trailingPercent: Double? = nil, maxBars: Int? = nil) {
            self.stopLoss = stopLoss
            self.takeProfit = takeProfit
            self.trailingPercent = trailingPercent
            self.maxBars = maxBars
        }

        public var isEmpty: Bool { stopLoss == nil && takeProfit == nil && trailingPercent == nil && maxBars == nil }

        /// Bars of history its `price:` levels need before they have a value.
        public var lookback: Int {
            [stopLoss, takeProfit].compactMap { level -> Int? in
                if case .price(let p)? = level { return p.expr.lookback }
                return nil
            }.max() ?? 0
        }

        /// The prices written as expressions, in a fixed order (stop loss, take profit).
        var prices: [Price] {
            [stopLoss, takeProfit].compactMap { level -> Price? in
                if case .price(let p)? = level { return p }
                return nil
            }
        }
    }
}
