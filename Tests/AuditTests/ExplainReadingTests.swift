import Foundation
import Testing
@testable import Audit
import Vocabulary

/// `algobot explain` shows a cross with enough digits to see it, and an order that needed
/// approval says which setting asked for it, where it is and what to change (issue 17).
@Suite struct ExplainReadingTests {
    /// A decision like the sample's paper one, with other values and outcome.
    static func decision(id: String, mode: Mode, rule: FiredRule, orderValue: Double, outcome: Outcome) -> DecisionRecord {
        DecisionRecord(
            id: id, mode: mode, strategy: Sample.strategy, policy: Sample.policy, symbol: "AAPL", rule: rule,
            order: DecidedOrder(orderId: "o-000007", clientOrderId: "sma-crossover-AAPL-20240402-enter-long", side: .buy,
                                action: .buy, qty: 100, notional: nil, price: orderValue / 100),
            checks: Sample.limitChecks(positionAfter: orderValue, gross: orderValue, orderValue: orderValue, price: orderValue / 100),
            outcome: outcome, reason: "approval_threshold asks for approval.")
    }

    static func explain(_ entries: [Sample.Entry]) throws -> Explanation {
        let dir = TempDir()
        let log = try AuditLog(path: dir.file("audit.jsonl"))
        try Sample.write(entries, to: log)
        try log.close()
        return try Explainer(logPath: dir.file("audit.jsonl")).explain(orderId: "o-000007")
    }

    @Test func aCrossOfCloseValuesShowsTheDigitsThatMakeIt() throws {
        let rule = Sample.smaCross(fast: 0.2531, fastPrev: 0.2468, slow: 0.2512, slowPrev: 0.2499)
        let d = Self.decision(id: "bt-aapl", mode: .backtest, rule: rule, orderValue: 2_000, outcome: .allow)
        let text = ExplanationText.text(try Self.explain([Sample.Entry(at: "2024-04-02", body: .decision(d))]))
        #expect(text.contains("sma(close, 10) = 0.2531 (previous bar 0.2468)"))
        #expect(text.contains("sma(close, 30) = 0.2512 (previous bar 0.2499)"))
        #expect(text.contains("on the previous bar 0.2468 ≤ 0.2499, on this bar 0.2531 > 0.2512."))
        #expect(!text.contains("0.25 "))
    }

    @Test func anOrderWaitingForApprovalNamesTheThresholdItsPlaceAndTheCommand() throws {
        let rule = Sample.smaCross(fast: 405.02, fastPrev: 403.9, slow: 404.41, slowPrev: 404.0)
        let d = Self.decision(id: "paper-aapl", mode: .paper, rule: rule, orderValue: 12_000, outcome: .needsApproval)
        let explanation = try Self.explain([
            Sample.Entry(at: "2024-04-02T14:05:00Z", wall: "2024-04-02T14:05:01Z", body: .decision(d)),
            Sample.Entry(at: "2024-04-02T14:05:00Z", wall: "2024-04-02T14:05:01Z", body: .approval(ApprovalRecord(
                orderId: "o-000007", decisionId: d.id, action: .queued))),
        ])
        let hint = "approval_threshold is $10,000 (rules/limits.yaml:7:3): orders above it wait for a person; "
            + "raise it or approve with `algobot approvals approve o-000007`."
        #expect(explanation.approvalHint == hint)
        let lines = ExplanationText.text(explanation).split(separator: "\n").map(String.init)
        let outcome = try #require(lines.firstIndex(of: "Outcome: needed approval"))
        #expect(lines[outcome + 2] == "  " + hint)
    }

    @Test func aBacktestOrderThatNeededApprovalPointsAtApproveAll() throws {
        let rule = Sample.smaCross(fast: 405.02, fastPrev: 403.9, slow: 404.41, slowPrev: 404.0)
        let d = Self.decision(id: "bt-aapl", mode: .backtest, rule: rule, orderValue: 12_000, outcome: .needsApproval)
        let explanation = try Self.explain([Sample.Entry(at: "2024-04-02", body: .decision(d))])
        #expect(explanation.approvalHint == "approval_threshold is $10,000 (rules/limits.yaml:7:3): orders above it wait for a person; "
            + "raise it, or run the backtest with --approve-all to see such orders executed.")
    }

    @Test func allowedAndBlockedOrdersHaveNoApprovalHint() throws {
        let rule = Sample.smaCross(fast: 405.02, fastPrev: 403.9, slow: 404.41, slowPrev: 404.0)
        let d = Self.decision(id: "bt-aapl", mode: .backtest, rule: rule, orderValue: 2_000, outcome: .allow)
        #expect(try Self.explain([Sample.Entry(at: "2024-04-02", body: .decision(d))]).approvalHint == nil)
    }
}
