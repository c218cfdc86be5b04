import MarketData
import Policy
import RuleLanguage
import Vocabulary

/// Everything a backtest produced; the Report target turns it into numbers and pages.
public struct BacktestResult: Sendable {
    public let strategy: CheckedStrategy
    public let policy: CheckedPolicy
    public let ruleIDs: [String]
    public let settings: ExecutionSettings
    public let symbols: [String]
    /// Equity at each bar's close from the first traded bar (one point per timestamp).
    public let curve: EquityCurve
    /// The decision record of every order, compact (see `DecisionLog`).
    public let decisions: DecisionLog?
    private let givenOrders: [OrderReport]?
    /// The round trips, compact (see `TradeLog`).
    public let tradeLog: TradeLog?
    private let givenTrades: [Trade]?
    public let openPositions: [OpenPosition]
    public let finalCash: Double
    public let commissionsPaid: Double
    /// Borrow fees charged on short positions (`--borrow-fee-pct`).
    public internal(set) var borrowFeesPaid = 0.0
    /// Bars processed in total (all symbols), warm-up included.
    public let barsProcessed: Int

    /// Every decision as an `OrderReport`, in decision order. Built from `decisions` on
    /// each call (a backtest keeps its decisions compact): keep the array if you read it often.
    public var orders: [OrderReport] { givenOrders ?? decisions?.reports() ?? [] }

    /// Every decision, each built as an `OrderReport` when read (see `OrderReports`).
    public var orderReports: OrderReports {
        if let givenOrders { return OrderReports(givenOrders) }
        return decisions.map(OrderReports.init(log:)) ?? OrderReports([])
    }

    /// Every closed round trip, oldest first. Built from `tradeLog` on each call.
    public var trades: [Trade] { givenTrades ?? tradeLog?.trades ?? [] }

    public init(strategy: CheckedStrategy, policy: CheckedPolicy, ruleIDs: [String], settings: ExecutionSettings, symbols: [String],
                curve: EquityCurve, orders: [OrderReport], trades: [Trade], openPositions: [OpenPosition], finalCash: Double,
                commissionsPaid: Double, barsProcessed: Int) {
        self.init(strategy: strategy, policy: policy, ruleIDs: ruleIDs, settings: settings, symbols: symbols, curve: curve,
                  decisions: nil, givenOrders: orders, tradeLog: nil, givenTrades: trades, openPositions: openPositions, finalCash: finalCash,
                  commissionsPaid: commissionsPaid, barsProcessed: barsProcessed)
    }

    init(strategy: CheckedStrategy, policy: CheckedPolicy, ruleIDs: [String], settings: ExecutionSettings, symbols: [String],
         curve: EquityCurve, decisions: DecisionLog?, givenOrders: [OrderReport]?, tradeLog: TradeLog?, givenTrades: [Trade]?,
         openPositions: [OpenPosition],
         finalCash: Double, commissionsPaid: Double, barsProcessed: Int) {
        self.strategy = strategy
        self.policy = policy
        self.ruleIDs = ruleIDs
        self.settings = settings
        self.symbols = symbols
        self.curve = curve
        self.decisions = decisions
        self.givenOrders = givenOrders
        self.tradeLog = tradeLog
        self.givenTrades = givenTrades
        self.openPositions = openPositions
        self.finalCash = finalCash
        self.commissionsPaid = commissionsPaid
        self.barsProcessed = barsProcessed
    }
}


/// One decision that asked for an order, and what became of it.
public struct OrderReport: Sendable {
    public enum Status: RawRepresentable, Sendable, CaseIterable {
        case filled
        /// The policy blocked it.
        case blocked
        /// It needed approval and none was given (backtests without --approve-all).
        case needsApproval
        /// Decided on the last bar: no next open to fill at.
        case unfilled
        /// Allowed, but nothing could be filled (not enough cash for one share, nothing left to sell).
        case canceled

        /// The word of reports: `filled`, `blocked`, `needs_approval` (the outcome's word), `unfilled`, `canceled`.
        public var rawValue: String {
            switch self {
            case .filled: return "filled"
            case .blocked: return "blocked"
            case .needsApproval: return Outcome.needsApproval.rawValue
            case .unfilled: return "unfilled"
            case .canceled: return "canceled"
            }
        }

        public init?(rawValue: String) {
            guard let status = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
            self = status
        }
    }

    public let decision: PolicyDecision
    public let status: Status
    public let filledQty: Double?
    public let fillPrice: Double?
    public let commission: Double?
    public let filledTime: Int64?
    public let filledOffset: Int32?
    public let note: String?
    /// The values the strategy rule saw on the decision bar (expression, value, previous).
    public let observed: [(expression: String, value: Double, previous: Double?)]
    /// How the order fills: `market`, `limit`, `stop`, `stop_limit` (an exit leg: `stop`,
    /// `limit` or `trailing_stop`).
    public var orderType: OrderType = .market
    /// For an exit leg or a `max_bars` sell, which exit it is; nil for a rule's order.
    public var exitReason: ExitReason? = nil

    public var intent: OrderIntent { decision.intent }
    /// Allowed, but at the next open the cash left did not pay for one share (usually because
    /// other buys took it first): the engine's `noCash` note.
    public var canceledForLackOfCash: Bool { status == .canceled && note == OrderEntry.Note.noCash.text }
    public var decidedAt: String { intent.timeText }
    public var filledAt: String? { filledTime.map { OrderIDs.timeText($0, utcOffset: filledOffset) } }
}
