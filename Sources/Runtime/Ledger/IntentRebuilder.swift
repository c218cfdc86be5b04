import Audit
import Engine
import Policy
import RuleLanguage

/// Turns a recorded decision back into the order intent the engine made, so the policy can
/// judge it again (at approval and before sending an approved order). The rebuilt intent must
/// give the recorded decision id and client order id; otherwise the strategy changed and the
/// order is refused (fail closed).
public enum IntentRebuilder {
    public static func intent(from record: DecisionRecord, decidedAt: String, core: TradingCore) throws -> OrderIntent {
        guard core.symbols.contains(record.symbol) else {
            throw RuntimeError.staleDecision(record.id, "symbol \(record.symbol) is not in strategy \(core.strategy.source.name) any more")
        }
        guard let rule = core.strategy.rules.first(where: { $0.id == record.rule.id }) else {
            throw RuntimeError.staleDecision(record.id, "rule \(record.rule.id) is not in the strategy any more")
        }
        guard let time = MarketTime.parseBarTime(decidedAt) else {
            throw RuntimeError.staleDecision(record.id, "its time '\(decidedAt)' is not a bar time")
        }
        guard let side = OrderIntent.Side(rawValue: record.order.side),
              let action = CheckedStrategy.Action(rawValue: record.order.action) else {
            throw RuntimeError.staleDecision(record.id, "its order side or action is not readable")
        }
        let intent = OrderIntent(strategy: core.strategy.source.name, symbol: record.symbol, ruleId: rule.id, time: time.time,
                                 utcOffset: time.utcOffset, side: side, action: action, qty: record.order.qty,
                                 notional: record.order.notional, price: record.order.price,
                                 fractional: rule.size?.fractional ?? false)
        guard intent.decisionId == record.id, intent.clientOrderId == record.order.clientOrderId else {
            throw RuntimeError.staleDecision(record.id, "the strategy no longer produces the same order id")
        }
        return intent
    }
}
