import Alpaca
import Audit
import Engine
import Foundation
import Policy
import RuleLanguage
import Vocabulary

/// One bar time: broker state, strategy steps in symbol order, decisions.
extension LiveRunner {
    /// Feeds a history bar to the strategy (warm-up): indicators only, no decision.
    func warmUp(_ group: BarGroup) {
        for entry in group.entries {
            let symbol = core.symbols[entry.symbol]
            let bar = entry.bar
            marks[symbol] = bar.close
            _ = core.step(symbol: entry.symbol, open: bar.open, high: bar.high, low: bar.low, close: bar.close,
                          volume: bar.volume, position: inFlightHoldings().position(symbol),
                          equity: account?.equity ?? .nan, cash: account?.cash ?? .nan)
        }
    }

    /// A new completed bar time: refresh (or reconcile) the broker state, then step every
    /// symbol and decide; then one status line. Whether the bar is still actionable is asked
    /// per decision (`isStillActionable`), after these broker calls, never before them.
    func process(_ group: BarGroup, newest: Bool) async throws {
        refreshHalt()
        barsSinceReconcile += 1
        var fresh: Bool
        if needsReconcile || barsSinceReconcile >= options.reconcileEveryBars {
            try await reconcile()
            fresh = !needsReconcile
        } else {
            fresh = await refreshAccount()
        }
        if !fresh { account = nil }
        for entry in group.entries {
            try await step(entry, in: group, newest: newest)
        }
        barsProcessed += 1
        lastBarText = group.text
        storeBars(group)
        options.output(statusLine(group))
        summarizeDayIfOver(group)
        writeStatus()
    }

    /// Bars the feed left out as insane (out of range, inconsistent): logged and recorded as
    /// `bar_refused` notes, so a missing bar has a reason in the audit log.
    func recordRefusedBars() throws {
        for message in feed.takeRefused() {
            logger.error("ALERT a bar from the broker was left out", metadata: ["detail": "\(message)"])
            try append(.note(NoteRecord(kind: "bar_refused", message: message)), at: marketNow)
        }
    }

    /// Account and positions now; false when the broker did not answer.
    func refreshAccount() async -> Bool {
        guard let answer = await read("account", { try await self.broker.account() }),
              let held = await read("positions", { try await self.broker.positions() }) else { return false }
        account = answer
        positions = held
        return true
    }

    private func step(_ entry: BarGroup.Entry, in group: BarGroup, newest: Bool) async throws {
        let s = entry.symbol
        let symbol = core.symbols[s]
        let bar = entry.bar
        let equity = account?.equity ?? .nan
        marks[symbol] = bar.close
        // The strategy sees orders in flight as filled (`position == 0` is false while a buy
        // waits); a sell is sized by what is held and not already being sold.
        let holdings = inFlightHoldings()
        guard let rule = core.step(symbol: s, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume,
                                   position: holdings.position(symbol), equity: equity, cash: account?.cash ?? .nan),
              let intent = core.intent(symbol: s, rule: rule, time: group.time, utcOffset: group.utcOffset, price: bar.close,
                                       equity: equity, position: holdings.sellableShares(symbol)) else { return }
        if let earlier = ledger.decisions[intent.decisionId] {
            logger.info("decision already made by an earlier run; not deciding again",
                        metadata: ["decision": "\(intent.decisionId)", "outcome": "\(earlier)"])
            return
        }
        let decision = core.decide(intent, account: snapshot(for: symbol, price: bar.close))
        var record = records.record(decision, rule: core.strategy.rules[rule], observed: core.observed(symbol: s, rule: rule))
        // The gates are a step of their own after the policy: recorded beside its checks, its
        // outcome left as it decided; the record's fate is `effectiveOutcome`.
        let gates = runtimeGates(actionable: await isStillActionable(group, newest: newest))
        if !gates.isEmpty { record.gates = gates }
        try append(.decision(record), at: intent.timeText)
        decisionCount += 1
        tally(record)
        lastDecisionId = record.id
        lastDecisionText = "\(symbol) \(record.rule.id) \(record.order.side): \(record.effectiveOutcome)"
        defer { options.afterDecision?(record, intent.timeText) }
        guard gates.isEmpty else {
            logger.notice("decision blocked at run time", metadata: ["decision": "\(record.id)", "reason": "\(record.effectiveReason)"])
            return
        }
        if decision.outcome == .needsApproval {
            try enqueueForApproval(record, intent: intent)
        }
        if let approved = decision.approvedOrder {
            try await submit(approved)
        }
    }

    /// Whether an order decided on `group` now can still fill at the next open, by the
    /// broker's clock read here, after every slow broker call made for this bar: a clock read
    /// before them can call a bar fresh that went stale while they ran. False when the clock
    /// does not answer (the broker is then marked down, which blocks too).
    func isStillActionable(_ group: BarGroup, newest: Bool) async -> Bool {
        guard newest, let now = await read("clock", { try await self.broker.clock() }) else { return false }
        clock = now
        return feed.isActionable(group, newest: newest, clock: now)
    }

    /// The broker's positions with our orders in flight counted as filled (see `InFlightHoldings`).
    func inFlightHoldings() -> InFlightHoldings {
        InFlightHoldings(positions: positions, marks: marks, pending: ledger.openOrders)
    }

    /// The policy's view of the account for an order in `symbol`; unknown figures (broker
    /// not answering) are NaN, which blocks every limit that needs them.
    func snapshot(for symbol: String, price: Double) -> AccountSnapshot {
        guard let account else {
            return AccountSnapshot(cash: .nan, equity: .nan, dayStartEquity: .nan, grossExposure: .nan,
                                   position: inFlightHoldings().position(symbol), mark: price)
        }
        return AccountView.snapshot(symbol: symbol, account: account, positions: positions, marks: marks,
                                    pending: ledger.openOrders)
    }

    /// Shares of `symbol` the broker reported.
    func held(_ symbol: String) -> Double {
        positions.filter { $0.symbol == symbol }.reduce(0) { $0 + $1.qty }
    }

    /// Reasons, outside the policy, not to send anything now. They go into the decision
    /// record's `gates`, so `algobot explain` says why nothing was sent.
    func runtimeGates(actionable: Bool) -> [GateCheck] {
        var gates: [GateCheck] = []
        if let halt {
            let why = halt.reason.map { ": \($0)" } ?? ""
            gates.append(GateCheck(.tradingHalted, message: "trading is halted by \(halt.by)\(why); `algobot resume` lifts the halt"))
        }
        if brokerDown || account == nil {
            gates.append(GateCheck(.brokerUnreachable,
                message: "the broker did not answer (\(brokerDetail ?? "no account data")); no order is sent until it does"))
        } else if needsReconcile {
            gates.append(GateCheck(.reconciliationPending,
                message: "the broker's holdings have not been checked against the audit log since it came back"))
        } else if reconciliationOK == false {
            gates.append(GateCheck(.reconciliationMismatch,
                message: "the broker's holdings do not match the audit log (\(mismatches.joined(separator: "; ")))"))
        }
        if account?.tradingBlocked == true {
            gates.append(GateCheck(.accountBlocked, message: "the broker reports the account as blocked from trading"))
        }
        if !actionable && !brokerDown {
            gates.append(GateCheck(.staleBar, message: "a newer bar had already started when this bar was processed, "
                + "so the order could not fill at the next open as decided"))
        }
        return gates
    }
}
