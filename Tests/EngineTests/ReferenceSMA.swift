import MarketData

/// An independent, deliberately naive SMA-crossover backtest used to check the engine:
/// full-window sums every bar (no running state), the documented fill model (decide at
/// the close, fill at the next open, whole shares, 100 % of equity, capped by cash).
enum ReferenceSMA {
    struct Trade: Equatable { var entry: Int; var exit: Int; var qty: Double; var entryPrice: Double; var exitPrice: Double }

    static func run(_ s: BarSeries, fast: Int, slow: Int, cash startCash: Double) -> (equity: Double, trades: [Trade], openQty: Double) {
        func sma(_ t: Int, _ n: Int) -> Double {
            guard t >= n - 1 else { return .nan }
            var sum = 0.0
            for i in (t - n + 1)...t { sum += s.close[i] }
            return sum / Double(n)
        }
        var cash = startCash, qty = 0.0
        var trades: [Trade] = []
        var pending: (buy: Bool, notional: Double)?
        var entryBar = 0, entryPrice = 0.0, entryQty = 0.0
        for t in 0..<s.count {
            if let order = pending {
                let price = s.open[t]
                if order.buy {
                    let q = min((order.notional / price + 1e-9).rounded(.down), (cash / price + 1e-9).rounded(.down))
                    if q > 0 {
                        cash -= q * price; qty += q
                        entryBar = t; entryPrice = price; entryQty = q
                    }
                } else if qty > 0 {
                    cash += qty * price
                    trades.append(Trade(entry: entryBar, exit: t, qty: entryQty, entryPrice: entryPrice, exitPrice: price))
                    qty = 0
                }
                pending = nil
            }
            guard t >= slow, t < s.count - 1 else { continue }
            let f0 = sma(t - 1, fast), s0 = sma(t - 1, slow), f1 = sma(t, fast), s1 = sma(t, slow)
            if f0 <= s0 && f1 > s1 {
                pending = (true, cash + qty * s.close[t])
            } else if f0 >= s0 && f1 < s1 && qty > 0 {
                pending = (false, 0)
            }
        }
        return (cash + qty * s.close[s.count - 1], trades, qty)
    }
}
