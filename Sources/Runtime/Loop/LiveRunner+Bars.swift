import Alpaca
import Audit
import Engine
import Foundation
import Policy
import RuleLanguage

/// One bar time: broker state, strategy steps in symbol order, decisions.
extension LiveRunner {
    /// Feeds a history bar to the strategy (warm-up): indicators only, no decision.
    func warmUp(_ group: BarGroup) {
        for entry in group.entries {
            let symbol = core.symbols[entry.symbol]
            let bar = entry.bar
            marks[symbol] = bar.close
            _ = core.step(symbol: entry.symbol, open: bar.open, high: bar.high, low: bar.low, close: bar.close,
                          volume: bar.volume, position: held(symbol), equity: account?.equity ?? .nan, cash: account?.cash ?? .nan)
        }
    }

    /// A new completed bar time: refresh (or reconcile) the broker state, then step every
    /// symbol and decide; then one status line.
    func process(_ group: BarGroup, newest: Bool) async throws {
        halt = killSwitch.current()
        let actionable = clock.map { feed.isActionable(group, newest: newest, clock: $0) } ?? false
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
            try await step(entry, in: group, actionable: actionable)
        }
        barsProcessed += 1
        lastBarText = group.text
        storeBars(group)
        options.output(statusLine(group))
        writeStatus()
    }

    /// Account and positions now; false when the broker did not answer.
    func refreshAccount() async -> Bool {
        guard let answer = await read("account", { try await self.broker.account() }),
              let held = await read("positions", { try await self.broker.positions() }) else { return false }
        account = answer
        positions = held
        return true
    }

    private func step(_ entry: BarGroup.Entry, in group: BarGroup, actionable: Bool) async throws {
        let s = entry.symbol
        let symbol = core.symbols[s]
        let bar = entry.bar
        let position = held(symbol)
        let equity = account?.equity ?? .nan
        marks[symbol] = bar.close
        guard let rule = core.step(symbol: s, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume,
                                   position: position, equity: equity, cash: account?.cash ?? .nan),
              let intent = core.intent(symbol: s, rule: rule, time: group.time, utcOffset: group.utcOffset, price: bar.close,
                                       equity: equity, position: position) else { return }
        if let earlier = ledger.decisions[intent.decisionId] {
            logger.info("decision already made by an earlier run; not deciding again",
                        metadata: ["decision": "\(intent.decisionId)", "outcome": "\(earlier)"])
            return
        }
        let decision = core.decide(intent, account: snapshot(for: symbol, price: bar.close))
        var record = records.record(decision, rule: core.strategy.rules[rule], observed: core.observed(symbol: s, rule: rule))
        let gates = runtimeGates(actionable: actionable)
        if let first = gates.first {
            record.checks += gates
            record.outcome = CheckedPolicy.Outcome.block.rawValue
            record.reason = "blocked by \(first.id): \(first.message)"
        }
        try append(.decision(record), at: intent.timeText)
        decisionCount += 1
        lastDecisionId = record.id
        lastDecisionText = "\(symbol) \(record.rule.id) \(record.order.side): \(record.outcome)"
        defer { options.afterDecision?(record, intent.timeText) }
        guard gates.isEmpty else {
            logger.notice("decision blocked at run time", metadata: ["decision": "\(record.id)", "reason": "\(record.reason)"])
            return
        }
        if decision.outcome == .needsApproval {
            try enqueueForApproval(record, intent: intent)
        }
        if let approved = decision.approvedOrder {
            try await submit(approved)
        }
    }

    /// The policy's view of the account for an order in `symbol`; unknown figures (broker
    /// not answering) are NaN, which blocks every limit that needs them.
    func snapshot(for symbol: String, price: Double) -> AccountSnapshot {
        guard let account else {
            return AccountSnapshot(cash: .nan, equity: .nan, dayStartEquity: .nan, grossExposure: .nan,
                                   position: held(symbol), mark: price)
        }
        return AccountView.snapshot(symbol: symbol, account: account, positions: positions, marks: marks,
                                    pending: ledger.openOrders)
    }

    /// Shares of `symbol` the broker reported.
    func held(_ symbol: String) -> Double {
        positions.filter { $0.symbol == symbol }.reduce(0) { $0 + $1.qty }
    }

    /// Reasons, outside the policy, not to send anything now. Each becomes a failed check in
    /// the decision record, so `algobot explain` says why nothing was sent.
    func runtimeGates(actionable: Bool) -> [PolicyCheck] {
        var gates: [PolicyCheck] = []
        func gate(_ id: String, _ message: String) {
            gates.append(PolicyCheck(id: id, kind: "runtime", result: "fail", outcome: CheckedPolicy.Outcome.block.rawValue,
                                     message: message, values: [], limit: nil, location: nil))
        }
        if let halt {
            let why = halt.reason.map { ": \($0)" } ?? ""
            gate("trading_halted", "trading is halted by \(halt.by)\(why); `algobot resume` lifts the halt")
        }
        if brokerDown || account == nil {
            gate("broker_unreachable", "the broker did not answer (\(brokerDetail ?? "no account data")); no order is sent until it does")
        } else if needsReconcile {
            gate("reconciliation_pending", "the broker's holdings have not been checked against the audit log since it came back")
        } else if reconciliationOK == false {
            gate("reconciliation_mismatch", "the broker's holdings do not match the audit log (\(mismatches.joined(separator: "; ")))")
        }
        if account?.tradingBlocked == true {
            gate("account_blocked", "the broker reports the account as blocked from trading")
        }
        if !actionable {
            gate("stale_bar", "a newer bar had already started when this bar was processed, "
                + "so the order could not fill at the next open as decided")
        }
        return gates
    }
}
