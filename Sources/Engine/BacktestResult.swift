import MarketData
import Policy
import RuleLanguage

/// Everything a backtest produced; the Report target turns it into numbers and pages.
public struct BacktestResult: Sendable {
    public let strategy: CheckedStrategy
    public let policy: CheckedPolicy
    public let ruleIDs: [String]
    public let settings: ExecutionSettings
    public let symbols: [String]
    /// Equity at each bar's close from the first traded bar (one point per timestamp).
    public let curve: EquityCurve
    public let orders: [OrderReport]
    public let trades: [Trade]
    public let openPositions: [OpenPosition]
    public let finalCash: Double
    public let commissionsPaid: Double
    /// Bars processed in total (all symbols), warm-up included.
    public let barsProcessed: Int
}

/// Flat arrays, one entry per timestamp.
public struct EquityCurve: Sendable, Equatable {
    public var times: [Int64] = []
    public var timeTexts: [String] = []
    public var equity: [Double] = []
    /// Market value of all positions at the close (exposure = share of points above 0).
    public var invested: [Double] = []

    public var count: Int { times.count }
}

/// One decision that asked for an order, and what became of it.
public struct OrderReport: Sendable {
    public enum Status: String, Sendable {
        case filled
        /// The policy blocked it.
        case blocked
        /// It needed approval and none was given (backtests without --approve-all).
        case needsApproval = "needs_approval"
        /// Decided on the last bar: no next open to fill at.
        case unfilled
        /// Allowed, but nothing could be filled (not enough cash for one share, nothing left to sell).
        case canceled
    }

    public let decision: PolicyDecision
    public internal(set) var status: Status
    public internal(set) var filledQty: Double?
    public internal(set) var fillPrice: Double?
    public internal(set) var commission: Double?
    public internal(set) var filledTime: Int64?
    public internal(set) var filledOffset: Int32?
    public internal(set) var note: String?

    public var intent: OrderIntent { decision.intent }
    public var decidedAt: String { intent.timeText }
    public var filledAt: String? { filledTime.map { OrderIDs.timeText($0, utcOffset: filledOffset) } }
}
