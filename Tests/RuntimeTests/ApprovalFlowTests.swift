import Audit
import Engine
import Foundation
import Policy
import Testing
@testable import Runtime
import Vocabulary

/// Orders over the approval threshold wait in the queue; an approval re-runs the policy
/// against the broker's state; the run sends what was approved, and only that.
@Suite struct ApprovalFlowTests {
    @Test func approvedOrderIsRecheckedAndSent() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-shares.yaml", policy: "limits-approval.yaml") { h in
            try h.start()
            try await h.waitForLines(1)
            let queue = try ApprovalQueue(path: h.state.approvals, auditLog: try AuditLog(path: h.state.audit))
            var waiting: [ApprovalItem] = []
            while waiting.isEmpty {
                try await h.step()
                waiting = try queue.list(now: h.sim.state().time)
            }
            #expect(h.sim.state().orders.isEmpty, "nothing is sent before a person approves")
            let item = waiting[0]
            // A daily decision is placed at the next open: it may be approved until 16:00 New York that day.
            let decided = try #require(MarketTime.parseBarTime(item.decidedAt))
            var next = decided.time / 86_400 + 1
            while [2, 3].contains(Int(next % 7)) { next += 1 }
            #expect(item.expiresAt == BarTimeText.date(next) + "T21:00:00Z")

            let recheck = ApprovalRecheck(core: try h.core(), broker: h.broker)
            let state = try await recheck.prepare(auditPath: h.state.audit)
            let now = MarketTime.utcText(state.clock.now)
            let approval = HumanApproval(by: "tester", note: "fine")
            let transition = try queue.approve(id: item.id, by: "tester", note: "fine", now: now) { record in
                try recheck.recheck(record, state: state, approval: approval)
            }
            #expect(transition.record.action == .approved)

