import Policy
import Vocabulary

/// How an approved order becomes shares and cash at the next bar's open.
/// Buys are capped by cash, sells by the long position, covers by the short position; a short
/// sale is whole shares and its proceeds go to cash. Share counts are rounded by
/// `ShareRounding`, the rule live orders use too (`Runtime.OrderSizing`).
struct FillModel {
    let settings: ExecutionSettings
    /// No commission of any kind (the default settings). A fill's commission is then 0 and
    /// the affordable-shares loop compares `qty × price` with the cash alone: the same
    /// numbers `settings.commission` gives (0 × qty + 0 × qty × price is 0, and x + 0 is x),
    /// without working them out at every step.
    private let commissionFree: Bool

    init(settings: ExecutionSettings) {
        self.settings = settings
        commissionFree = settings.commissionPerShare == 0 && settings.commissionPercent == 0 && settings.commissionMinimum == 0
    }

    struct Fill {
        var qty: Double
        var price: Double
        var commission: Double
    }

    func fill(_ intent: OrderIntent, open: Double, cash: Double, position: Double) -> Fill? {
        fill(intent.figures, open: open, cash: cash, position: position)
    }

    @inline(__always)
    func fill(_ intent: OrderFigures, open: Double, cash: Double, position: Double) -> Fill? {
        fill(side: intent.side, action: intent.action, qty: intent.qty, notional: intent.notional, fractional: intent.fractional,
             open: open, cash: cash, position: position)
    }

    /// The same from the figures the fill reads (the engine's `OrderEntry` passes them in place).
    @inline(__always)
    func fill(side: Side, action: Action, qty asked: Double?, notional: Double?, fractional: Bool,
              open: Double, cash: Double, position: Double) -> Fill? {
        let price = settings.fillPrice(open: open, side: side)
        guard price > 0, price.isFinite else { return nil }
        var qty: Double
        let wanted = { ShareRounding.shares(notional.map { $0 / price } ?? asked ?? 0, fractional: fractional) }
        switch side {
        case .buy:
            guard position >= 0 else { return nil }
            qty = min(wanted(), affordable(cash: cash, price: price, fractional: fractional))
        case .sell:
            qty = action == .sellAll ? position : min(wanted(), position)
        case .sellShort:
            // Whole shares, proceeds to cash: no cash limit (margin is the policy's business).
            guard position <= 0 else { return nil }
            qty = ShareRounding.shares(notional.map { $0 / price } ?? asked ?? 0, fractional: false)
        case .buyToCover:
            // Buying back is never held up by cash: getting out of a short must be possible.
            qty = action == .coverAll ? -position : min(wanted(), -position)
        }
        guard qty > 0 else { return nil }
        return Fill(qty: qty, price: price, commission: commission(qty: qty, price: price))
    }

    @inline(__always)
    private func commission(qty: Double, price: Double) -> Double {
        commissionFree ? 0 : settings.commission(qty: qty, price: price)
    }

    /// The most shares cash can pay for, commission included.
    @inline(__always)
    private func affordable(cash: Double, price: Double, fractional: Bool) -> Double {
        guard cash > 0 else { return 0 }
        let step = fractional ? 0.000001 : 1
        if commissionFree {
            // `perShare` below is `price` exactly, and every commission 0.
            var qty = ShareRounding.shares(cash / price, fractional: fractional)
            while qty > 0, qty * price > cash + 1e-9 { qty -= max(step, qty.ulp) }
            return max(qty, 0)
        }
        return affordableWithCommission(cash: cash, price: price, fractional: fractional, step: step)
    }

    private func affordableWithCommission(cash: Double, price: Double, fractional: Bool, step: Double) -> Double {
        let perShare = price * (1 + settings.commissionPercent / 100) + settings.commissionPerShare
        var qty = ShareRounding.shares(cash / perShare, fractional: fractional)
        if settings.commissionMinimum > 0 {
            qty = min(qty, ShareRounding.shares(max(cash - settings.commissionMinimum, 0) / price, fractional: fractional))
        }
        // `max(step, qty.ulp)`: past 2^53 shares (a huge cash on a tiny price) `qty - 1` is
        // `qty` again, and the loop would never end; below that it is `step`, as always.
        while qty > 0, qty * price + settings.commission(qty: qty, price: price) > cash + 1e-9 { qty -= max(step, qty.ulp) }
        return max(qty, 0)
    }
}
