import Policy
import Vocabulary

/// A run's orders as `OrderReport`s, each built when it is read. A backtest keeps its
/// decisions compact (`DecisionLog`): a report that held all of them as `OrderReport`s
/// would hold every check's words for every order (tens of megabytes for a million-bar run)
/// while it only writes them out one at a time, and counts them from their figures.
/// A recorded run's orders (`algobot report --audit`) are built already and kept as they are.
public struct OrderReports: RandomAccessCollection, Sendable {
    /// What a report counts about one order: its rule, the policy's outcome, what became of it.
    public struct Gist: Sendable {
        public let ruleId: String
        public let outcome: Outcome
        public let status: OrderReport.Status
        /// A person's approval (or `--approve-all`) came with the decision.
        public let approved: Bool
        /// Allowed, but the cash left at the next open did not pay for one share.
        public let canceledForLackOfCash: Bool
    }

    private enum Storage: Sendable {
        case built([OrderReport])
        case log(DecisionLog, observedStarts: [Int])
    }

    private let storage: Storage

    public init(_ orders: [OrderReport]) {
        storage = .built(orders)
    }

    init(log: DecisionLog) {
        storage = .log(log, observedStarts: log.observedStarts())
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .built(let orders): orders.count
        case .log(let log, _): log.count
        }
    }

    /// Built on each read from a backtest's decision log (the policy judges the order again,
    /// with the same figures, to give its words): read each order once where you can.
    public subscript(i: Int) -> OrderReport {
        switch storage {
        case .built(let orders): orders[i]
        case .log(let log, let starts): log.report(i, observedAt: starts[i])
        }
    }

    /// Order `i`'s gist, read from its figures (nothing is judged again or built).
    public func gist(_ i: Int) -> Gist {
        switch storage {
        case .log(let log, _):
            return log.gist(i)
        case .built(let orders):
            let o = orders[i]
            return Gist(ruleId: o.intent.ruleId, outcome: o.decision.outcome, status: o.status,
                        approved: o.decision.approval != nil, canceledForLackOfCash: o.canceledForLackOfCash)
        }
    }

    /// The statuses and policy objections a report prints, `violations` long (one per policy
    /// check, `BacktestResult.ruleIDs` order). The same figures for a decision log (counted
    /// from its status bytes) as for its `OrderReport`s.
    public func tally(checks: Int) -> DecisionLog.Tally {
        switch storage {
        case .log(let log, _):
            return log.tally()
        case .built(let orders):
            var tally = DecisionLog.Tally(violations: Array(repeating: (0, 0), count: checks))
            for order in orders {
                tally.statuses[order.status.rawValue, default: 0] += 1
                if order.canceledForLackOfCash { tally.canceledNoCash += 1 }
                for check in order.decision.checks where check.status != .pass {
                    switch check.outcome {
                    case .block: tally.violations[check.index].block += 1
                    case .needsApproval: tally.violations[check.index].needsApproval += 1
                    case .allow: break
                    }
                }
            }
            return tally
        }
    }
}
