import Audit
import MarketData
import Policy
import Vocabulary

/// The rare path of a backtest: a rule fired, the policy decides, orders fill. Decisions
/// are kept as plain figures (`OrderEntry`); text is made only for an attached audit log.
extension Backtester {
    /// Room for the figures (value, previous) the fired `rule` saw on this bar: the caller
    /// writes them here before `decide` (see `CompiledStrategy.copyObserved`), which keeps
    /// them only if the rule makes an order.
    @inline(__always)
    func observedSlot(rule: Int) -> UnsafeMutablePointer<Double> { observed.reserve(observedFigures[rule]) }

    /// Decides the order rule `rule` asks for on bar `i` of symbol `s`; `close` is the bar's
    /// close (the decision price) and `observedSlot(rule:)` already holds what the rule saw.
    /// A rule that reverses the position (`sell_short` while long, `buy` while short) decides
    /// two orders: the whole position's sale (or cover) at market, then, only if the policy
    /// allowed that, its own order sized from flat (docs/RULES.md, "Reversals").
    @inline(__always)
    func decide(symbol s: Int, bar i: Int, close: Double, rule: Int, dayStartEquity: Double) throws {
        // The account before this decision, taken once: its equity sizes the order, and the
        // policy sees it (with any pending order counted in, `accountForPolicy`).
        let account = portfolio.snapshot(symbol: s, dayStartEquity: dayStartEquity)
        var position = account.position
        if let closing = core.reversal(rule: rule, price: close, position: position) {
            guard try decideReversal(closing, symbol: s, bar: i, rule: rule, account: account) else { return }
            position = 0
        }
        guard var figures = core.figures(rule: rule, price: close, equity: account.equity, position: position) else {
            return
        }
        let plan = core.strategy.rules[rule].order
        if lifeEnabled {
            // One resting order per symbol: while it rests, a rule places nothing.
            guard lives[s].resting < 0 else { return }
            if plan.rests { figures = restingFigures(figures, plan: plan, symbol: s) }
            if figures.side.opens { decideLevels(symbol: s, rule: rule) }
        }
        _ = try place(figures, symbol: s, bar: i, rule: rule, rests: plan.rests, account: account)
    }

    /// The first half of a reversal: the closing order, recorded with the rule's observed
    /// values; then those values are copied for the second half. Whether it was allowed.
    @inline(never)
    private func decideReversal(_ closing: OrderFigures, symbol s: Int, bar i: Int, rule: Int, account: AccountSnapshot) throws -> Bool {
        if lifeEnabled { guard lives[s].resting < 0 else { return false } }
        guard try place(closing, symbol: s, bar: i, rule: rule, rests: false, account: account) else { return false }
        let n = observedFigures[rule]
        let copy = observed.reserve(n)
        copy.update(from: observed.pointer(observed.count - n), count: n)
        return true
    }

    /// Records one order of rule `rule` with the policy's outcome and, when allowed, queues
    /// it for the next open (or lets it rest). The rule's observed values are already at
    /// `observedSlot`; `account` is the portfolio's snapshot for symbol `s` (pending orders
    /// not yet counted in). Whether it was allowed.
    @inline(__always)
    private func place(_ figures: OrderFigures, symbol s: Int, bar i: Int, rule: Int, rests: Bool, account: AccountSnapshot) throws -> Bool {
        let account = accountForPolicy(account, symbol: s)
        let entry = entries.reserve(1)
        entry.initialize(to: OrderEntry(symbol: s, rule: rule, bar: i, figures: figures, account: account))
        observed.commit(observedFigures[rule])
        let checks = statuses.reserve(checkCount)
        statuses.commit(checkCount)
        let outcome: Outcome
        if let audit {
            try decideAudited(entry, rule: rule, statuses: checks, observed: observed.pointer(observed.count - observedFigures[rule]),
                              audit: audit)
            outcome = entry.pointee.outcome
        } else {
            outcome = entry.pointee.judge(by: names.policy, symbol: names.times.symbols[s], statuses: checks)
            entry.pointee.outcome = outcome
        }
        let allowed = PolicyDecision.approves(outcome, approved: approvedByPerson)
        if allowed {
            if let audit { try auditSubmitted(entry.pointee, audit: audit) }
            entry.pointee.status = .unfilled
            if rests {
                rest(entries.count, symbol: s, bar: i, plan: core.strategy.rules[rule].order)
            } else {
                queuePending(entries.count, symbol: s)
            }
        } else if outcome == .needsApproval {
            entry.pointee.status = .needsApproval
        }
        entries.commit(1)
        return allowed
    }

