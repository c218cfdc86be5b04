import Vocabulary

/// The facts a policy rule can read about the order being decided. The Policy target
/// fills it in; compiled rule closures read it.
package struct PolicyInputs: Sendable {
    package var symbol: String
    /// Plain words rather than text, so filling the inputs in copies one string only; rules
    /// read them as text (`side == "buy"`).
    package var side: Side
    package var action: Action
    package var qty: Double
    package var notional: Double
    package var price: Double
    package var position: Double
    package var positionAfter: Double
    package var positionValueAfter: Double
    package var grossExposureAfter: Double
    package var drawdownToday: Double
    package var equity: Double
    package var cash: Double
    package var reducesPosition: Bool
    /// How the order fills, and its limit and stop prices (NaN: the type has none).
    package var orderType: OrderType = .market
    package var limitPrice: Double = .nan
    package var stopPrice: Double = .nan

    /// Inlinable: the policy fills in the inputs once per order, and a call with fourteen
    /// arguments costs more than the stores.
    @inlinable
    package init(symbol: String, side: Side, action: Action, qty: Double, notional: Double, price: Double,
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

    package func value(_ v: OrderValue) -> Double {
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
        case .shortValueAfter: return shortValueAfter
        }
    }

    /// Dollars short after the order: shares short × price, 0 when the order leaves no short.
    package var shortValueAfter: Double { Self.shortValue(positionAfter: positionAfter, price: price) }

    /// Dollars short after an order leaving `positionAfter` shares at `price`: the one rule,
    /// which the policy's figures (`LimitFigures`) read too.
    @inlinable
    package static func shortValue(positionAfter: Double, price: Double) -> Double { positionAfter < 0 ? -positionAfter * price : 0 }

    package func text(_ t: OrderText) -> String {
        switch t {
        case .symbol: return symbol
        case .side: return side.rawValue
        case .action: return action.rawValue
        case .orderType: return orderType.rawValue
        }
    }
}