            let deadline = Date().addingTimeInterval(10)
            while !h.sim.state().orders.contains(where: { $0.clientOrderID == item.decision.order.clientOrderId }) {
                #expect(Date() < deadline)
                try await Task.sleep(nanoseconds: 5_000_000)
            }
            try await h.step()
            _ = try await h.finish()
            let records = try h.records()
            let actions = records.compactMap(\.approval).filter { $0.orderId == item.id }.map(\.action)
            #expect(actions == [.queued, .approved])
            #expect(records.compactMap(\.fill).contains { $0.clientOrderId == item.decision.order.clientOrderId })
            #expect(try queue.item(id: item.id, now: now).state == .sent)
            let orders = h.sim.state().orders.map(\.clientOrderID)
            #expect(Set(orders).count == orders.count)
        }
    }

    /// Issue 12, defect 7: the run claimed an approved order (`sent`) before its re-check, so
    /// an order the re-check then blocked stayed `sent|allow` in the queue.
    @Test func anOrderTheRecheckBeforeSendingBlocksIsNotShownAsSent() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-shares.yaml", policy: "limits-approval.yaml") { h in
            try h.start()
            try await h.waitForLines(1)
            // 30 shares at $100 were fine by whoever approved them; the bot's $2,500 position limit is not.
            let record = TestCores.decisionRecord(core: try h.core(), symbol: "AAA", qty: 30, price: 100, outcome: .needsApproval)
            let log = try AuditLog(path: h.state.audit)
            _ = try log.append(.decision(record), at: "2024-01-10")
            let queue = try ApprovalQueue(path: h.state.approvals, auditLog: log)
            let id = try queue.enqueue(decision: record, decidedAt: "2024-01-10", expiresAt: "2030-01-01T00:00:00Z").item.id
            let now = h.sim.state().time
            let approved = try queue.approve(id: id, by: "tester", note: "looks fine", now: now) { _ in
                RecheckResult(outcome: .allow, checks: [])
            }
            #expect(approved.item.state == .approved)
            for _ in 0..<2 { try await h.step() }
            _ = try await h.finish()

            let item = try queue.item(id: id, now: now)
            #expect(item.state == .recheckBlocked)
            #expect(item.recheckOutcome == .block)
            #expect(item.recheck?.contains { $0.id == "max_position_per_symbol" && $0.result == .fail } == true)
            #expect(item.by == ApprovalQueue.runtimeActor)
            #expect(try queue.list(now: now, includeClosed: true).first { $0.id == id }?.state == .recheckBlocked)
            #expect(!h.sim.state().orders.contains { $0.clientOrderID == record.order.clientOrderId })
            let actions = try h.records().compactMap(\.approval).filter { $0.orderId == id }.map(\.action)
            #expect(actions == [.queued, .approved, .recheckBlocked])
            let explained = try Explainer(logPath: h.state.audit).explain(orderId: id)
            #expect(explained.approvals.last?.text.contains("just before sending said block") == true)
        }
    }

    @Test func theBotsPolicyIsTheOneTheRecheckUses() throws {
        let dir = TempDir("running-policy")
        defer { dir.remove() }
        let policy = dir.file("limits.yaml"), other = dir.file("other.yaml")
        try "policy: a\nlimits: {}\n".write(toFile: policy, atomically: true, encoding: .utf8)
        try "policy: b\nlimits: {}\n".write(toFile: other, atomically: true, encoding: .utf8)
        let running = FileRef(name: "a", file: policy, sha256: try #require(FileDigest.sha256(path: policy)))
        // No run has started on this state folder: what the operator gives, else the fallback.
        #expect(try RunningPolicy.file(given: other, running: nil, fallback: "x.yaml") == other)
        #expect(try RunningPolicy.file(given: nil, running: nil, fallback: "x.yaml") == "x.yaml")
        #expect(try RunningPolicy.file(given: nil, running: running, fallback: "x.yaml") == policy)
        #expect(throws: RunningPolicy.Mismatch.self) { try RunningPolicy.file(given: other, running: running, fallback: "x.yaml") }
        // Edited after the bot started: the bot still runs the old text, so nothing may be judged by the new one.
        try "policy: a\nlimits: { max_gross_notional: 1 }\n".write(toFile: policy, atomically: true, encoding: .utf8)
        #expect(throws: RunningPolicy.Mismatch.self) { try RunningPolicy.file(given: nil, running: running, fallback: "x.yaml") }
        var ledger = AuditLedger()
        ledger.apply(AuditRecord(seq: 1, at: "2024-01-10", prev: AuditRecord.genesisHash, body: .runStart(RunStart(
            runId: "r", mode: .paper, strategy: running, policy: running, config: [:], versions: [:], dataFiles: []))))
        #expect(ledger.runningPolicy == running)
    }

    @Test func recheckBlocksWhatWouldBreachALimitNow() throws {
        let core = try TestCores.make(strategy: "dip-shares.yaml", policy: "limits-approval.yaml")
        let record = TestCores.decisionRecord(core: core, symbol: "AAA", qty: 10, price: 100)
        let account = BrokerAccount(cash: 10_000, equity: 12_000, lastEquity: 12_000)
        let approval = HumanApproval(by: "tester")
        let recheck = ApprovalRecheck(core: core, broker: FakeBroker())
        let flat = ApprovalRecheck.State(clock: FakeBroker().clockAnswer, account: account, positions: [], ledger: AuditLedger())
        #expect(try recheck.recheck(record, state: flat, approval: approval).outcome == .allow)
        // 20 shares held already: 30 × $100 is over the $2,500 position limit.
        let holding = ApprovalRecheck.State(clock: FakeBroker().clockAnswer, account: account,
                                            positions: [BrokerPosition(symbol: "AAA", qty: 20, currentPrice: 100)], ledger: AuditLedger())
        let blocked = try recheck.recheck(record, state: holding, approval: approval)
        #expect(blocked.outcome == .block)
        #expect(blocked.checks.contains { $0.id == "max_position_per_symbol" && $0.result == .fail })
    }

    @Test func approvalFailsClosedWhenTheBrokerCannotBeRead() async throws {
        let core = try TestCores.make(strategy: "dip-shares.yaml", policy: "limits-approval.yaml")
        let recheck = ApprovalRecheck(core: core, broker: FakeBroker(failing: true))
        await #expect(throws: BrokerError.self) { _ = try await recheck.prepare(auditPath: "/nonexistent/audit.jsonl") }

        let dir = TempDir("approval")
        defer { dir.remove() }
        let queue = try ApprovalQueue(path: dir.file("approvals.sqlite"))
        let record = TestCores.decisionRecord(core: core, symbol: "AAA", qty: 10, price: 100, outcome: .needsApproval)
        _ = try queue.enqueue(decision: record, decidedAt: "2024-01-10")
        #expect(throws: ApprovalError.self) {
            _ = try queue.approve(id: record.order.orderId, by: "tester", now: "2024-01-10T18:00:00Z") { _ in
                throw BrokerError(.unreachable, "fake broker is down")
            }
        }
        #expect(try queue.item(id: record.order.orderId, now: "2024-01-10T18:00:00Z").state == .pending)
    }

    @Test func intentRebuiltFromItsRecordHasTheSameIds() throws {
        let core = try TestCores.make(strategy: "dip-shares.yaml", policy: "limits-approval.yaml")
        let record = TestCores.decisionRecord(core: core, symbol: "BBB", qty: 10, price: 42.5)
        let intent = try IntentRebuilder.intent(from: record, core: core)
        #expect(intent.clientOrderId == record.order.clientOrderId)
        #expect(intent.decisionId == record.id)
        var tampered = record
        tampered.rule.id = "take-profit"
        #expect(throws: RuntimeError.self) { _ = try IntentRebuilder.intent(from: tampered, core: core) }
    }

    /// The re-check judges the order the policy saw (the record's `input`), not one parsed
    /// back out of the record's text; without an input, or with one whose ids the strategy
    /// no longer produces, the record is refused (fail closed).
    @Test func intentIsReadFromTheRecordedInputAndFailsClosedWithoutIt() throws {
        let core = try TestCores.make(strategy: "dip-shares.yaml", policy: "limits-approval.yaml")
        let record = TestCores.decisionRecord(core: core, symbol: "BBB", qty: 10, price: 42.5)
        let input = try #require(record.input)
        let intent = try IntentRebuilder.intent(from: record, core: core)
        #expect(DecisionInput(intent: intent, account: AccountSnapshot(input.account)).intent == input.intent)

        var fractional = record
        fractional.input?.intent.fractional.toggle()
        #expect(try IntentRebuilder.intent(from: fractional, core: core).fractional == !input.intent.fractional,
                "the recorded input decides, not the strategy's current size")

        var old = record
        old.input = nil
        #expect(throws: RuntimeError.self) { _ = try IntentRebuilder.intent(from: old, core: core) }
        var otherBar = record
        otherBar.input?.intent.time += 86_400
        #expect(throws: RuntimeError.self) { _ = try IntentRebuilder.intent(from: otherBar, core: core) }
        var otherSymbol = record
        otherSymbol.input?.intent.symbol = "AAA"
        #expect(throws: RuntimeError.self) { _ = try IntentRebuilder.intent(from: otherSymbol, core: core) }
    }
}