    /// With an audit log the full decision (every check with its words) is built once and
    /// written before the order can fill; the entry keeps its outcome and statuses.
    /// (The audit paths stay out of line so the plain path stays small.)
    @inline(never)
    func decideAudited(_ entry: UnsafeMutablePointer<OrderEntry>, rule: Int, statuses: UnsafeMutablePointer<UInt8>,
                       observed seen: UnsafeMutablePointer<Double>?, audit: AuditSink) throws {
        let intent = names.intent(entry.pointee)
        let decision = core.decide(intent, account: entry.pointee.account, approval: names.approval)
        for (k, check) in decision.checks.enumerated() { statuses[k] = check.status.byte }
        entry.pointee.outcome = decision.outcome
        if let records {
            let record = records.record(decision, rule: core.strategy.rules[rule],
                                        observed: seen.map { core.strategy.observedValues(rule: rule, stored: $0) } ?? [])
            try audit.append(.decision(record), at: intent.timeText)
        }
    }

    /// The account as the policy sees it for an order in symbol `s`: `snapshot` (the
    /// portfolio's), counting orders already decided but not yet filled as if they had filled
    /// at their decision price (so two orders on one bar cannot together pass a limit each
    /// passes alone).
    @inline(__always)
    private func accountForPolicy(_ snapshot: AccountSnapshot, symbol s: Int) -> AccountSnapshot {
        guard pendingCount > 0 else { return snapshot }
        return withPending(snapshot, symbol: s)
    }

    /// `snapshot` with the pending orders counted in (the rare case: several symbols).
    /// Symbol by symbol in symbol order, each symbol's orders in decision order: the order
    /// `pending` keeps (`queuePending`), so this walks the pending orders once, whatever
    /// the number of symbols.
    @inline(never)
    private func withPending(_ account: AccountSnapshot, symbol s: Int) -> AccountSnapshot {
        var snapshot = account
        var k = 0
        while k < pending.count {
            let symbol = Int(entries[pending[k]].symbol)
            var held = portfolio.qty[symbol]
            let mark = portfolio.mark[symbol]
            repeat {
                let intent = entries.pointer(pending[k]).pointee.order
                let wanted = intent.action == .sellAll ? held : intent.action == .coverAll ? -held : intent.estimatedQty
                let qty: Double
                switch intent.side {
                case .buy, .sellShort: qty = wanted
                case .sell: qty = min(wanted, max(held, 0))
                case .buyToCover: qty = min(wanted, max(-held, 0))
                }
                let signed = intent.side.sign * qty
                let price = mark.isFinite ? mark : intent.price
                snapshot.grossExposure += abs((held + signed) * price) - abs(held * price)
                snapshot.cash -= signed * intent.price
                held += signed
                k += 1
            } while k < pending.count && Int(entries[pending[k]].symbol) == symbol
            if symbol == s { snapshot.position = held }
        }
        return snapshot
    }

    /// Queues decision `index` of symbol `s` for its symbol's next open. `pending` is kept
    /// in symbol order and, within a symbol, in decision order (the order the policy counts
    /// pending orders in and the records of a run come in); a new decision is the latest of
    /// its symbol, so it goes after the last pending order of a symbol not above its own.
    @inline(__always)
    func queuePending(_ index: Int, symbol s: Int) {
        _ = pending.reserve(1)
        var at = pending.count
        while at > 0 && Int(entries[pending[at - 1]].symbol) > s {
            pending[at] = pending[at - 1]
            at -= 1
        }
        pending[at] = index
        pending.commit(1)
        pendingBySymbol[s] += 1
    }

    /// Fills symbol `s`'s pending orders at the open of its bar `i` (price `open`).
    func fillPending(symbol s: Int, bar i: Int, open: Double) throws {
        // The common case (one symbol, one order a decision): the only pending order is this
        // symbol's, so nothing is kept and nothing moves.
        if pending.count == 1 && pendingBySymbol[s] == 1 {
            try fill(entries.pointer(pending[0]), symbol: s, bar: i, open: open)
            pending.truncate(to: 0)
            pendingBySymbol[s] = 0
            return
        }
        var kept = 0
        for k in 0..<pending.count {
            let index = pending[k]
            let entry = entries.pointer(index)
            guard entry.pointee.symbol == s else {
                pending[kept] = index
                kept += 1
                continue
            }
            try fill(entry, symbol: s, bar: i, open: open)
        }
        pending.truncate(to: kept)
        pendingBySymbol[s] = 0
    }

