import Foundation
import Testing

/// The README's first command on the bundled SPY history: the verdict comes first and says
/// why the strategy trails (orders waiting for approval), and every place that counts
/// approvals agrees, with and without `--approve-all`.
@Suite struct VerdictTests {
    private func backtest(_ extra: [String]) async throws -> (text: String, summary: [String: Any], report: [String: Any], html: String) {
        let dir = try AlgobotBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("r.json"), html = dir.appendingPathComponent("r.html")
        let run = try await AlgobotBinary.run(["backtest", "--json", json.path, "--html", html.path] + extra)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as! [String: Any]
        return (run.stdout, report["summary"] as! [String: Any], report, try String(contentsOf: html, encoding: .utf8))
    }

    @Test func theDefaultRunSaysWhyItTrailsFirst() async throws {
        let run = await try backtest([])
        let verdict = "Trails SPY buy & hold by 303.0 points; 96 of 108 orders waited for approval and were not executed "
            + "(run with --approve-all to see them executed); invested 2 % of the time."
        #expect(run.text.split(separator: "\n").first.map(String.init) == verdict)
        #expect(run.summary["verdict"] as? String == verdict)
        #expect(run.html.contains("<p class=\"verdict\" data-key=\"verdict\">\(verdict.replacingOccurrences(of: "&", with: "&amp;"))</p>"))
        #expect(run.text.contains("96 needed approval (not executed)"))
        #expect(run.html.contains("96 needed approval (not executed)"))
        #expect(run.summary["orders_needing_approval"] as? Int == 96)
        #expect(run.summary["orders_approved_by_approve_all"] as? Int == 0)
        // Coloured against SPY, not against zero: +1.96 % is worse than SPY's +305 %, and a
        // −14 % drawdown is better than SPY's −56 %.
        #expect(run.html.contains("<div class=\"v neg\">1.96%</div>"))
        #expect(run.html.contains("<div class=\"v pos\">-14.05%</div>"))
        #expect(run.html.contains("(worst -14.05%)") && run.html.contains("SPY buy &amp; hold (worst -56.19%)"))
    }

    @Test func approveAllCountsTheSameApprovalsEverywhere() async throws {
        let run = await try backtest(["--approve-all"])
        let first = run.text.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("Trails SPY buy & hold by 223.9 points; 57 of 203 orders needed approval and were executed"))
        let violations = run.report["violations"] as! [String: [String: Int]]
        #expect(violations["approval_threshold"]?["needs_approval"] == 57)
        #expect(run.summary["orders_approved_by_approve_all"] as? Int == 57)
        #expect(run.summary["orders_needing_approval"] as? Int == 0)
        #expect(run.text.contains("57 needed approval (approved by --approve-all)"))
        #expect(run.html.contains("57 needed approval (approved by --approve-all)"))
        #expect(!run.text.contains("0 needed approval") && !run.html.contains(" 0 needed approval"))
    }
}
