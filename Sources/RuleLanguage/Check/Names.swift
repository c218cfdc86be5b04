/// Every name an expression can use, by the kind of file it appears in. One table so the
/// type checker, did-you-mean suggestions and docs/RULES.md agree.

/// Price and volume of the current bar; `close[1]` is the previous bar's close.
package enum BarField: Int, CaseIterable, Sendable, Hashable {
    case open, high, low, close, volume
    package var name: String { ["open", "high", "low", "close", "volume"][rawValue] }
}

/// The strategy's own account as of this bar's close (strategy files).
package enum AccountValue: Int, CaseIterable, Sendable, Hashable {
    case position, positionValue, equity, cash
    package var name: String { ["position", "position_value", "equity", "cash"][rawValue] }
}

/// The open position of this symbol since its entry fill (strategy files). Without a
/// position they have no value (NaN), so a comparison reading them is false.
package enum EntryValue: Int, CaseIterable, Sendable, Hashable {
    /// The average fill price of the open position (slippage included).
    case entryPrice
    /// Bar closes since the entry fill; the fill bar counts 1.
    case barsHeld
    /// (close − entry_price) / entry_price × 100.
    case unrealizedPct
    /// The highest high (lowest low) from the fill bar to this bar.
    case highestSinceEntry, lowestSinceEntry
    package var name: String {
        ["entry_price", "bars_held", "unrealized_pct", "highest_since_entry", "lowest_since_entry"][rawValue]
    }
}

/// The order being decided and the portfolio around it (policy files). Money in dollars,
/// quantities in shares, `drawdown_today` in percent (1.5 means down 1.5 % today).
package enum OrderValue: Int, CaseIterable, Sendable, Hashable {
    case qty, notional, price, position, positionAfter, positionValueAfter, grossExposureAfter, drawdownToday, equity, cash
    /// The order's limit and stop prices; no value for an order type without them.
    case limitPrice, stopPrice
    /// Dollars short in the symbol after the order (0 unless the order leaves it short).
    case shortValueAfter
    package var name: String {
        ["qty", "notional", "price", "position", "position_after", "position_value_after",
         "gross_exposure_after", "drawdown_today", "equity", "cash", "limit_price", "stop_price", "short_value_after"][rawValue]
    }
}

/// Text values of the order being decided (policy files): `symbol == "SPY"`, `side == "buy"`.
package enum OrderText: Int, CaseIterable, Sendable, Hashable {
    case symbol, side, action, orderType
    package var name: String { ["symbol", "side", "action", "order_type"][rawValue] }
}

/// True/false facts about the order being decided (policy files).
package enum OrderFlag: Int, CaseIterable, Sendable, Hashable {
    case reducesPosition
    package var name: String { "reduces_position" }
}

/// Indicators of one series and one period: `sma(close, 20)`.
package enum Indicator: String, CaseIterable, Sendable, Hashable {
    case sma, ema, rsi, highest, lowest, stdev, wma, roc
}

package enum FileKind: String, Sendable, CaseIterable {
    /// `config` files (`algobot.yaml`) hold run settings; they have no expressions.
    case strategy, policy, config
}

/// Resolves a bare name in a given kind of file.
enum NameTable {
    enum Meaning {
        case field(BarField)
        case account(AccountValue)
        case entry(EntryValue)
        case orderValue(OrderValue)
        case orderText(OrderText)
        case orderFlag(OrderFlag)
        case barValue(BarValue)
        case calendar(CalendarValue)
        case bool(Bool)
    }

    static func lookup(_ name: String, in kind: FileKind) -> Meaning? {
        if name == "true" { return .bool(true) }
        if name == "false" { return .bool(false) }
        switch kind {
        case .config:
            return nil
        case .strategy:
            if let f = BarField.allCases.first(where: { $0.name == name }) { return .field(f) }
            if let a = AccountValue.allCases.first(where: { $0.name == name }) { return .account(a) }
            if let e = EntryValue.allCases.first(where: { $0.name == name }) { return .entry(e) }
            if let v = BarValue(rawValue: name) { return .barValue(v) }
            if let c = CalendarValue.allCases.first(where: { $0.name == name }) { return .calendar(c) }
        case .policy:
            if let v = OrderValue.allCases.first(where: { $0.name == name }) { return .orderValue(v) }
            if let t = OrderText.allCases.first(where: { $0.name == name }) { return .orderText(t) }
            if let f = OrderFlag.allCases.first(where: { $0.name == name }) { return .orderFlag(f) }
        }
        return nil
    }

    /// Names of the other kind of file, to explain "not available here" instead of "unknown".
    static func otherKind(of kind: FileKind) -> FileKind { kind == .strategy ? .policy : .strategy }

    static func names(in kind: FileKind) -> [String] {
        switch kind {
        case .config: return []
        case .strategy:
            return BarField.allCases.map(\.name) + AccountValue.allCases.map(\.name) + EntryValue.allCases.map(\.name)
                + BarValue.allCases.map(\.rawValue) + CalendarValue.allCases.map(\.name)
        case .policy: return OrderValue.allCases.map(\.name) + OrderText.allCases.map(\.name) + OrderFlag.allCases.map(\.name)
        }
    }

    static let strategyFunctions = Indicator.allCases.map(\.rawValue) + Band.allCases.map(\.rawValue)
        + MACDLine.allCases.map(\.rawValue) + BarIndicator.allCases.map(\.rawValue)
        + ["abs", "min", "max", "crosses_above", "crosses_below"]
    static let policyFunctions = ["abs", "min", "max"]

    static func functions(in kind: FileKind) -> [String] { kind == .strategy ? strategyFunctions : policyFunctions }

    /// Names a parameter may not take, because an expression could not tell them apart.
    static let reserved: Set<String> = Set(names(in: .strategy) + names(in: .policy) + strategyFunctions
                                           + ["true", "false", "and", "or", "not", "in"])
}
