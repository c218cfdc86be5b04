import Foundation
import MarketData

/// Deterministic random walk (SplitMix64), so every run measures the same bars. The log
/// price is pulled gently back towards 100 so a million bars stay in a realistic range.
enum RandomWalk {
    static func series(symbol: String, bars: Int, seed: UInt64) -> BarSeries {
        var state = seed
        func next() -> Double {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            z ^= z >> 31
            return Double(z >> 11) / Double(1 << 53)
        }
        var s = BarSeries(symbol: symbol)
        s.times.reserveCapacity(bars)
        var logPrice = 0.0
        var price = 100.0
        for i in 0..<bars {
            let open = price * (1 + (next() - 0.5) * 0.004)
            logPrice = logPrice * 0.999 + (next() - 0.5) * 0.02
            let close = 100 * exp(logPrice)
            let high = max(open, close) * (1 + next() * 0.005)
            let low = min(open, close) * (1 - next() * 0.005)
            s.times.append(Int64(i) * 86_400)
            s.open.append(open)
            s.high.append(high)
            s.low.append(low)
            s.close.append(close)
            s.volume.append(1_000_000)
            price = close
        }
        return s
    }
}