    /// Fills one pending order at the open of bar `i` (or cancels it).
    @inline(__always)
    func fill(_ entry: UnsafeMutablePointer<OrderEntry>, symbol s: Int, bar i: Int, open: Double, trigger: ExitTrigger? = nil) throws {
        let side = entry.pointee.side
        guard let fill = entry.pointee.fill(by: fills, open: open, cash: portfolio.cash, position: portfolio.qty[s]) else {
            entry.pointee.status = .canceled
            switch side {
            case .buy: entry.pointee.note = .noCash
            case .sell: entry.pointee.note = .nothingToSell
            case .sellShort: entry.pointee.note = portfolio.qty[s] > 0 ? .stillLong : .lessThanAShare
            case .buyToCover: entry.pointee.note = .nothingToCover
            }
            if let audit { try auditCanceled(entry.pointee, at: names.times.text(s, Int32(i)), audit: audit) }
            return
        }
        let wasFlat = portfolio.qty[s] == 0
        let closedBy = entry.pointee.isExit ? -Int32(entry.pointee.exitCode) : entry.pointee.rule
        portfolio.fill(symbol: s, side: side, qty: fill.qty, price: fill.price, commission: fill.commission, bar: Int32(i),
                       closedBy: closedBy)
        entry.pointee.status = .filled
        entry.pointee.filledQty = fill.qty
        entry.pointee.fillPrice = fill.price
        entry.pointee.commission = fill.commission
        entry.pointee.filledBar = Int32(i)
        if let audit { try auditFilled(entry.pointee, trigger: trigger, audit: audit) }
        if lifeEnabled { try positionChanged(symbol: s, bar: i, by: entry.pointee, level: open, wasFlat: wasFlat) }
    }

    @inline(never)
    func auditSubmitted(_ entry: OrderEntry, audit: AuditSink) throws {
        let intent = names.intent(entry)
        try audit.append(.orderSubmitted(OrderSubmitted(
            orderId: intent.orderId, clientOrderId: intent.clientOrderId, decisionId: intent.decisionId,
            symbol: intent.symbol, side: intent.side, qty: intent.qty, notional: intent.notional,
            broker: Mode.backtest.rawValue)), at: intent.timeText)
    }

    @inline(never)
    func auditCanceled(_ entry: OrderEntry, at: String, audit: AuditSink) throws {
        let intent = names.intent(entry)
        try audit.append(.orderUpdate(OrderUpdate(orderId: intent.orderId, clientOrderId: intent.clientOrderId,
            brokerOrderId: nil, status: "canceled", message: entry.note.text)), at: at)
    }

    @inline(never)
    private func auditFilled(_ entry: OrderEntry, trigger: ExitTrigger?, audit: AuditSink) throws {
        let intent = names.intent(entry)
        let at = names.times.text(Int(entry.symbol), entry.filledBar)
        try audit.append(.fill(FillRecord(orderId: intent.orderId, clientOrderId: intent.clientOrderId, brokerOrderId: nil,
            symbol: intent.symbol, side: intent.side, qty: entry.filledQty, price: entry.fillPrice,
            commission: entry.commission, trigger: trigger)), at: at)
        try audit.append(.orderUpdate(OrderUpdate(orderId: intent.orderId, clientOrderId: intent.clientOrderId,
            brokerOrderId: nil, status: "filled")), at: at)
    }

    /// Orders decided on the last bar have no next open: reported as unfilled. Resting orders
    /// and exit legs still working when the data ends stay unfilled too.
    func expireUnfilled() throws {
        if lifeEnabled {
            for s in 0..<series.count {
                let life = lives[s]
                for index in [life.resting, life.stopLeg, life.targetLeg, life.trailingLeg] where index >= 0 {
                    let entry = entries.pointer(index)
                    guard entry.pointee.status == .unfilled else { continue }
                    entry.pointee.note = .workingAtEnd
                }
            }
        }
        // Symbol by symbol, as the records of a run always came.
        for symbol in 0..<series.count {
            for k in 0..<pending.count where entries[pending[k]].symbol == symbol {
                let index = pending[k]
                entries.pointer(index).pointee.note = .lastBar
                if let audit {
                    let intent = names.intent(entries[index])
                    try audit.append(.orderUpdate(OrderUpdate(orderId: intent.orderId, clientOrderId: intent.clientOrderId,
                        brokerOrderId: nil, status: "unfilled", message: entries[index].note.text)), at: intent.timeText)
                }
            }
        }
    }
}
