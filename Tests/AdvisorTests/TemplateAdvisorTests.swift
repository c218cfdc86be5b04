import Audit
import Testing
@testable import Advisor
import Vocabulary

@Suite("Template advisor")
struct TemplateAdvisorTests {
    let advisor = TemplateAdvisor()

    private func note(_ record: DecisionRecord) -> AdvisorNote { advisor.rationaleNow(for: AdvisorInput(record)) }

    @Test("an allowed order: the cross with both bars' numbers, all checks passed, the approval headroom")
    func allowed() throws {
        let note = note(Sample.allowed)
        #expect(note.status == .ok)
        #expect(note.advisor == "template")
        #expect(note.error == nil)
        #expect(note.text + "\n" == (try Paths.golden("template-allow.txt", note.text + "\n")))
        #expect(note.text.contains("sma(close, 10) crossed above sma(close, 30) (111.32 > 111.28, previous bar 111.07 ≤ 111.21)"))
        #expect(note.text.contains("All 5 policy checks passed; the order of $10,000.00 stayed within the $10,000.00 approval threshold."))
    }

    @Test("a blocked order names every blocking check and its numbers")
    func blocked() throws {
        let text = note(Sample.blocked).text
        #expect(text + "\n" == (try Paths.golden("template-block.txt", text + "\n")))
        #expect(text.hasPrefix("Wanted to buy 205 shares of QQQ because"))
        #expect(text.contains("max_position_per_symbol failed (position after order $90,583.35 > limit $25,000.00)"))
        #expect(text.contains("max_gross_notional failed"))
        // The approval check failed too, but it is not what blocked the order.
        #expect(!text.contains("approval_threshold"))
        #expect(text.hasSuffix("2 of 5 policy checks passed."))
    }

    @Test("an order that needs approval says which check asked and why")
    func needsApproval() throws {
        let text = note(Sample.needsApproval).text
        #expect(text + "\n" == (try Paths.golden("template-needs-approval.txt", text + "\n")))
        #expect(text.contains("the order needs a person's approval: approval_threshold failed (order $12,150.60 > threshold $10,000.00)."))
        #expect(text.hasSuffix("4 of 5 policy checks passed."))
    }

    @Test("other shapes: approved by --approve-all, a sell-all exit, a check that could not be evaluated, no cross")
    func variants() {
        #expect(note(Sample.approvedByFlag).text.hasSuffix(
            "4 of 5 policy checks passed. It was approved by --approve-all after approval_threshold asked for approval: "
            + "order $12,150.60 > threshold $10,000.00."))
        #expect(note(Sample.exit).text.hasPrefix(
            "Decided to sell all 24 shares of SPY because sma(close, 10) crossed below sma(close, 30) (398.20 < 399.00, previous bar 400.10 ≥ 399.50)."))
        #expect(note(Sample.ruleError).text == "Wanted to buy 10 shares of IWM because rule buy-the-dip (rsi(close, 14) < 30) was true "
            + "(rsi(close, 14) = 27.50), but the policy blocked it: no-penny-stocks could not be evaluated "
            + "(could not evaluate price < 5: a value it needs is missing, so the order is blocked). 4 of 5 policy checks passed.")
    }

    @Test("same input, same text: no clock, no randomness, no state")
    func deterministic() async {
        for record in [Sample.allowed, Sample.blocked, Sample.needsApproval, Sample.exit, Sample.ruleError] {
            let first = TemplateAdvisor().rationaleNow(for: AdvisorInput(record))
            let again = await TemplateAdvisor().rationale(for: AdvisorInput(record))
            #expect(first == again)
            #expect(first == advisor.rationaleNow(for: AdvisorInput(record)))
        }
    }

    @Test("the input is copied from the decision record alone")
    func inputFromRecord() {
        let input = AdvisorInput(Sample.blocked)
        #expect(input.strategy == "sma-crossover")
        #expect(input.symbol == "QQQ")
        #expect(input.ruleId == "enter-long")
        #expect(input.values.map(\.expression) == ["sma(close, 10)", "sma(close, 30)"])
        #expect(input.checks.map(\.id) == Sample.blocked.checks.map(\.id))
        #expect(input.checks[0].value == 90_583.35 && input.checks[0].limit == 25_000)
        #expect(input.checks[4].value == nil, "user rules carry no single compared figure")
        #expect(input.order == AdvisorInput.Order(side: .buy, action: .buy, qty: 205, notional: nil, price: 441.87))
        #expect(input.outcome == .block)
    }
}
