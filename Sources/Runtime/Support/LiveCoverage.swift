import RuleLanguage
import Vocabulary

/// What of a strategy a live run carries to the broker, and the refusal for the rest.
///
/// A strategy is written once and backtested with every `order:` type and `exits:` key; a
/// live run that cannot place one of them must not start, because trading the entries
/// without it would drop a stop loss (or turn a limit into a market order) without a word.
/// This is the one list of what the runner does not carry yet: `LiveRunner.init` refuses a
/// strategy that needs any of it, and `algobot run` asks before it starts a simulator.
public enum LiveCoverage {
    /// Everything in `strategy` a live run cannot carry, each a located sentence with its fix,
    /// in the order they are written; empty when the run can carry the whole strategy.
    public static func gaps(in strategy: CheckedStrategy) -> [String] {
        var gaps: [String] = []
        for rule in strategy.rules {
            let order = rule.order
            let orderAt = (order.location ?? rule.location).description
            // A day order rests through the next bar's New York session; the runner expires it
            // after that session only on daily bars.
            if order.type != .market, order.timeInForce == .day, strategy.timeframe != "1Day" {
                gaps.append("\(orderAt): rule '\(rule.id)' has a \(order.type.rawValue) day order on \(strategy.timeframe) bars, "
                    + "which live and paper runs carry on 1Day bars only; backtest it with 'algobot backtest', or use "
                    + "time_in_force: gtc")
            }
            // Alpaca takes fractional shares only in simple market and day limit orders.
            if order.type != .market, rule.size?.fractional == true, order.type != .limit || order.timeInForce != .day {
                gaps.append("\(orderAt): rule '\(rule.id)' sends fractional shares in a \(order.type.rawValue) "
                    + "\(order.timeInForce.rawValue) order, which Alpaca refuses (fractional orders are market or day limit "
                    + "orders); remove fractional: true, or use type: limit with time_in_force: day")
            }
            if let exits = rule.exits, !exits.isEmpty {
                gaps += exitGaps(rule, exits: exits, orderAt: orderAt)
            }
            // The runner does not hand the strategy each bar's session: vwap would never have a
            // value, and its rules would silently never fire.
            if rule.condition.readsSessions {
                gaps.append("\(rule.location.description): rule '\(rule.id)' uses vwap, which live and paper runs do not support yet (the "
                    + "runner does not pass bar sessions to the strategy); backtest it with 'algobot backtest'")
            }
        }
        return gaps
    }

    /// Exits Alpaca cannot hold as the runner places them (docs/RUN.md, "What goes live as
    /// what"): a stop loss or take profit goes with its entry as one bracket order, whose legs
    /// live as long as the entry's `time_in_force` (the bot watches those of a fraction); a
    /// trailing stop is an order of its own (beside legs, which hold the shares, and for a
    /// fraction of a share, the bot watches it).
    private static func exitGaps(_ rule: CheckedStrategy.Rule, exits: CheckedStrategy.Exits, orderAt: String) -> [String] {
        var gaps: [String] = []
        guard exits.stopLoss != nil || exits.takeProfit != nil else { return gaps }
        if rule.order.type != .market, rule.order.timeInForce == .day {
            gaps.append("\(orderAt): rule '\(rule.id)' has a \(rule.order.type.rawValue) day entry with a stop loss or take "
                + "profit, whose legs would end with the entry's session at the broker; use time_in_force: gtc (with "
                + "expire_bars: 1 for the backtest's day)")
        }
        return gaps
    }

    /// The refusal of a live run of `strategy`, or nil when it can carry all of it.
    public static func refusal(_ strategy: CheckedStrategy) -> RuntimeError? {
        let gaps = gaps(in: strategy)
        return gaps.isEmpty ? nil : .notLive(gaps)
    }
}
