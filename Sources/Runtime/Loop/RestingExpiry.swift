import Audit
import Engine
import Foundation
import RuleLanguage

/// When a resting order of ours (limit, stop, stop-limit) has had its time, as the backtest
/// counts it (docs/BACKTEST.md §8): a `day` order rests on the bar after its decision only
/// (daily bars), a `gtc` order with `expire_bars: N` on the N bars after it. At the decision on
/// a later bar the order is dead; `OrderRouter.expireRestingOrders` cancels it at the broker.
///
/// It counts the bar times each symbol had since the decision among the bars the run has seen
/// (warm-up history included). After a restart whose history does not reach back to the
/// decision, the count is not known: the order is then canceled too (it never rests longer
/// than the strategy said), and the record says why.
struct RestingExpiry {
    /// The plan of each rule whose order rests, by rule id.
    private let plans: [String: OrderPlan]
    /// Bar times seen per symbol, ascending.
    private var seen: [String: [Int64]] = [:]

    init(core: TradingCore) {
        var plans: [String: OrderPlan] = [:]
        for rule in core.strategy.rules where rule.order.rests { plans[rule.id] = rule.order }
        self.plans = plans
    }

    /// Whether any rule places orders that expire.
    var isNeeded: Bool { plans.values.contains { $0.timeInForce == .day || $0.expireBars > 0 } }

    /// The run has seen bar `time` of `symbol` (history or live).
    mutating func note(symbol: String, time: Int64) {
        if let last = seen[symbol]?.last, last >= time { return }
        seen[symbol, default: []].append(time)
    }

    /// Why `order` is to be canceled at the decision on bar `time`, or nil while it may still fill.
    func verdict(_ order: AuditLedger.Order, at time: Int64) -> String? {
        // Exit legs carry their entry's rule; they rest until the position is closed.
        guard !order.isExitLeg, let rule = order.ruleId, let plan = plans[rule], let decided = order.decisionTime, decided < time else { return nil }
        switch plan.timeInForce {
        case .day:
            return "expired unfilled: a day order rests for the next session only; canceled by the bot"
        case .gtc:
            guard plan.expireBars > 0 else { return nil }
            let times = seen[order.symbol] ?? []
            guard let first = times.first, first <= decided else {
                return "expired: the bars since its decision are not known to this run (restarted), so it is canceled "
                    + "rather than left resting past expire_bars: \(plan.expireBars)"
            }
            let rested = times.reversed().prefix { $0 > decided }.filter { $0 <= time }.count
            return rested >= plan.expireBars
                ? "expired unfilled: it rested on the \(plan.expireBars) bars expire_bars gives it; canceled by the bot" : nil
        }
    }
}
