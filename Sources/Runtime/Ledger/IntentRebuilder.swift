import Audit
import Engine
import Policy
import RuleLanguage

/// The order intent a recorded decision judged, read from the record's `input` (what the
/// policy saw, order type and limit and stop prices included), so the policy can judge it again (at approval and before sending an approved
/// order) without parsing anything back out of the record's text.
///
/// Fail closed: the strategy must still have the symbol and the rule, and still produce the
/// recorded decision id and client order id from that intent (a renamed strategy, or a
/// record whose input does not agree with its ids, is refused). A record written before
/// decisions carried their input cannot be judged again and is refused too.
public enum IntentRebuilder {
    public static func intent(from record: DecisionRecord, core: TradingCore) throws -> OrderIntent {
        guard let input = record.input?.intent else {
            throw RuntimeError.staleDecision(record.id, "it was recorded before decision records carried the policy's input, "
                + "so it cannot be judged again; reject it and let the strategy decide anew")
        }
        guard input.symbol == record.symbol, input.ruleId == record.rule.id else {
            throw RuntimeError.staleDecision(record.id, "its recorded input (symbol \(input.symbol), rule \(input.ruleId)) "
                + "does not agree with the record (symbol \(record.symbol), rule \(record.rule.id))")
        }
        guard core.symbols.contains(input.symbol) else {
            throw RuntimeError.staleDecision(record.id, "symbol \(input.symbol) is not in strategy \(core.strategy.source.name) any more")
        }
        guard let rule = core.strategy.rules.first(where: { $0.id == input.ruleId }) else {
            throw RuntimeError.staleDecision(record.id, "rule \(input.ruleId) is not in the strategy any more")
        }
        // A rule's own order is judged again as the order it is (a limit at its limit, …): a
        // record whose type is not the rule's (written before decisions carried order types,
        // when every recorded input read as a market order) is not sent as something else.
        // The first half of a reversal and an exit are the engine's orders, not the rule's.
        let recordedType = input.orderType ?? .market
        if input.reversing != true, input.exitReason == nil, recordedType != rule.order.type {
            throw RuntimeError.staleDecision(record.id, "rule \(input.ruleId) places a \(rule.order.type.phrase) order, but the "
                + "decision recorded a \(recordedType.phrase) order (recorded before decisions carried order types, or the "
                + "rule changed since), so it is not sent as either; reject it and let the strategy decide anew")
        }
        // The running strategy's name, not the recorded one: the ids below then say whether it
        // is still the strategy that decided.
        var recorded = input
        recorded.strategy = core.strategy.source.name
        let intent = OrderIntent(recorded)
        guard intent.decisionId == record.id, intent.clientOrderId == record.order.clientOrderId else {
            throw RuntimeError.staleDecision(record.id, "the strategy no longer produces the same order id")
        }
        return intent
    }
}
