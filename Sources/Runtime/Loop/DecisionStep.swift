import Audit
import Engine
import Foundation
import Logging
import Policy
import Vocabulary

/// One bar of one symbol through the strategy and the policy: `TradingCore.step`, the order
/// intent, the policy's decision against the broker's account, the gates after it, the
/// decision record (written before anything is sent), then the approval queue or the
/// order router. The same decision half as the backtest; only the account is the broker's.
final class DecisionStep {
    private let core: TradingCore
    /// Other symbols' values the conditions read (`SPY.close`), fed from each group's bars.
    private let references: ReferenceValues
    private let records: DecisionRecords
    private let session: BrokerSession
    private let bars: BarSource
    private let gate: TradingGate
    private let approvals: ApprovalDesk
    private let router: OrderRouter
    private let journal: RunJournal
    private let notices: RunNotices
    private let options: LiveRunner.Options
    private let logger: Logger

    /// Rules whose `order:` rests (limit, stop, stop-limit).
    private let restingRules: Set<String>

    private(set) var count = 0
    private(set) var lastId: String?
    /// `SPY enter-long buy: allow`, for the status line.
    private(set) var lastText: String?

    init(core: TradingCore, records: DecisionRecords, session: BrokerSession, bars: BarSource, gate: TradingGate,
         approvals: ApprovalDesk, router: OrderRouter, journal: RunJournal, notices: RunNotices, options: LiveRunner.Options,
         logger: Logger) {
        self.core = core
        references = ReferenceValues(strategy: core.strategy)
        self.records = records
        self.session = session
        self.bars = bars
        self.gate = gate
        self.approvals = approvals
        self.router = router
        self.journal = journal
        self.notices = notices
        self.options = options
        self.logger = logger
        restingRules = Set(core.strategy.rules.filter(\.order.rests).map(\.id))
    }

    /// Feeds a history bar to the strategy (warm-up): indicators only, no decision.
    func warmUp(_ group: BarGroup) {
        references.advance(group.references)
        for entry in group.entries {
            let symbol = core.symbols[entry.symbol]
            let bar = entry.bar
            session.mark(symbol, close: bar.close)
            core.setInputs(symbol: entry.symbol, time: group.time, daily: group.utcOffset == nil) { self.references.value(input: $0, at: group.time) }
            _ = core.step(symbol: entry.symbol, open: bar.open, high: bar.high, low: bar.low, close: bar.close,
                          volume: bar.volume, position: session.inFlightHoldings().position(symbol),
                          equity: session.account?.equity ?? .nan, cash: session.account?.cash ?? .nan)
        }
    }

    /// Steps every symbol of a new bar time, in strategy order, and decides.
    func decide(_ group: BarGroup, newest: Bool) async throws {
        references.advance(group.references)
        for entry in group.entries {
            try await decide(entry, in: group, newest: newest)
        }
    }

    private func decide(_ entry: BarGroup.Entry, in group: BarGroup, newest: Bool) async throws {
        let s = entry.symbol
        let symbol = core.symbols[s]
        let bar = entry.bar
        let equity = session.account?.equity ?? .nan
        session.mark(symbol, close: bar.close)
        // The strategy sees orders in flight as filled (`position == 0` is false while a buy
        // waits); a sell is sized by what is held and not already being sold.
        let holdings = session.inFlightHoldings()
        core.setInputs(symbol: s, time: group.time, daily: group.utcOffset == nil) { self.references.value(input: $0, at: group.time) }
        // A short is sized by what is short (covers), a long by what is held and not being sold.
        let held = holdings.position(symbol)
        guard let rule = core.step(symbol: s, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume,
                                   position: held, equity: equity, cash: session.account?.cash ?? .nan) else { return }
        // One resting order per symbol, as in the backtest: while one rests, a rule places nothing.
        if let resting = restingOrder(of: symbol) {
            logger.info("a rule fired while an order rests; nothing is placed",
                        metadata: ["rule": "\(core.strategy.rules[rule].id)", "resting": "\(resting.clientOrderId)"])
            return
        }
        guard let intent = core.intent(symbol: s, rule: rule, time: group.time, utcOffset: group.utcOffset, price: bar.close,
                                       equity: equity, position: held < 0 ? held : holdings.sellableShares(symbol)) else { return }
        if let earlier = journal.ledger.decisions[intent.decisionId] {
            logger.info("decision already made by an earlier run; not deciding again",
                        metadata: ["decision": "\(intent.decisionId)", "outcome": "\(earlier)"])
            return
        }
        let decision = core.decide(intent, account: session.snapshot(for: symbol, price: bar.close))
        var record = records.record(decision, rule: core.strategy.rules[rule], observed: core.observed(symbol: s, rule: rule))
        // The gates are a step of their own after the policy: recorded beside its checks, its
        // outcome left as it decided; the record's fate is `effectiveOutcome`.
        let gates = gate.gates(actionable: await isStillActionable(group, newest: newest), side: intent.side)
        if !gates.isEmpty { record.gates = gates }
        try journal.append(.decision(record), at: intent.timeText)
        count += 1
        notices.counted(record)
        lastId = record.id
        lastText = "\(symbol) \(record.rule.id) \(record.order.side): \(record.effectiveOutcome)"
        defer { options.afterDecision?(record, intent.timeText) }
        guard gates.isEmpty else {
            logger.notice("decision blocked at run time", metadata: ["decision": "\(record.id)", "reason": "\(record.effectiveReason)"])
            return
        }
        if decision.outcome == .needsApproval {
            try approvals.enqueue(record, intent: intent)
        }
        if let approved = decision.approvedOrder {
            try await router.submit(approved, timeInForce: core.strategy.rules[rule].order.timeInForce)
        }
    }

    /// Our open order of `symbol` that a resting rule (limit, stop, stop-limit) made, if any.
    private func restingOrder(of symbol: String) -> AuditLedger.Order? {
        guard !restingRules.isEmpty else { return nil }
        return journal.openOrders.first { $0.symbol == symbol && $0.ruleId.map(restingRules.contains) == true }
    }

    /// Whether an order decided on `group` now can still fill at the next open, by the
    /// broker's clock read here, after every slow broker call made for this bar: a clock read
    /// before them can call a bar fresh that went stale while they ran. False when the clock
    /// does not answer (the broker is then marked down, which blocks too).
    private func isStillActionable(_ group: BarGroup, newest: Bool) async -> Bool {
        guard newest, let market = await session.readClock() else { return false }
        return bars.isActionable(group, newest: newest, market: market)
    }
}
