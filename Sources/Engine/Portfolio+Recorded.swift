import MarketData
import Vocabulary

/// A portfolio that replays fills somebody else made: the fills a paper or simulator run
/// recorded in its audit log (`algobot report --audit`). The same arithmetic as a backtest's
/// fills (`fill`, `settle`), so round trips, open positions and equity of a recorded run are
/// counted exactly as a backtest counts its own.
extension Portfolio {
    /// An empty portfolio with `cash` over `series` (bars by number, as `recordFill` takes them).
    public convenience init(series: [BarSeries], cash: Double) {
        self.init(times: BarTimes(series: series), cash: cash)
    }

    /// Applies one recorded fill of symbol number `symbol` on its bar number `bar`. `rule`: the
    /// index of the rule whose decision made the order (what a closing sell was closed by), or
    /// nil when the log does not say (holdings the run started with); its trade then has no
    /// `exit_reason` rather than a made-up one.
    public func recordFill(symbol: Int, side: Side, qty: Double, price: Double, commission: Double, bar: Int, rule: Int?) {
        // A rule index past the strategy's rules names nothing (`ClosedTrade.trade`).
        let closedBy = rule.map { Int32(clamping: $0) } ?? Int32.max
        fill(symbol: symbol, side: side, qty: qty, price: price, commission: commission, bar: Int32(bar), closedBy: closedBy)
    }
}
