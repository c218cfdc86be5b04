import Audit
import Engine
import Foundation
import Logging
import Policy
import RuleLanguage
import Vocabulary

/// Orders that need a person: queued at decision time, re-judged and sent once approved,
/// and announced when they stop waiting (expired, or rejected by `algobot approvals reject`
/// from another process). Nothing is sent while a `TradingGate` gate stands; approved orders
/// wait (until they expire).
final class ApprovalDesk {
    private let queue: ApprovalQueue
    private let core: TradingCore
    private let session: BrokerSession
    private let router: OrderRouter
    private let gate: TradingGate
    private let journal: RunJournal
    private let notices: RunNotices
    private let clock: RunClock
    private let options: LiveRunner.Options
    private let logger: Logger

    /// The exit legs the policy allows for an approved entry of a rule (`DecisionStep.exitLegs`),
    /// judged and recorded when it is sent. Until the runner sets it, an entry whose rule has
    /// legs is refused rather than sent without them.
    var exitLegs: (ApprovedOrder, Int) throws -> ExitLegOrders = { _, _ in
        throw RuntimeError.notLive(["approved entries cannot be sent before the runner can place their exit legs"])
    }

    /// Orders waiting in the queue at the last look.
    private(set) var pending = 0
    /// Orders open in the queue at the last look, so one a person rejected is announced once.
    private var openIds: Set<String>
    /// Closed orders in the queue by state (for the status file), and the newest line about one.
    private(set) var closedCounts: [ApprovalState: Int]
    private(set) var lastEvent: String?

    init(core: TradingCore, session: BrokerSession, router: OrderRouter, gate: TradingGate, journal: RunJournal,
         notices: RunNotices, clock: RunClock, options: LiveRunner.Options, logger: Logger) throws {
        self.core = core
        self.session = session
        self.router = router
        self.gate = gate
        self.journal = journal
        self.notices = notices
        self.clock = clock
        self.options = options
        self.logger = logger
        let queue = try ApprovalQueue(path: options.state.approvals, auditLog: journal.audit, expiry: options.approvalExpiry)
        self.queue = queue
        openIds = Set(try queue.list(now: clock.wallText).map(\.id))
        closedCounts = try queue.counts()
    }

    /// Puts a `needs_approval` decision in the durable queue (which records it in the audit
    /// log). The deadline is the end of the trading day the order would be placed on.
    func enqueue(_ record: DecisionRecord, intent: OrderIntent) throws {
        let deadline = options.approvalExpiry.deadline(forDecisionAt: approvalDay(for: intent))
        do {
            let transition = try queue.enqueue(decision: record, decidedAt: intent.timeText, expiresAt: deadline)
            pending += 1
            openIds.insert(transition.item.id)
            notices.approvalNeeded(transition.item)
            logger.notice("order waits for approval", metadata: ["order": "\(transition.item.id)", "until": "\(transition.item.expiresAt)",
                                                                 "how": "algobot approvals approve \(transition.item.id)"])
        } catch ApprovalError.alreadyQueued {
            return
        }
    }

    /// The trading day the order would be placed on: the decision bar's own day for intraday
    /// bars, the next weekday for a daily bar (decided after its close, placed at the next open).
    func approvalDay(for intent: OrderIntent) -> String {
        guard intent.utcOffset == nil, case .endOfTradingDay = options.approvalExpiry else { return intent.timeText }
        let day = CivilDate.nextWeekday(after: CivilDate.day(containing: intent.time))
        return OrderIDs.timeText(day * CivilDate.secondsPerDay, utcOffset: nil)
    }

