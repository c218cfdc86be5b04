import Foundation
import Testing

/// The commands as a user runs them: exit codes, files written, reproducibility, and the
/// issue-5 loop (backtest --audit → explain → verify).
@Suite struct BacktestCLITests {
    @Test func lintExitCodes() async throws {
        let clean = try await AlgobotBinary.run(["lint"])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("0 errors"))

        let dir = try AlgobotBinary.temporaryDirectory()
        let broken = dir.appendingPathComponent("broken.yaml")
        let text = try String(contentsOf: AlgobotBinary.repoRoot.appendingPathComponent("strategies/sma.yaml"), encoding: .utf8)
        try text.replacingOccurrences(of: "sma(close, fast)", with: "smaa(close, fast)").write(to: broken, atomically: true, encoding: .utf8)
        let bad = try await AlgobotBinary.run(["lint", broken.path])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("error[E021]: unknown function 'smaa'"))
        #expect(bad.stdout.contains("help: did you mean 'sma'?"))

        let json = try await AlgobotBinary.run(["lint", "--format", "json", broken.path])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["errors"] as? Int == 2)

        let missing = try await AlgobotBinary.run(["lint", dir.appendingPathComponent("nope.yaml").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file"))
    }

    @Test func backtestIsReproducibleAndExplainable() async throws {
        let dir = try AlgobotBinary.temporaryDirectory()
        func run(_ name: String) async throws -> AlgobotBinary.Result {
            try await AlgobotBinary.run(["backtest", "--json", dir.appendingPathComponent("\(name).json").path,
                                   "--html", dir.appendingPathComponent("\(name).html").path,
                                   "--audit", dir.appendingPathComponent("\(name).jsonl").path])
        }
        let first = try await run("a"), second = try await run("b")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("SPY buy & hold"))
        for ext in ["json", "html", "jsonl"] {
            let a = try Data(contentsOf: dir.appendingPathComponent("a.\(ext)"))
            let b = try Data(contentsOf: dir.appendingPathComponent("b.\(ext)"))
            #expect(a == b, "\(ext) output differs between identical runs")
        }
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("a.json"))) as! [String: Any]
        let summary = report["summary"] as! [String: Any]
        for key in ["starting_cash", "final_equity", "total_return_pct", "max_drawdown_pct", "closed_trades", "open_positions",
                    "win_rate_pct", "orders", "sharpe", "sortino", "cagr_pct", "exposure_pct"] {
            #expect(summary.keys.contains(key), "summary.\(key)")
        }
        let violations = report["violations"] as! [String: [String: Int]]
        #expect(Set(violations.keys) == ["max_position_per_symbol", "max_gross_notional", "daily_max_drawdown",
                                          "approval_threshold", "max_short_notional", "no-penny-stocks"])
        let orders = report["orders"] as! [[String: Any]]
        #expect(!orders.isEmpty)

        let audit = dir.appendingPathComponent("a.jsonl").path
        let verify = try await AlgobotBinary.run(["audit", "verify", audit])
        #expect(verify.status == 0, "\(verify.stderr)")
        // One order of each status is enough to show explain reads every kind of record.
        var seen: Set<String> = []
        for order in orders where seen.insert(order["status"] as! String).inserted {
            let explain = try await AlgobotBinary.run(["explain", "--order", order["order_id"] as! String, "--audit", audit])
            #expect(explain.status == 0, "\(explain.stderr)")
            #expect(explain.stdout.contains(order["rule_id"] as! String))
        }
        let byClientId = try await AlgobotBinary.run(["explain", "--order", orders[0]["client_order_id"] as! String, "--audit", audit])
        #expect(byClientId.status == 0)
        let unknown = try await AlgobotBinary.run(["explain", "--order", "o-doesnotexist", "--audit", audit])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("algobot audit export"))
    }

    @Test func badInputsGiveClearErrors() async throws {
        let wrongDate = try await AlgobotBinary.run(["backtest", "--from", "2020-13-01"])
        #expect(wrongDate.status == 1)
        #expect(wrongDate.stderr.contains("--from 2020-13-01"))
        let noData = try await AlgobotBinary.run(["backtest", "--data", "/nonexistent/folder"])
        #expect(noData.status == 1)
        #expect(noData.stderr.contains("/nonexistent/folder"))
        let negative = try await AlgobotBinary.run(["backtest", "--cash", "-5"])
        #expect(negative.status == 2)
        #expect(negative.stderr.contains("--cash"))
    }
}
