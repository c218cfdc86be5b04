import Audit
import Foundation
import Testing
@testable import Advisor
import Vocabulary

/// An advisor that takes its time (like a slow endpoint) and counts its calls.
private struct SlowAdvisor: Advisor {
    let name = "slow"
    let delay: Duration

    func rationale(for input: AdvisorInput) async -> AdvisorNote {
        do {
            try await Task.sleep(for: delay)
        } catch {
            return .unavailable("cut short", advisor: name)
        }
        return .ok("thought about \(input.symbol)", advisor: name)
    }
}

/// An advisor that is always down.
private struct DownAdvisor: Advisor {
    let name = "down"
    func rationale(for input: AdvisorInput) async -> AdvisorNote { .unavailable("connection refused", advisor: name) }
}

/// A sink that refuses every record.
private final class BrokenSink: AuditSink, @unchecked Sendable {
    func append(_ body: AuditBody, at: String, wall: String?) throws -> AuditRecord {
        throw AuditError.io(path: "broken", action: "append", reason: "disk full")
    }
}

private func notes(_ log: MemoryAuditLog) -> [AdvisorNoteRecord] {
    log.records.compactMap { if case .advisorNote(let n) = $0.body { return n } else { return nil } }
}

@Suite("Advisor runner")
struct AdvisorRunnerTests {
    @Test("the synchronous hook writes the template note at once, at the decision's time")
    func noteNow() throws {
        let log = MemoryAuditLog()
        let runner = AdvisorRunner(advisor: TemplateAdvisor(), sink: log)
        runner.noteNow(for: Sample.blocked, at: "2024-03-20")
        let record = try #require(log.records.first)
        #expect(record.at == "2024-03-20" && record.wall == nil)
        #expect(record.body.type == "advisor_note")
        #expect(notes(log) == [AdvisorNoteRecord(decisionId: Sample.blocked.id, advisor: "template", status: "ok",
                                                 text: TemplateAdvisor().text(for: AdvisorInput(Sample.blocked)))])
        #expect(runner.counts == AdvisorRunner.Counts(written: 1))
    }

    @Test("enqueue never waits for a slow advisor; a full buffer drops and counts, and every decision still gets a note")
    func boundedQueue() async throws {
        let log = MemoryAuditLog()
        let runner = AdvisorRunner(advisor: SlowAdvisor(delay: .milliseconds(150)), sink: log, capacity: 2)
        let decisions = (0..<6).map { i in
            var d = Sample.allowed
            d.id = "decision-\(i)"
            return d
        }
        let started = ContinuousClock.now
        let accepted = decisions.map { runner.enqueue($0, at: "2024-03-08") }
        let enqueueTime = ContinuousClock.now - started
        #expect(enqueueTime < .milliseconds(100), "enqueue took \(enqueueTime)")
        // Capacity 2 waiting, plus at most the one the worker already took.
        #expect((2...3).contains(accepted.filter { $0 }.count))
        await runner.finish()

        let written = notes(log)
        #expect(written.map(\.decisionId).sorted() == decisions.map(\.id).sorted(), "exactly one note per decision")
        for (decision, ok) in zip(decisions, accepted) {
            let note = try #require(written.first { $0.decisionId == decision.id })
            if ok {
                #expect(note.status == "ok" && note.text == "thought about SPY")
            } else {
                #expect(note.status == "unavailable")
                #expect(note.displayText == "advisor unavailable: skipped: the advisor queue was full (2 waiting); trading went on without it")
            }
        }
        let counts = runner.counts
        #expect(counts.dropped == accepted.filter { !$0 }.count)
        #expect(counts.written == 6 && counts.unavailable == counts.dropped && counts.writeFailures == 0)
        #expect(!runner.enqueue(Sample.allowed, at: "2024-03-08"), "after finish nothing is taken")
    }

    @Test("an unavailable advisor gives an unavailable note; a failing sink is counted, never thrown")
    func failures() async throws {
        let log = MemoryAuditLog()
        let down = AdvisorRunner(advisor: DownAdvisor(), sink: log, wallClock: { "2024-03-08T21:00:01Z" })
        #expect(down.enqueue(Sample.allowed, at: "2024-03-08"))
        await down.finish()
        #expect(notes(log).map(\.displayText) == ["advisor unavailable: connection refused"])
        #expect(log.records.first?.wall == "2024-03-08T21:00:01Z")
        #expect(down.counts == AdvisorRunner.Counts(written: 1, unavailable: 1))

        let broken = AdvisorRunner(advisor: TemplateAdvisor(), sink: BrokenSink(), logger: LogCapture().logger())
        broken.noteNow(for: Sample.allowed, at: "2024-03-08")
        broken.enqueue(Sample.blocked, at: "2024-03-20")
        await broken.finish()
        #expect(broken.counts == AdvisorRunner.Counts(writeFailures: 2))
    }

    @Test("a shutdown waits for the advisor only as long as it is told", .timeLimit(.minutes(5)))
    func finishWithin() async {
        let log = MemoryAuditLog()
        // Ten minutes a call: only a cut-short call can end the test in time.
        let runner = AdvisorRunner(advisor: SlowAdvisor(delay: .seconds(600)), sink: log)
        for _ in 0..<3 { runner.enqueue(Sample.allowed, at: "2024-03-08") }
        await runner.finish(within: .milliseconds(200))
        // The proof is in the notes, not in a stopwatch: a test process on two cores can
        // stall the task pool for tens of seconds, so a wall-clock bound would flake. Had
        // the shutdown waited, the first note would say "ok" after ten minutes.
        let written = notes(log).map(\.displayText)
        let notAsked = "advisor unavailable: not asked: the run was stopping"
        #expect(written.count == 3, "every decision still gets a note")
        // The first job is cut short, or (if the pool stalled before it began) not asked.
        #expect(written.first == "advisor unavailable: cut short" || written.first == notAsked)
        #expect(written.dropFirst().allSatisfy { $0 == notAsked })
        #expect(!runner.enqueue(Sample.allowed, at: "2024-03-08"))
    }

    @Test("the synchronous hook with a network advisor only enqueues")
    func noteNowWithSlowAdvisor() async {
        let log = MemoryAuditLog()
        let runner = AdvisorRunner(advisor: SlowAdvisor(delay: .milliseconds(500)), sink: log)
        let started = ContinuousClock.now
        runner.noteNow(for: Sample.allowed, at: "2024-03-08")
        #expect(ContinuousClock.now - started < .milliseconds(250))
        #expect(log.records.isEmpty)
        await runner.finish()
        #expect(notes(log).count == 1)
    }

    @Test("the advising sink puts each note after its decision and its order, and changes no other record")
    func advisingSinkOrder() throws {
        let plain = MemoryAuditLog()
        let inner = MemoryAuditLog()
        let sink = AdvisingAuditSink(wrapping: inner, runner: AdvisorRunner(advisor: TemplateAdvisor(), sink: inner))
        let submitted = AuditBody.orderSubmitted(OrderSubmitted(
            orderId: "o-000001", clientOrderId: Sample.allowed.order.clientOrderId, decisionId: Sample.allowed.id,
            symbol: "SPY", side: .buy, qty: nil, notional: 10_000, broker: "backtest"))
        let fill = AuditBody.fill(FillRecord(orderId: "o-000001", clientOrderId: Sample.allowed.order.clientOrderId,
                                             brokerOrderId: nil, symbol: "SPY", side: .buy, qty: 89.7, price: 111.5, commission: 0))
        let script: [(AuditBody, String)] = [
            (.decision(Sample.allowed), "2024-03-08"), (submitted, "2024-03-08"), (fill, "2024-03-11"),
            (.decision(Sample.blocked), "2024-03-20"), (.decision(Sample.needsApproval), "2024-04-02"),
        ]
        for (body, at) in script {
            _ = try plain.append(body, at: at, wall: nil)
            _ = try sink.append(body, at: at, wall: nil)
        }
        sink.finish()
        #expect(inner.records.map(\.body.type) == [
            "decision", "order_submitted", "advisor_note", "fill", "decision", "advisor_note", "decision", "advisor_note",
        ])
        #expect(notes(inner).map(\.decisionId) == [Sample.allowed.id, Sample.blocked.id, Sample.needsApproval.id])
        #expect(inner.records.filter { $0.body.type != "advisor_note" }.map(\.body) == plain.records.map(\.body))
        #expect(inner.records.filter { $0.body.type == "advisor_note" }.map(\.at) == ["2024-03-08", "2024-03-20", "2024-04-02"])
    }
}
