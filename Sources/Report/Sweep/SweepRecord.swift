import RuleLanguage
import Vocabulary

/// One combination's result as the sweep's JSON holds it: its number, its params, the
/// backtest's `summary` and `violations` objects and the moments of its returns. The
/// ranking, the deflated Sharpe ratio and every output are made from these alone, so a run
/// and the merge of its shards (which reads them back from JSON) give the same bytes.
package struct SweepRecord: Sendable {
    let index: Int
    let values: [Double]
    let summary: JSONValue
    /// Policy rule id → (block, needs_approval), in policy order.
    let violations: JSONValue
    let returns: ReturnMoments

    package init(index: Int, values: [Double], summary: JSONValue, violations: JSONValue, returns: ReturnMoments) {
        self.index = index
        self.values = values
        self.summary = summary
        self.violations = violations
        self.returns = returns
    }

    /// A figure of `summary` (`sharpe`, `max_drawdown_pct`, ...) as written; nil for null.
    func figure(_ key: String) -> Double? {
        guard case .object(let entries) = summary, let value = entries.first(where: { $0.0 == key })?.1,
              case .number(let n) = value else { return nil }
        return n
    }

    /// Orders the policy blocked or held, over all its rules.
    var objections: Int {
        guard case .object(let rules) = violations else { return 0 }
        return rules.reduce(0) { total, rule in
            guard case .object(let counts) = rule.1 else { return total }
            return counts.reduce(total) { sum, count in
                if case .number(let n) = count.1 { return sum + (Int(exactly: n) ?? 0) } else { return sum }
            }
        }
    }

    func jsonValue(names: [String]) -> JSONValue {
        .object([
            ("index", .number(Double(index))),
            ("params", .object(zip(names, values).map { ($0, .number($1)) })),
            ("summary", summary),
            ("violations", violations),
            ("returns", .object([
                ("observations", .number(Double(returns.observations))),
                ("sharpe", returns.sharpe.map(JSONValue.number) ?? .null),
                ("skewness", returns.skewness.map(JSONValue.number) ?? .null),
                ("kurtosis", returns.kurtosis.map(JSONValue.number) ?? .null),
            ])),
        ])
    }
}
