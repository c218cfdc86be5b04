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
    let core: TradingCore
    /// Other symbols' values the conditions read (`SPY.close`), fed from each group's bars.
    private let references: ReferenceValues
    let records: DecisionRecords
    let session: BrokerSession
    private let bars: BarSource
    let gate: TradingGate
    private let approvals: ApprovalDesk
    let router: OrderRouter
    let journal: RunJournal
    private let notices: RunNotices
    let options: LiveRunner.Options
    let logger: Logger

    /// Rules whose `order:` rests (limit, stop, stop-limit).
    private let restingRules: Set<String>

    /// Reversals whose first half was sent; each opening half waits for that fill
    /// (`DecisionStep+Reversal`).
    var openingHalves: [OpeningHalf] = []
    /// Each symbol's open position as the run follows it (nil while flat; `DecisionStep+Life`).
    var lives: [PositionLife?]
    /// The last bar time each symbol was stepped (history or live).
    var lastSeen: [Int64?]
    /// The `price:` exit levels of fractional entries this run sent, by the entry's client order id.
    var watchedLevels: [String: WatchedLevels] = [:]

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
        lives = Array(repeating: nil, count: core.symbols.count)
        lastSeen = Array(repeating: nil, count: core.symbols.count)
    }

    /// Feeds a history bar to the strategy (warm-up): indicators only, no decision.
    func warmUp(_ group: BarGroup) {
        references.advance(group.references)
        for entry in group.entries {
            let symbol = core.symbols[entry.symbol]
            let bar = entry.bar
            session.mark(symbol, close: bar.close)
            core.setInputs(symbol: entry.symbol, time: group.time, daily: group.utcOffset == nil) { self.references.value(input: $0, at: group.time) }
            setEntryValues(symbol: entry.symbol, close: bar.close,
                           life: advanceLife(symbol: entry.symbol, time: group.time, high: bar.high, low: bar.low))
            _ = core.step(symbol: entry.symbol, open: bar.open, high: bar.high, low: bar.low, close: bar.close,
                          volume: bar.volume, position: session.inFlightHoldings().position(symbol),
                          equity: session.account?.equity ?? .nan, cash: session.account?.cash ?? .nan)
            recoverWatchedLevels(symbol: entry.symbol, time: group.time)
        }
    }

    /// Steps every symbol of a new bar time, in strategy order, and decides.
    func decide(_ group: BarGroup, newest: Bool) async throws {
        // Before any symbol steps: an opening half is judged on its own decision bar's values,
        // and one whose first half has not filled by now is not sent.
        try await settleReversals(nextBar: group.time)
        references.advance(group.references)
        for entry in group.entries {
            try await decide(entry, in: group, newest: newest)
        }
    }

    private func decide(_ entry: BarGroup.Entry, in group: BarGroup, newest: Bool) async throws {
        let s = entry.symbol
        let bar = entry.bar
        session.mark(core.symbols[s], close: bar.close)
        core.setInputs(symbol: s, time: group.time, daily: group.utcOffset == nil) { self.references.value(input: $0, at: group.time) }
        // The position's life up to this close: its entry values, and on its fill bar its trailing stop.
        setEntryValues(symbol: s, close: bar.close, life: advanceLife(symbol: s, time: group.time, high: bar.high, low: bar.low))
        try await checkWatchedExits(symbol: s, group: group, bar: BarPrices(open: bar.open, high: bar.high, low: bar.low),
                                   close: bar.close, newest: newest)
        try await checkWatchedTrailingStop(symbol: s, group: group, close: bar.close, newest: newest)
        try await placeTrailingStop(symbol: s, time: group.time, utcOffset: group.utcOffset)
        let sold = try await decideRule(entry, in: group, newest: newest)
        recoverWatchedLevels(symbol: s, time: group.time)   // a restart's first bar may be the entry's decision bar
        try await checkMaxBars(symbol: s, group: group, close: bar.close, ruleSold: sold, newest: newest)
    }

    /// Steps symbol `entry.symbol` through the strategy and decides the rule that fires, if any.
    /// Returns whether that rule decided a sale (or cover) on this close.
    private func decideRule(_ entry: BarGroup.Entry, in group: BarGroup, newest: Bool) async throws -> Bool {
        let s = entry.symbol
        let symbol = core.symbols[s]
        let bar = entry.bar
        let equity = session.account?.equity ?? .nan
        // The strategy sees orders in flight as filled (`position == 0` is false while a buy
        // waits); a sell is sized by what is held and not already being sold.
        let holdings = session.inFlightHoldings()
        // A short is sized by what is short (covers), a long by what is held and not being sold.
        let held = holdings.position(symbol)
        guard let rule = core.step(symbol: s, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume,
                                   position: held, equity: equity, cash: session.account?.cash ?? .nan) else { return false }
        // One resting order per symbol, as in the backtest: while one rests, a rule places nothing.
        if let resting = restingOrder(of: symbol) {
            logger.info("a rule fired while an order rests; nothing is placed",
                        metadata: ["rule": "\(core.strategy.rules[rule].id)", "resting": "\(resting.clientOrderId)"])
            return false
        }
        // The first half of a reversal closes the position the strategy saw, orders in flight
        // included (an opening half sent on the bar before may not have filled yet).
        let reverses = core.reversal(rule: rule, price: bar.close, position: held) != nil
        guard let intent = core.intent(symbol: s, rule: rule, time: group.time, utcOffset: group.utcOffset, price: bar.close,
                                       equity: equity, position: held < 0 || reverses ? held : holdings.sellableShares(symbol))
        else { return false }
        if let earlier = journal.ledger.decisions[intent.decisionId] {
            logger.info("decision already made by an earlier run; not deciding again",
                        metadata: ["decision": "\(intent.decisionId)", "outcome": "\(earlier)"])
            return !intent.side.opens
        }
        let observed = core.observed(symbol: s, rule: rule)
        // The opening half of a reversal is sized now, at this close, as the backtest sizes it.
        let opening = intent.figures.reversing
            ? openingHalf(symbol: s, rule: rule, time: group.time, utcOffset: group.utcOffset, price: bar.close, equity: equity,
                          observed: observed)
            : nil
        let account = session.snapshot(for: symbol, price: bar.close)
        let fate = try await decide(intent, rule: rule, observed: observed, account: account,
                                    gates: { self.gate.gates(actionable: await self.isStillActionable(group, newest: newest),
                                                             side: intent.side) })
        guard let opening else { return !intent.side.opens }
        switch fate {
        case .notAllowed: break   // as in the backtest: the rule's own order is not decided
        case .sent: try await waitForFirstHalf(opening, firstHalf: intent.clientOrderId)
        case .stopped(let why): try await decideOpeningHalf(opening, blockedBecause: "the first half was not sent (\(why))")
        case .waitsForApproval:
            try await decideOpeningHalf(opening, blockedBecause: "the first half waits for a person's approval; the other side "
                + "is not opened after it (the next decision that fires while flat opens it)")
        }
        return true
    }

    /// What became of a decided order.
    enum Fate {
        /// The policy blocked it.
        case notAllowed
        /// A gate after the policy stopped it (the reason).
        case stopped(String)
        case waitsForApproval
        /// Handed to the order router (its answer is in the ledger).
        case sent
    }

    /// Judges one order intent against `account`, records the decision (written first) with
    /// the gates that stand after the policy, then queues it for a person or sends it (an
    /// entry with the exit legs the policy allows, `DecisionStep+Exits`). A rule's sale the
    /// policy allowed first has the position's exit legs canceled; if they cannot be, the
    /// sale is blocked with the reason (`exit_legs_open`).
    /// `gates` is asked after the policy, right before the record is written.
    func decide(_ intent: OrderIntent, rule: Int, observed: [(expression: String, value: Double, previous: Double?)],
                account: AccountSnapshot, gates: () async -> [GateCheck]) async throws -> Fate {
        let symbol = intent.symbol
        let decision = core.decide(intent, account: account)
        var record = records.record(decision, rule: core.strategy.rules[rule], observed: observed)
        // The gates are a step of their own after the policy: recorded beside its checks, its
        // outcome left as it decided; the record's fate is `effectiveOutcome`.
        var gates = await gates()
        // A rule's sale or an engine's market sale takes the shares the legs hold: they go first.
        if gates.isEmpty, decision.outcome == .allow, let legsOpen = try await router.clearExitLegs(before: intent) {
            gates.append(legsOpen)
        }
        if !gates.isEmpty { record.gates = gates }
        try write(record, symbol: symbol, at: intent.timeText)
        defer { options.afterDecision?(record, intent.timeText) }
        guard gates.isEmpty else {
            logger.notice("decision blocked at run time", metadata: ["decision": "\(record.id)", "reason": "\(record.effectiveReason)"])
            return decision.outcome == .block ? .notAllowed : .stopped(record.effectiveReason)
        }
        if decision.outcome == .needsApproval {
            // As in the backtest, a leg the policy holds for a person is not active (nothing waits).
            if intent.figures.exitReason.map({ $0 != .maxBars }) ?? false { return .notAllowed }
            try approvals.enqueue(record, intent: intent)
            return .waitsForApproval
        }
        guard let approved = decision.approvedOrder else { return .notAllowed }
        if intent.figures.orderType == .trailingStop {
            try await router.submit(approved, trailPercent: core.strategy.rules[rule].exits.trailingPercent, timeInForce: .gtc)
            return .sent
        }
        let legs = try exitLegs(for: approved, rule: rule)
        try await router.submit(approved, legs: legs, timeInForce: Self.timeInForce(core.strategy.rules[rule].order, legs: legs))
        return .sent
    }

    /// Appends a decision record of `symbol` and counts it (the status line, notices).
    func write(_ record: DecisionRecord, symbol: String, at time: String) throws {
        try journal.append(.decision(record), at: time)
        count += 1
        notices.counted(record)
        lastId = record.id
        lastText = "\(symbol) \(record.rule.id) \(record.order.side): \(record.effectiveOutcome)"
    }

    /// Our open order of `symbol` that a resting rule (limit, stop, stop-limit) made, if any.
    private func restingOrder(of symbol: String) -> AuditLedger.Order? {
        guard !restingRules.isEmpty else { return nil }
        return journal.openOrders.first { $0.symbol == symbol && !$0.isExitLeg && $0.ruleId.map(restingRules.contains) == true }
    }

    /// Whether an order decided on `group` now can still fill at the next open, by the
    /// broker's clock read here, after every slow broker call made for this bar: a clock read
    /// before them can call a bar fresh that went stale while they ran. False when the clock
    /// does not answer (the broker is then marked down, which blocks too).
    func isStillActionable(_ group: BarGroup, newest: Bool) async -> Bool {
        guard newest, let market = await session.readClock() else { return false }
        return bars.isActionable(group, newest: newest, market: market)
    }
}
