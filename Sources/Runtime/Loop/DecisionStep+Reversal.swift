import Audit
import Engine
import Policy
import Vocabulary

/// The second half of a live reversal (`sell_short` while long, `buy` while short;
/// docs/RULES.md "Reversals"): the rule's own order, sized at the decision close like the
/// backtest's and with the same ids, judged by the policy and sent only once the first half
/// (the sale or cover of the whole position) has filled, with the account as it is then.
/// The short is never sent while the long may still be held: a first half that ends
/// unfilled, or has not filled by the symbol's next bar, blocks the opening half with the
/// gate `reversal_incomplete` and the reason (fail closed).
struct OpeningHalf {
    let intent: OrderIntent
    let rule: Int
    /// What the rule saw on its decision bar (the record of each half shows it).
    let observed: [(expression: String, value: Double, previous: Double?)]
    /// The first half's client order id (set once it was sent).
    var firstHalf = ""
}

extension DecisionStep {
    /// The opening half of a reversal decided on symbol `s`'s current bar: the rule's order
    /// from flat, sized at `price` and `equity` (the decision close's), or nil when the rule
    /// has nothing to open.
    func openingHalf(symbol s: Int, rule: Int, time: Int64, utcOffset: Int32?, price: Double, equity: Double,
                     observed: [(expression: String, value: Double, previous: Double?)]) -> OpeningHalf? {
        guard var figures = core.figures(rule: rule, price: price, equity: equity, position: 0) else { return nil }
        let plan = core.strategy.rules[rule].order
        if plan.rests { figures = core.restingFigures(figures, plan: plan, symbol: s) }
        let intent = OrderIntent(strategy: core.strategy.source.name, symbol: core.symbols[s], ruleId: core.strategy.rules[rule].id,
                                 time: time, utcOffset: utcOffset, figures: figures)
        return OpeningHalf(intent: intent, rule: rule, observed: observed)
    }

    /// The first half was sent: the opening half waits for its fill (it may already be in).
    func waitForFirstHalf(_ half: OpeningHalf, firstHalf: String) async throws {
        var half = half
        half.firstHalf = firstHalf
        openingHalves.append(half)
        try await settleReversals(nextBar: nil)
    }

    /// Decides every opening half whose first half has filled, and blocks every one whose
    /// first half ended unfilled (rejected, canceled, never arrived) or, when `nextBar` is
    /// the time of a newer bar, has not filled by then. The rest keep waiting. Called after
    /// each look at the broker's orders and before each new bar time is stepped.
    func settleReversals(nextBar: Int64?) async throws {
        guard !openingHalves.isEmpty else { return }
        let halves = openingHalves
        openingHalves = []
        var refreshed = false
        for half in halves {
            let first = journal.ledger.orders[half.firstHalf]
            let status = first?.status ?? "unknown"
            if status == "filled" {
                // The policy judges the opening half with the account as the fill left it.
                if !refreshed {
                    refreshed = true
                    if !(await session.refreshAccount()) { session.forgetAccount() }
                }
                try await decideOpeningHalf(half, blockedBecause: nil)
            } else if first == nil || AuditLedger.isTerminal(status) {
                try await decideOpeningHalf(half, blockedBecause: "the first half (\(half.firstHalf)) ended \(status) without "
                    + "filling\(Self.filledPart(first)), so the position it was to close may still be held")
            } else if let nextBar, nextBar > half.intent.time {
                try await decideOpeningHalf(half, blockedBecause: "the first half (\(half.firstHalf)) had not filled by the next bar "
                    + "(status \(status)\(Self.filledPart(first))), so the position it was to close may still be held")
            } else {
                openingHalves.append(half)
            }
        }
    }

    /// Judges and records the opening half, and sends it unless `blockedBecause` (or another
    /// gate) stands in the way. Its decision is recorded at its decision bar's time.
    func decideOpeningHalf(_ half: OpeningHalf, blockedBecause why: String?) async throws {
        let intent = half.intent
        guard journal.ledger.decisions[intent.decisionId] == nil else { return }
        let account = session.snapshot(for: intent.symbol, price: intent.price)
        let fate = try await decide(intent, rule: half.rule, observed: half.observed, account: account) {
            if let why { return [GateCheck(.reversalIncomplete, message: "\(why); the opening half is not sent")] }
            return self.gate.gates(actionable: true, side: intent.side)
        }
        if case .sent = fate {
            logger.info("reversal: opening half sent after the first half filled", metadata: ["decision": "\(intent.decisionId)"])
        }
    }

    /// `, 3 of 10 shares filled` when part of it filled.
    private static func filledPart(_ order: AuditLedger.Order?) -> String {
        guard let order, order.filledQty > 0 else { return "" }
        return ", \(Money.quantity(order.filledQty)) of \(order.qty.map(Money.quantity) ?? "?") shares filled"
    }

    /// At the end of the run: every opening half still waiting is blocked (a restart does
    /// not send it; its first half's record and fill are in the log).
    func abandonReversals() async throws {
        let halves = openingHalves
        openingHalves = []
        for half in halves {
            try await decideOpeningHalf(half, blockedBecause: "the run stopped before the first half (\(half.firstHalf)) was seen "
                + "filled; a later run does not send the other side (the next decision that fires opens it)")
        }
    }

    /// At start: the reversals an earlier run sent the first half of and then stopped without
    /// deciding the other (killed: `strandedReversals`, read before this run's `run_start`).
    /// Each opening half is recorded as blocked, sized as its first half's record says; a
    /// restart never sends it. A resting rule's half cannot be rebuilt (its prices were this
    /// bar's values) and gets a note instead.
    func recordStrandedReversals(_ firstHalves: [DecisionRecord]) async throws {
        for first in firstHalves {
            let id = String(first.id.dropLast(":reverse".count))
            guard journal.ledger.decisions[id] == nil else { continue }
            let order = journal.ledger.orders[first.order.clientOrderId]
            let why = "the run stopped between the halves (the first half \(first.order.clientOrderId) is "
                + "\(order?.status ?? "not in the log")\(Self.filledPart(order))); a restart does not send the other side (the "
                + "next decision that fires while flat opens it)"
            guard let input = first.input, let s = core.symbols.firstIndex(of: input.intent.symbol),
                  let rule = core.strategy.rules.firstIndex(where: { $0.id == input.intent.ruleId }),
                  !core.strategy.rules[rule].order.rests,
                  var half = openingHalf(symbol: s, rule: rule, time: input.intent.time, utcOffset: input.intent.utcOffset,
                                         price: input.intent.price, equity: input.account.equity, observed: []) else {
                try journal.append(.note(NoteRecord(kind: RuntimeGate.reversalIncomplete.id,
                                                    message: "\(id): not decided: \(why)")))
                continue
            }
            half.firstHalf = first.order.clientOrderId
            try await decideOpeningHalf(half, blockedBecause: why)
        }
    }
}
