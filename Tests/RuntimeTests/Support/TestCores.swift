import Audit
import Engine
import Foundation
import MarketData
import Policy
import RuleLanguage
@testable import Runtime
import Vocabulary

/// Trading cores and decision records from the fixture files, for unit tests.
enum TestCores {
    static func make(strategy: String, policy: String) throws -> TradingCore {
        let linter = Linter()
        let checked = try linter.strategy(at: Fixtures.path(strategy))
        return TradingCore(strategy: StrategyCompiler.compile(checked), policy: CompiledPolicy(try linter.policy(at: Fixtures.path(policy))),
                           symbols: checked.symbols)
    }

    /// The decision record of "buy `qty` shares of `symbol` at `price`" on 2024-01-10 by rule buy-dip.
    static func decisionRecord(core: TradingCore, symbol: String, qty: Double, price: Double,
                               outcome: Outcome? = nil) -> DecisionRecord {
        let intent = OrderIntent(strategy: core.strategy.source.name, symbol: symbol, ruleId: "buy-dip",
                                 time: CivilDate.days(year: 2024, month: 1, day: 10) * 86_400, utcOffset: nil, side: .buy,
                                 action: .buy, qty: qty, notional: nil, price: price, fractional: false)
        let decision = core.decide(intent, account: AccountSnapshot(cash: 10_000, equity: 10_000, dayStartEquity: 10_000,
                                                                    grossExposure: 0, position: 0, mark: price))
        let rule = core.strategy.rules.first { $0.id == "buy-dip" }!
        var record = DecisionRecords(mode: .paper, strategy: FileRef(name: "s", file: "s.yaml", sha256: ""),
                                     policy: FileRef(name: "p", file: "p.yaml", sha256: "")).record(decision, rule: rule, observed: [])
        if let outcome { record.outcome = outcome }
        return record
    }

    /// An approved order for sizing tests (no limits, so the policy allows it).
    static func approved(symbol: String = "AAA", side: Side = .buy, action: Action = .buy,
                         qty: Double? = nil, notional: Double? = nil, price: Double, fractional: Bool = false) throws -> ApprovedOrder {
        let core = try make(strategy: "dip-shares.yaml", policy: "limits-open.yaml")
        let intent = OrderIntent(strategy: "t", symbol: symbol, ruleId: "r", time: 0, utcOffset: nil, side: side, action: action,
                                 qty: qty, notional: notional, price: price, fractional: fractional)
        let decision = core.decide(intent, account: AccountSnapshot(cash: 1e6, equity: 1e6, dayStartEquity: 1e6, grossExposure: 0,
                                                                    position: 1_000, mark: price))
        guard let order = decision.approvedOrder else { throw HarnessError.timeout("an approval from an open policy") }
        return order
    }
}

/// `YYYY-MM-DD` of a day number.
enum BarTimeText {
    static func date(_ day: Int64) -> String { ISOTimestamp.dateText(day: day) }
}
