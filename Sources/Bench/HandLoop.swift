import Foundation
import MarketData

/// The speed limit: the same SMA 10/30 crossover with the same fill model (next open,
/// whole shares, 100 % of equity), written as one plain loop over arrays.
enum HandLoop {
    struct Result {
        var seconds: Double
        var finalEquity: Double
    }

    /// One timed run.
    static func once(series: BarSeries) -> Result {
        let start = DispatchTime.now().uptimeNanoseconds
        let equity = run(open: series.open, close: series.close)
        return Result(seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, finalEquity: equity)
    }

    @inline(never)
    static func run(open: [Double], close: [Double]) -> Double {
        let fast = 10, slow = 30
        var cash = 10_000.0, shares = 0.0
        var fastSum = 0.0, slowSum = 0.0
        var prevFast = Double.nan, prevSlow = Double.nan
        var pendingBuy = false, pendingSell = false, pendingNotional = 0.0
        open.withUnsafeBufferPointer { o in
            close.withUnsafeBufferPointer { c in
                for t in 0..<c.count {
                    if pendingBuy {
                        let q = (pendingNotional / o[t] + 1e-9).rounded(.down)
                        let affordable = (cash / o[t] + 1e-9).rounded(.down)
                        let qty = min(q, affordable)
                        cash -= qty * o[t]; shares += qty; pendingBuy = false
                    }
                    if pendingSell {
                        cash += shares * o[t]; shares = 0; pendingSell = false
                    }
                    fastSum += c[t]; if t >= fast { fastSum -= c[t - fast] }
                    slowSum += c[t]; if t >= slow { slowSum -= c[t - slow] }
                    let f = t >= fast - 1 ? fastSum / Double(fast) : .nan
                    let s = t >= slow - 1 ? slowSum / Double(slow) : .nan
                    if t >= slow && t < c.count - 1 {
                        if prevFast <= prevSlow && f > s {
                            pendingBuy = true; pendingNotional = cash + shares * c[t]
                        } else if prevFast >= prevSlow && f < s && shares > 0 {
                            pendingSell = true
                        }
                    }
                    prevFast = f; prevSlow = s
                }
            }
        }
        return cash + shares * close[close.count - 1]
    }
}
