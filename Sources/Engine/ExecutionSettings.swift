import Vocabulary

/// Per-run settings of the fill and accounting model (documented in docs/BACKTEST.md).
public struct ExecutionSettings: Sendable, Equatable {
    public var startingCash: Double
    /// Commission per order = max(minimum, perShare × shares + percent % × notional);
    /// all zero by default.
    public var commissionPerShare: Double
    public var commissionMinimum: Double
    public var commissionPercent: Double
    /// Slippage in basis points against us: buys fill higher, sells lower.
    public var slippageBps: Double
    /// Force fractional shares for every order (sizes may also ask with `fractional: true`).
    public var fractional: Bool
    /// Execute orders that need approval as if a person approved them (to see the unguarded result).
    public var approveAll: Bool
    /// Annual borrow fee on short positions, in percent (`--borrow-fee-pct`; 0: none). Charged
    /// once per trading day, at the close of the day's last bar, on shares short × that close ×
    /// `borrowFeePercent` / 100 / 252 (a year of 252 trading days; docs/BACKTEST.md).
    public var borrowFeePercent: Double

    /// Trading days per year in the borrow fee's day count.
    public static let borrowFeeDaysPerYear = 252.0

    /// The fraction of a short position's value charged per trading day.
    public var borrowFeeDailyRate: Double { borrowFeePercent / 100 / Self.borrowFeeDaysPerYear }

    public init(startingCash: Double = 10_000, commissionPerShare: Double = 0, commissionMinimum: Double = 0,
                commissionPercent: Double = 0, slippageBps: Double = 0, fractional: Bool = false, approveAll: Bool = false,
                borrowFeePercent: Double = 0) {
        self.startingCash = startingCash
        self.commissionPerShare = commissionPerShare
        self.commissionMinimum = commissionMinimum
        self.commissionPercent = commissionPercent
        self.slippageBps = slippageBps
        self.fractional = fractional
        self.approveAll = approveAll
        self.borrowFeePercent = borrowFeePercent
    }

    public func commission(qty: Double, price: Double) -> Double {
        let fee = commissionPerShare * qty + commissionPercent / 100 * qty * price
        return max(fee, commissionMinimum)
    }

    /// The open moved against us by the slippage: up for a side that adds shares, down for one that removes them.
    public func fillPrice(open: Double, side: Side) -> Double {
        open * (1 + side.sign * slippageBps / 10_000)
    }
}