    /// Expires what is overdue (by the market clock) and sends what a person approved, after
    /// re-running the policy against the broker's state now.
    func process() async throws {
        guard let market = clock.market else { return }
        let now = MarketTime.utcText(market.now)
        let expired = try queue.expire(now: now)
        let open = try queue.list(now: now)
        pending = open.count
        try announceClosed(open: open, expired: expired, now: now)
        let ready = open.filter { $0.state == .approved && !$0.isExpired }
        guard !ready.isEmpty, gate.gates(actionable: true).isEmpty else { return }
        guard await session.refreshAccount() else { return }
        for item in ready {
            let intent: OrderIntent
            do {
                intent = try IntentRebuilder.intent(from: item.decision, core: core)
            } catch {
                try blockBeforeSending(item, reason: "not sent: \(error)", outcome: .block, checks: nil, now: now)
                logger.error("approved order cannot be sent", metadata: ["order": "\(item.id)", "error": "\(error)"])
                continue
            }
            // Judged before it is claimed, so an order the re-check blocks is never marked `sent`.
            let price = session.marks[intent.symbol] ?? intent.price
            var view = session.snapshot(for: intent.symbol, price: price)
            if !view.mark.isFinite { view.mark = price }
            let decision = core.decide(intent, account: view, approval: HumanApproval(by: item.by ?? "operator", note: item.note))
            guard let approved = decision.approvedOrder else {
                try blockBeforeSending(item, reason: "re-checked just before sending: \(decision.reason)",
                                       outcome: decision.outcome,
                                       checks: decision.checks.map { DecisionRecords.check($0, in: decision) }, now: now)
                logger.warning("approved order blocked by the policy re-check before sending",
                               metadata: ["order": "\(item.id)", "reason": "\(decision.reason)"])
                continue
            }
            // A person's approval does not make an account that cannot short able to (fail closed).
            if let shorting = gate.gates(actionable: true, side: intent.side).first(where: { $0.id == .shortingDisabled }) {
                try blockBeforeSending(item, reason: "not sent: \(shorting.message)", outcome: .block, checks: nil, now: now)
                logger.warning("approved short sale not sent: the account cannot short", metadata: ["order": "\(item.id)"])
                continue
            }
            // An approved sale goes through the same step as one decided now: the position's exit
            // legs, which hold its shares at the broker, are canceled first; if they cannot be, the
            // sale is not sent (fail closed). Done before the claim, so a sale stopped here is never
            // shown as sent.
            if let legsOpen = try await router.clearExitLegs(before: intent) {
                try blockBeforeSending(item, reason: "not sent: \(legsOpen.message)", outcome: .block, checks: [legsOpen.asCheck],
                                       now: now)
                logger.warning("approved sale not sent: the position's exit legs could not be canceled",
                               metadata: ["order": "\(item.id)", "reason": "\(legsOpen.message)"])
                continue
            }
            do {
                _ = try queue.claimForSending(id: item.id, now: now)
            } catch {
                continue   // expired or decided elsewhere in the meantime: never sent
            }
            // A resting rule's order goes as that order (type, prices, time in force), judged above at its
            // price, with the exit legs of its rule (each judged now).
            guard let rule = core.strategy.rules.firstIndex(where: { $0.id == intent.ruleId }) else {
                try await router.submit(approved)
                continue
            }
            let legs = try exitLegs(approved, rule)
            try await router.submit(approved, legs: legs, timeInForce: DecisionStep.timeInForce(core.strategy.rules[rule].order, legs: legs))
        }
        pending = try queue.list(now: now).count
    }

    /// Records that an approved order will not be sent, in the queue and (through it) the
    /// audit log. An order decided elsewhere in the meantime is left as it is.
    private func blockBeforeSending(_ item: ApprovalItem, reason: String, outcome: Outcome, checks: [PolicyCheck]?,
                                    now: String) throws {
        do {
            let transition = try queue.blockBeforeSending(id: item.id, by: ApprovalQueue.runtimeActor, reason: reason, outcome: outcome,
                                                          checks: checks, now: now, wall: clock.wallText)
            if let record = transition.auditRecord { journal.noteWritten(record) }
        } catch let error as ApprovalError {
            logger.notice("approved order changed state before it was re-checked", metadata: ["order": "\(item.id)",
                                                                                             "error": "\(error)"])
        }
    }

    /// Announces every order that left the open part of the queue since the last look as
    /// expired or rejected (each once), then remembers what is open now.
    private func announceClosed(open: [ApprovalItem], expired: [ApprovalTransition], now: String) throws {
        let stillOpen = Set(open.map(\.id))
        var closed = expired.map(\.item)
        let seen = Set(closed.map(\.id))
        for id in openIds.subtracting(stillOpen).subtracting(seen).sorted() {
            closed.append(try queue.item(id: id, now: now))
        }
        for item in closed {
            guard let line = Self.closingLine(item) else { continue }
            let text = "\(now)  \(line)"
            lastEvent = text
            options.notice(text)
            switch item.state {
            case .expired: notices.tell(.approvalExpired, line, [.init("order", item.id), .init("symbol", item.symbol)])
            case .rejected: notices.tell(.approvalRejected, line, [.init("order", item.id), .init("symbol", item.symbol)])
            default: break
            }
            logger.notice("approval closed", metadata: ["order": "\(item.id)", "state": "\(item.state.rawValue)"])
        }
        openIds = stillOpen
        if !closed.isEmpty { closedCounts = try queue.counts() }
    }

    /// `approval o-000012 (buy SPY, enter-long) expired at 2020-03-03T21:00:00Z: nobody approved it
    /// before that deadline; it will not be sent`;
    /// nil for a state nobody needs to be told about here (sent: the order's own lines say so).
    static func closingLine(_ item: ApprovalItem) -> String? {
        let order = "approval \(item.id) (\(item.decision.order.side) \(item.symbol), \(item.decision.rule.id))"
        let by = item.by.map { " by \($0)" } ?? ""
        switch item.state {
        case .expired:
            let what = item.by == nil ? "nobody approved it" : "it was approved\(by) but not sent"
            return "\(order) expired at \(item.expiresAt): \(what) before that deadline; it will not be sent"
        case .rejected:
            return "\(order) rejected\(by)" + (item.note.map { ": \"\($0)\"" } ?? "") + "; it will not be sent"
        case .recheckBlocked:
            return "\(order) approved\(by), but the policy re-check said \(item.recheckOutcome ?? .block); it will not be sent"
        case .pending, .approved, .sent:
            return nil
        }
    }
}
