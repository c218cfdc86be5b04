/// A per-bar value the strategy reads that is not in the bar itself: the calendar of the
/// bar's start (`day_of_week`), or another symbol's bar at the same time (`SPY.close`). The caller works out one column per input and symbol
/// before the run (`InputColumns` in the engine: the time-zone work happens there, once,
/// never in a kernel) and hands the strategy each bar's value (`CompiledStrategy.setInputs`,
/// or `BarPointers.inputs` in blocks).
package enum StrategyInput: Hashable, Sendable {
    case calendar(CalendarValue)
    /// `SPY.close`, `sma(SPY.close, 200)`: a value of another symbol's bars alone, computed
    /// over that symbol's own bars (`own` reads its fields as `close`, …) and then taken at
    /// each bar's time; no value where that symbol has no bar at exactly that time.
    case reference(symbol: String, own: TypedExpr)

    /// As a condition writes it.
    package var text: String {
        switch self {
        case .calendar(let c): return c.name
        case .reference(let symbol, let own): return own.text + " of " + symbol
        }
    }

    /// The other symbol it reads, if any.
    package var referenceSymbol: String? {
        if case .reference(let symbol, _) = self { return symbol }
        return nil
    }
}
