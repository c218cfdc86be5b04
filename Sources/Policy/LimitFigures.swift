import RuleLanguage
import Vocabulary

/// The figures an order and the account give the policy, worked out once: what the built-in
/// limits compare and every number a user rule can read. `PolicyInputs` (what rules see and
/// a decision's words quote) is these plus the order's words; the engine's fast path
/// (`CompiledPolicy.outcome(of:...)`) judges the limits from these alone and builds the
/// inputs only when the policy has user rules.
struct LimitFigures {
    /// The order's price; NaN when it is not a positive finite number (every limit that
    /// needs it then cannot be evaluated, and blocks).
    let price: Double
    let qty: Double
    let notional: Double
    let position: Double
    let positionAfter: Double
    let positionValueAfter: Double
    let grossExposureAfter: Double
    let drawdownToday: Double
    let reducesPosition: Bool

    /// Unknown inputs stay NaN so that limits and rules reading them block.
    @inline(__always)
    init(_ intent: OrderFigures, account: AccountSnapshot) {
        self.init(PackedOrder(intent), account: account)
    }

    /// The same from the packed figures (the engine's record, read in place).
    @inline(__always)
    init(_ intent: PackedOrder, account: AccountSnapshot) {
        let position = account.position
        let price = intent.price > 0 && intent.price.isFinite ? intent.price : .nan
        var qty = intent.estimatedQty
        switch intent.action {
        case .sellAll: qty = position
        case .coverAll: qty = -position
        default: break
        }
        // A closing side moves at most what the position holds on its side.
        switch intent.side {
        case .sell: qty = min(qty, max(position, 0))
        case .buyToCover: qty = min(qty, max(-position, 0))
        case .buy, .sellShort: break
        }
        let after = position + intent.side.sign * qty
        let markBefore = abs(position * (account.mark.isFinite ? account.mark : price))
        self.price = price
        self.qty = qty
        self.position = position
        positionAfter = after
        notional = intent.side.opens ? (intent.hasNotional ? intent.notional : qty * price) : qty * price
        positionValueAfter = abs(after * price)
        grossExposureAfter = account.grossExposure - markBefore + abs(after * price)
        drawdownToday = account.drawdownToday
        reducesPosition = (intent.side == .sell && position > 0 && after >= 0)
            || (intent.side == .buyToCover && position < 0 && after <= 0)
    }

    /// Dollars short after the order (`PolicyInputs.shortValueAfter`).
    var shortValueAfter: Double { PolicyInputs.shortValue(positionAfter: positionAfter, price: price) }

    /// The value a rule reads (`PolicyInputs.value`), from these figures, the order's prices
    /// and the account's totals.
    @inline(__always)
    func value(_ v: OrderValue, of intent: PackedOrder, account: AccountSnapshot) -> Double {
        switch v {
        case .qty: return qty
        case .notional: return notional
        case .price: return price
        case .position: return position
        case .positionAfter: return positionAfter
        case .positionValueAfter: return positionValueAfter
        case .grossExposureAfter: return grossExposureAfter
        case .drawdownToday: return drawdownToday
        case .equity: return account.equity
        case .cash: return account.cash
        case .limitPrice: return intent.limitPrice
        case .stopPrice: return intent.stopPrice
        case .shortValueAfter: return shortValueAfter
        }
    }

    /// What user rules read: these figures with the order's words and the account's totals.
    @inline(__always)
    func inputs(symbol: String, of intent: PackedOrder, account: AccountSnapshot) -> PolicyInputs {
        var inputs = PolicyInputs(
            symbol: symbol, side: intent.side, action: intent.action,
            qty: qty, notional: notional, price: price, position: position, positionAfter: positionAfter,
            positionValueAfter: positionValueAfter, grossExposureAfter: grossExposureAfter,
            drawdownToday: drawdownToday, equity: account.equity, cash: account.cash,
            reducesPosition: reducesPosition)
        inputs.orderType = intent.orderType
        inputs.limitPrice = intent.limitPrice
        inputs.stopPrice = intent.stopPrice
        return inputs
    }
}
