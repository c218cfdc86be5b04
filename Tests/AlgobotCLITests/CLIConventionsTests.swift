import Foundation
import Testing

/// Issue 18's conventions as a script meets them: `--format json` where a script reads the
/// output, `--color auto|always|never`, and exit statuses that mean what they say.
@Suite struct CLIConventionsTests {
    @Test func approvalsListBeforeAnythingNeededApprovalIsAnEmptyList() async throws {
        let dir = try AlgobotBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try await AlgobotBinary.run(["approvals", "list", "--state", dir.path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout == "no orders are waiting for approval\n")
        let json = try await AlgobotBinary.run(["approvals", "list", "--format", "json", "--state", dir.path])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout == "[]\n")
    }

    @Test func auditVerifyAsJSONKeepsTheExitStatus() async throws {
        let dir = try AlgobotBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("audit.jsonl")
        #expect(try await AlgobotBinary.run(["backtest", "--audit", log.path]).status == 0)

        let good = try await AlgobotBinary.run(["audit", "verify", "--format", "json", log.path])
        #expect(good.status == 0, "\(good.stderr)")
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(good.stdout.utf8)) as? [String: Any])
        #expect(verdict["ok"] as? Bool == true)
        #expect(verdict["exit_status"] as? Int == 0)
        #expect((verdict["message"] as? String)?.hasSuffix("the hash chain is intact and agrees with the index") == true)
        let head = try #require(verdict["head"] as? [String: Any])
        #expect(head["seq"] as? Int == verdict["records"] as? Int)
        #expect((verdict["index"] as? [String: Any])?["state"] as? String == "compared")

        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("not a record\n".utf8))
        try handle.close()
        let bad = try await AlgobotBinary.run(["audit", "verify", "--format", "json", log.path])
        #expect(bad.status == 1)
        let finding = try #require(try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [String: Any])
        #expect(finding["ok"] as? Bool == false)
        #expect(finding["problem"] as? String == "unreadable")
        #expect(finding["exit_status"] as? Int == 1)
    }

    @Test func aBacktestOverDatesWithoutBarsIsAnError() async throws {
        let run = try await AlgobotBinary.run(["backtest", "--from", "2030-01-01"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("no bars from 2030-01-01 to the end in data/daily; the data covers SPY 1998-01-02 to 2021-03-31"))
        #expect(run.stdout.isEmpty)
    }

    @Test func colorIsAutoAlwaysOrNever() async throws {
        let dir = try AlgobotBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("broken.yaml")
        let text = try String(contentsOf: AlgobotBinary.repoRoot.appendingPathComponent("strategies/sma.yaml"), encoding: .utf8)
        try text.replacingOccurrences(of: "sma(close, fast)", with: "smaa(close, fast)").write(to: broken, atomically: true, encoding: .utf8)
        let escape = "\u{1B}["
        // Not a terminal here, so auto means plain text; always and the old bare flag colour it.
        #expect(try await !AlgobotBinary.run(["lint", broken.path]).stdout.contains(escape))
        #expect(try await !AlgobotBinary.run(["lint", "--color", "never", broken.path]).stdout.contains(escape))
        #expect(try await AlgobotBinary.run(["lint", "--color", "always", broken.path]).stdout.contains(escape))
        #expect(try await AlgobotBinary.run(["lint", "--color", broken.path]).stdout.contains(escape))
        let typo = try await AlgobotBinary.run(["lint", "--color=sometimes", broken.path])
        #expect(typo.status == 2)
    }

    /// One spelling: `--strategy` wherever a strategy is read (backtest's argument still
    /// works), and `--data` for the bar store `data import` fills (`--db` still works).
    @Test func theStrategyAndTheDataHaveOneSpellingEverywhere() async throws {
        let argument = try await AlgobotBinary.run(["backtest", "strategies/bollinger.yaml"])
        let option = try await AlgobotBinary.run(["backtest", "--strategy", "strategies/bollinger.yaml"])
        #expect(argument.status == 0 && option.status == 0, "\(option.stderr)")
        #expect(argument.stdout == option.stdout)
        let both = try await AlgobotBinary.run(["backtest", "strategies/sma.yaml", "--strategy", "strategies/bollinger.yaml"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("two strategies: 'strategies/sma.yaml' and --strategy 'strategies/bollinger.yaml'"))

        let dir = try AlgobotBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("bars.sqlite").path
        let imported = try await AlgobotBinary.run(["data", "import", "data/daily/SPY.csv", "--data", store])
        #expect(imported.status == 0, "\(imported.stderr)")
        let fromStore = try await AlgobotBinary.run(["backtest", "--data", store])
        #expect(fromStore.status == 0, "\(fromStore.stderr)")
    }
}
