import Vocabulary

/// The sentences of an exit: why the engine placed the order and what filled it.
extension PlainWords {
    /// The heading of an exit order's "why": `the stop loss of the position rule "enter-long" opened`.
    static func exitWhy(_ reason: ExitReason, rule: String) -> String {
        "the \(reason.phrase) of the position rule \"\(rule)\" opened"
    }

    /// What filled an exit leg, in the numbers recorded with its fill:
    /// `stop loss at $104.50 = entry $110.00 − 5 %; the low of 2020-03-09, $103.90, reached it; filled at $104.50`,
    /// or `…; the bar of 2020-03-09 opened below it at $101.20: filled at the open`.
    /// `closing` is the fill's side: a sell closes a long, whose stops lie below.
    static func trigger(_ t: ExitTrigger, closing: Side, at: String, price: Double) -> String {
        let shown = Money.distinguishing([t.level, t.entryPrice, t.mark, t.reached, t.open, price])
        var text = "\(t.reason.phrase) at \(dollars(shown[0]))" + basis(t, shown: shown, closing: closing)
        // A long's stops and a short's target lie below the price; a long's target and a short's stops above.
        let below = t.reason.isStop == (closing == .sell)
        if t.atOpen {
            text += "; the bar of \(at) opened \(below ? "below" : "above") it at \(dollars(shown[4])): filled at the open"
        } else if t.reached != nil {
            text += "; the \(below ? "low" : "high") of \(at), \(dollars(shown[3])), reached it; filled at \(dollars(shown[5]))"
        } else {
            text += "; filled at \(dollars(shown[5]))"
        }
        return text
    }

    /// How the level was set: `= entry $110.00 − 5 %`, `= highest since entry $120.00 − 10 %`,
    /// or, for a `price:` level, where it came from.
    private static func basis(_ t: ExitTrigger, shown: [String], closing: Side) -> String {
        guard let percent = t.percent else {
            return " (its price: level, set when the entry was decided)"
        }
        // Below a long for stops, above it for targets; mirrored for a short.
        let minus = t.reason.isStop == (closing == .sell)
        let sign = minus ? "−" : "+"
        let amount = "\(Money.plain(percent)) %"
        if t.reason == .trailingStop, t.mark != nil {
            let extreme = closing == .sell ? "highest" : "lowest"
            let from = t.mark == t.entryPrice ? "entry \(dollars(shown[1]))" : "\(extreme) since entry \(dollars(shown[2]))"
            return " = \(from) \(sign) \(amount)"
        }
        guard t.entryPrice != nil else { return "" }
        return " = entry \(dollars(shown[1])) \(sign) \(amount)"
    }

    /// Who held a live exit until it went: `the broker, as a stop order at $104.50 sent with the
    /// entry (a leg of its bracket or OTO order)`, or `the bot, not the broker: stop_loss at
    /// $104.50; the bar's low reached it. Alpaca holds no exit order for a fraction of a share, …`
    /// (`watched`: the `exit_watched` note's words, without the decision id they start with).
    static func exitHeldBy(_ reason: ExitReason, orderType: OrderType?, price: Double, watched: String?) -> String {
        if let watched { return "the bot, not the broker: \(watched)" }
        switch orderType {
        case .trailingStop?:
            return "the broker, as a trailing stop order placed when the entry filled; it follows the best price since"
        case let type? where type != .market:
            return "the broker, as a \(type.phrase) order at \(Money.text(price)) sent with the entry (a leg of its bracket or OTO order)"
        default:
            if reason == .maxBars {
                return "the bot: a market order decided at the close where the position had been held for the strategy's max_bars"
            }
            return "the bot: a market order decided at a close where the bar reached the level (the broker held no order for it)"
        }
    }

    /// What filled a live exit, from the decision's level and the fill: `stop loss at $104.50
    /// (the order's level); the broker filled it at $104.31`. A trailing stop's level moved at
    /// the broker, and a market sale had none: only the fill is said. No time: the fill record's
    /// is when the bot learned of it, which "At the broker" lists; the broker's is not recorded.
    static func brokerTrigger(_ reason: ExitReason, orderType: OrderType?, level: Double, price: Double) -> String {
        let filled = "the broker filled it at \(Money.text(price))"
        switch orderType {
        case .stop?, .limit?, .stopLimit?:
            let shown = Money.distinguishing([level, price])
            return "\(reason.phrase) at \(dollars(shown[0])) (the order's level); the broker filled it at \(dollars(shown[1]))"
        case .trailingStop?:
            return "\(reason.phrase) (its level followed the price at the broker); \(filled)"
        default:
            return "\(reason.phrase): a market order; \(filled)"
        }
    }

    /// A note's words without the decision id (and colon) they start with.
    static func withoutDecisionId(_ message: String, _ id: String) -> String {
        let prefix = id + ": "
        return message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
    }

    private static func dollars(_ number: String) -> String { "$" + number }
}
