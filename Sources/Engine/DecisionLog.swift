import Policy
import RuleLanguage
import Vocabulary

/// One decided order as plain figures: the strategy rule that fired, what it asked for,
/// the account the policy saw, the outcome, and what became of the order. No text and no
/// references, so a backtest records a decision per order without allocating per order;
/// everything an `OrderReport` or an audit record says is rebuilt from it on demand.
struct OrderEntry {
    enum Note: UInt8 {
        case none, noCash, nothingToSell, lastBar, expired, positionClosed, workingAtEnd, nothingToCover, stillLong, lessThanAShare

        var text: String? {
            switch self {
            case .none: return nil
            case .noCash: return "not enough cash for one share at the open"
            case .nothingToSell: return "nothing left to sell"
            case .lastBar: return "decided on the last bar: no next open to fill at"
            case .expired: return "expired unfilled"
            case .positionClosed: return "canceled: the position was closed"
            case .workingAtEnd: return "still working when the data ended"
            case .nothingToCover: return "nothing left to cover"
            case .stillLong: return "the position is still long (its sale did not fill), so no short was opened"
            case .lessThanAShare: return "less than one whole share to sell short"
            }
        }
    }

    // 144 bytes (the stride), written once per decision: symbol, rule and bars by number,
    // the order's figures packed (no Optional padding), and the account exactly as the
    // policy saw it. The policy judges `order` and `account` where they lie here.
    var symbol: Int32
    var rule: Int32
    /// The decision bar and the fill bar (−1 until filled), numbers in the symbol's series.
    var bar: Int32
    var filledBar: Int32 = -1
    /// What the order asks for: side, action, amounts, prices, how it fills (market unless
    /// the rule's `order:` or an exit says otherwise).
    private(set) var order: PackedOrder
    private var reversing = false
    var outcome: Outcome = .block
    var status: OrderReport.Status = .blocked
    var note: Note = .none
    /// `ExitReason.code` for an exit leg or a `max_bars` sell (the engine's orders); 0 for a rule's order.
    private(set) var exitCode: UInt8 = 0
    var account: AccountSnapshot
    var filledQty = 0.0
    var fillPrice = 0.0
    var commission = 0.0

    @inline(__always)
    init(symbol: Int, rule: Int, bar: Int, figures f: OrderFigures, account: AccountSnapshot) {
        self.symbol = Int32(truncatingIfNeeded: symbol)
        self.rule = Int32(truncatingIfNeeded: rule)
        self.bar = Int32(truncatingIfNeeded: bar)
        order = PackedOrder(f)
        exitCode = f.exitReason?.code ?? 0
        reversing = f.reversing
        self.account = account
    }

    var side: Side { order.side }
    var orderType: OrderType { order.orderType }

    var figures: OrderFigures {
        var f = order.figures
        f.exitReason = exitReason
        f.reversing = reversing
        return f
    }

    /// The policy's outcome for this order, its figures and account read where they lie
    /// (the record is written before it is judged); the status bytes go to `statuses`.
    @inline(__always)
    mutating func judge(by policy: CompiledPolicy, symbol: @autoclosure () -> String, statuses: UnsafeMutablePointer<UInt8>) -> Outcome {
        policy.outcome(of: &order, symbol: symbol(), account: &account, statuses: statuses)
    }

    /// The fill model's answer for this order at an open, its figures read in place
    /// (`figures` would rebuild them, optionals and all, for every fill).
    @inline(__always)
    func fill(by model: FillModel, open: Double, cash: Double, position: Double) -> FillModel.Fill? {
        model.fill(side: order.side, action: order.action, qty: order.askedQty, notional: order.askedNotional,
                   fractional: order.fractional, open: open, cash: cash, position: position)
    }

    /// Whether the order closes (part of) a position: `sell`, `sell_all`, `buy_to_cover`, `cover_all`.
    var closes: Bool { !side.opens }
    /// An order the engine made for an exit, not a rule's decision (no observed values).
    var isExit: Bool { exitCode != 0 }
    var exitReason: ExitReason? { ExitReason(code: exitCode) }
    var isFilled: Bool { filledBar >= 0 }
}

