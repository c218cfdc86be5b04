import Foundation
import Testing
@testable import Audit
import Vocabulary

/// Logs written before decision records had `input` and `gates` (a halted dry run of the
/// bundled SMA strategy, recorded by algobot before the change: the halt is a check of kind
/// `runtime` and the policy's `outcome` and `reason` were overwritten) still read, verify and
/// explain exactly as they did. The golden explanations were printed by that algobot too.
@Suite struct OldRecordFormTests {
    private let decisionId = "sma-crossover:SPY:2020-04-14:enter-long"

    /// The fixture copied into a fresh folder, so verify and explain may build their index there.
    private func oldLog(in dir: TempDir) throws -> String {
        let path = dir.file("audit.jsonl")
        try FileManager.default.copyItem(atPath: Fixtures.path("old-runtime-gate.jsonl"), toPath: path)
        return path
    }

    @Test func everyOldLineReadsAndWritesBackToTheSameBytes() throws {
        let text = try String(contentsOfFile: Fixtures.path("old-runtime-gate.jsonl"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { Array($0.utf8) }
        #expect(lines.count == 5)
        for line in lines {
            let record = try AuditLineCodec.decode(line)
            #expect(try AuditLineCodec.encode(record) == line, "re-encoding changed \(String(decoding: line, as: UTF8.self).prefix(60))")
        }
    }

    @Test func theOldDecisionReadsAsItSays() throws {
        let dir = TempDir()
        let records = try AuditReader(path: try oldLog(in: dir)).readAll()
        let decision = try #require(records.compactMap { record -> DecisionRecord? in
            if case .decision(let d) = record.body { return d } else { return nil }
        }.first)
        #expect(decision.input == nil && decision.gates == nil)
        #expect(decision.mode == .dryRun)
        #expect(decision.order.side == .buy && decision.order.action == .buy)
        #expect(decision.outcome == .block, "an old record's outcome is the overwritten one")
        #expect(decision.effectiveOutcome == .block)
        #expect(decision.effectiveReason == decision.reason)
        #expect(decision.effectiveChecks == decision.checks)
        #expect(decision.checks.last?.kind == .runtime && decision.checks.last?.id == RuntimeGate.tradingHalted.id)
    }

    @Test func theOldLogVerifies() throws {
        let dir = TempDir()
        let result = try AuditVerifier.verify(path: try oldLog(in: dir))
        #expect(result.ok)
        #expect(result.recordCount == 5)
    }

    @Test func theOldDecisionExplainsAsBefore() throws {
        let dir = TempDir()
        let explainer = try Explainer(logPath: try oldLog(in: dir))
        let explanation = try explainer.explain(decisionId: decisionId)
        let text = try String(contentsOfFile: Fixtures.path("explain-old-runtime-gate.txt"), encoding: .utf8)
        let json = try String(contentsOfFile: Fixtures.path("explain-old-runtime-gate.json"), encoding: .utf8)
        #expect(try ExplanationText.render(explanation, format: .text) == text)
        #expect(try ExplanationText.render(explanation, format: .json) == json)
    }

    /// The same decision in today's form (the policy's own outcome, the halt in `gates`)
    /// explains word for word like the old record.
    @Test func aGateInItsOwnPlaceExplainsLikeTheOldOverwrite() throws {
        let dir = TempDir()
        let explainer = try Explainer(logPath: try oldLog(in: dir))
        let old = try explainer.explain(decisionId: decisionId)
        let records = try AuditReader(path: dir.file("audit.jsonl")).readAll()
        guard case .decision(var decision)? = records.first(where: {
            if case .decision = $0.body { return true } else { return false }
        })?.body else { Issue.record("no decision in the fixture"); return }
        let popped = decision.checks.popLast()
        let halt = try #require(popped)
        decision.outcome = .allow
        decision.reason = "allowed: every limit and rule passed"
        decision.gates = [GateCheck(.tradingHalted, message: halt.message)]
        #expect(decision.effectiveOutcome == .block)
        #expect(decision.effectiveChecks.last == halt)

        let newDir = TempDir()
        let log = try AuditLog(path: newDir.file("audit.jsonl"))
        for record in records {
            if case .decision = record.body {
                _ = try log.append(.decision(decision), at: record.at, wall: record.wall)
            } else {
                _ = try log.append(record.body, at: record.at, wall: record.wall)
            }
        }
        try log.close()
        let explanation = try Explainer(logPath: newDir.file("audit.jsonl")).explain(decisionId: decisionId)
        #expect(explanation == old)
    }
}
