import Vocabulary

/// The facts a policy rule can read about the order being decided. The Policy target
/// fills it in; compiled rule closures read it.
public struct PolicyInputs: Sendable {
    public var symbol: String
    /// Plain words rather than text, so filling the inputs in copies one string only; rules
    /// read them as text (`side == "buy"`).
    public var side: Side
    public var action: Action
    public var qty: Double
    public var notional: Double
    public var price: Double
    public var position: Double
    public var positionAfter: Double
    public var positionValueAfter: Double
    public var grossExposureAfter: Double
    public var drawdownToday: Double
    public var equity: Double
    public var cash: Double
    public var reducesPosition: Bool
    /// How the order fills, and its limit and stop prices (NaN: the type has none).
    public var orderType: OrderType = .market
    public var limitPrice: Double = .nan
    public var stopPrice: Double = .nan

    public init(symbol: String, side: Side, action: Action, qty: Double, notional: Double, price: Double,
                position: Double, positionAfter: Double, positionValueAfter: Double, grossExposureAfter: Double,
                drawdownToday: Double, equity: Double, cash: Double, reducesPosition: Bool) {
        self.symbol = symbol
        self.side = side
        self.action = action
        self.qty = qty
        self.notional = notional
        self.price = price
        self.position = position
        self.positionAfter = positionAfter
        self.positionValueAfter = positionValueAfter
        self.grossExposureAfter = grossExposureAfter
        self.drawdownToday = drawdownToday
        self.equity = equity
        self.cash = cash
        self.reducesPosition = reducesPosition
    }

    public func value(_ v: OrderValue) -> Double {
        switch v {
        case .qty: return qty
        case .notional: return notional
        case .price: return price
        case .position: return position
        case .positionAfter: return positionAfter
        case .positionValueAfter: return positionValueAfter
        case .grossExposureAfter: return grossExposureAfter
        case .drawdownToday: return drawdownToday
        case .equity: return equity
        case .cash: return cash
        case .limitPrice: return limitPrice
        case .stopPrice: return stopPrice
        }
    }

    public func text(_ t: OrderText) -> String {
        switch t {
        case .symbol: return symbol
        case .side: return side.rawValue
        case .action: return action.rawValue
        case .orderType: return orderType.rawValue
        }
    }
}