/// The decision records of a backtest, compact: one `OrderEntry` per decision plus flat
/// arrays of the values each fired rule saw and each policy check's status. `reports()`
/// turns them into `OrderReport`s (re-judging each order with the same policy gives the
/// same decision: the policy is a pure function of the figures recorded here).
public struct DecisionLog: Sendable {
    let entries: FlatBuffer<OrderEntry>
    /// Per order: (value, previous) for each observed value of its rule; NaN previous = none.
    let observed: FlatBuffer<Double>
    /// Per order: one `CheckStatus` byte per policy check, in check order.
    let statuses: FlatBuffer<UInt8>
    let names: OrderNames
    /// Figures (value, previous) per fired rule, to find each order's in `observed`.
    let observedFigures: [Int]

    var policy: CompiledPolicy { names.policy }
    var approval: HumanApproval? { names.approval }

    /// Decisions recorded.
    public var count: Int { entries.count }

    /// Bytes the log holds per decision (entries, observed values, check statuses).
    public static func bytesPerDecision(_ log: DecisionLog?) -> Int {
        guard let log, log.count > 0 else { return 0 }
        let bytes = log.entries.count * MemoryLayout<OrderEntry>.stride + log.observed.count * 8 + log.statuses.count
        return bytes / log.count
    }

    func intent(_ e: OrderEntry) -> OrderIntent { names.intent(e) }

    /// The full decision for entry `e`, judged again by the same policy.
    func decision(_ e: OrderEntry) -> PolicyDecision {
        policy.evaluate(intent(e), account: e.account, approval: approval)
    }

    /// Every decision as an `OrderReport`, in decision order.
    public func reports() -> [OrderReport] { Array(OrderReports(log: self)) }

    /// Where each order's observed values start in `observed` (exits saw none).
    func observedStarts() -> [Int] {
        var at = 0
        return (0..<entries.count).map { i in
            let e = entries[i]
            defer { if !e.isExit { at += observedFigures[Int(e.rule)] } }
            return at
        }
    }

    /// Entry `i` as an `OrderReport`; its observed values start at `observedAt`.
    func report(_ i: Int, observedAt: Int) -> OrderReport {
        let e = entries[i]
        let observedValues = e.isExit ? [] : names.strategy.observedValues(rule: Int(e.rule), stored: observed.pointer(observedAt))
        let s = Int(e.symbol)
        return OrderReport(decision: decision(e), status: e.status, filledQty: e.isFilled ? e.filledQty : nil,
                           fillPrice: e.isFilled ? e.fillPrice : nil, commission: e.isFilled ? e.commission : nil,
                           filledTime: e.isFilled ? names.times.time(s, e.filledBar) : nil,
                           filledOffset: e.isFilled ? names.times.offset(s, e.filledBar) : nil,
                           note: e.note.text, observed: observedValues, orderType: e.orderType, exitReason: e.exitReason)
    }

    /// Entry `i`'s rule, outcome and status: what a report counts, without judging it again.
    func gist(_ i: Int) -> OrderReports.Gist {
        let e = entries[i]
        return .init(ruleId: names.strategy.rules[Int(e.rule)].id, outcome: e.outcome, status: e.status,
                     approved: approval != nil, canceledForLackOfCash: e.status == .canceled && e.note == .noCash)
    }
}

/// What turns an `OrderEntry`'s numbers back into names: the policy that judged it, the
/// strategy whose rule fired, the symbols and bar times, and the approval a backtest gives
/// (`--approve-all`).
struct OrderNames: Sendable {
    let policy: CompiledPolicy
    let strategy: CompiledStrategy
    let times: BarTimes
    let approval: HumanApproval?

    func intent(_ e: OrderEntry) -> OrderIntent {
        let s = Int(e.symbol)
        return OrderIntent(strategy: strategy.source.name, symbol: times.symbols[s], ruleId: strategy.rules[Int(e.rule)].id,
                           time: times.time(s, e.bar), utcOffset: times.offset(s, e.bar), figures: e.figures)
    }
}