extension ApprovalFlowTests {
    /// A limit entry that needs a person goes to the broker, once approved, as that limit
    /// (type, price on the tick, time in force), judged again at its limit price; it was
    /// refused before, because the approval path rebuilt a market order.
    @Test func anApprovedLimitEntryIsSentAsThatLimit() async throws {
        try await RunnerHarness.run(series: SyntheticBars.pair(days: 40), strategy: "dip-limit.yaml", policy: "limits-approval.yaml") { h in
            try h.start()
            try await h.waitForLines(1)
            let queue = try ApprovalQueue(path: h.state.approvals, auditLog: try AuditLog(path: h.state.audit))
            var waiting: [ApprovalItem] = []
            while waiting.isEmpty {
                try await h.step()
                waiting = try queue.list(now: h.sim.state().time)
            }
            let item = waiting[0]
            let limit = try #require(item.decision.input?.intent.limitPrice)
            #expect(item.decision.order.price == limit, "judged at its limit price")

            let recheck = ApprovalRecheck(core: try h.core(), broker: h.broker)
            let state = try await recheck.prepare(auditPath: h.state.audit)
            let now = MarketTime.utcText(state.clock.now)
            let transition = try queue.approve(id: item.id, by: "tester", note: "fine", now: now) { record in
                try recheck.recheck(record, state: state, approval: HumanApproval(by: "tester", note: "fine"))
            }
            #expect(transition.record.action == .approved)
            let deadline = Date().addingTimeInterval(10)
            while !h.sim.state().orders.contains(where: { $0.clientOrderID == item.decision.order.clientOrderId }) {
                #expect(Date() < deadline)
                if Date() > deadline { break }
                try await Task.sleep(nanoseconds: 5_000_000)
            }
            _ = try await h.finish()
            let sent = try #require(h.sim.state().orders.first { $0.clientOrderID == item.decision.order.clientOrderId })
            #expect(sent.type == "limit")
            #expect(sent.timeInForce == "day")
            #expect(sent.limitPrice.map { abs((Double($0) ?? .nan) - limit) < 0.005 } == true)
            #expect(try queue.item(id: item.id, now: now).state == .sent)
        }
    }
}
