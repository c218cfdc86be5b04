import Audit
import Foundation
import Runtime
import Testing
import Vocabulary

/// `algobot report --audit`: a run on the built-in simulator, then its report from the audit
/// log, as a user runs them (the built binary, from the package folder).
@Suite struct ReportAuditTests {
    /// Buys two shares on a dip and sells them on a rise, so a short run has round trips.
    static let strategy = """
    strategy: dip-and-rise
    symbols: [SPY]
    rules:
      - id: buy-dip
        when: position == 0 and close < sma(close, 3)
        action: buy
        size: { shares: 2 }
      - id: sell-rise
        when: position > 0 and close > sma(close, 3)
        action: sell_all
    """

    /// Runs the strategy for `bars` bars on the simulator into `dir/state`; returns the log's path.
    static func run(in dir: CLITempDir, bars: Int, extra: [String] = []) async throws -> String {
        let strategy = dir.file("dip.yaml")
        try Self.strategy.write(toFile: strategy, atomically: true, encoding: .utf8)
        let run = try await RunProcessTests.algobot(["run", "--strategy", strategy, "--max-bars", "\(bars)", "--speed", "40",
                                                     "--start", "2020-02-03", "--state", dir.file("state"),
                                                     "--env-file", dir.file("none.env")] + extra, in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        return StateFolder(dir.file("state")).audit
    }

    static func report(_ log: String, in dir: CLITempDir, _ extra: [String] = []) async throws -> RunProcessTests.Outcome {
        try await RunProcessTests.algobot(["report", "--audit", log] + extra, in: dir)
    }

    /// A JSON number as a Double, whether it was written with a fraction or not.
    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    static func object(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
    }

    @Test func theReportHoldsWhatTheLogHolds() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let log = try await Self.run(in: dir, bars: 40)
        let logBytes = try Data(contentsOf: URL(fileURLWithPath: log))
        let result = try await Self.report(log, in: dir, ["--json", dir.file("a.json"), "--html", dir.file("a.html")])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try Self.object(dir.file("a.json"))
        let summary = json["summary"] as? [String: Any] ?? [:]
        #expect(result.stdout.hasPrefix((summary["verdict"] as? String ?? "?") + "\n"), "the text opens with the verdict")
        #expect((json["source"] as? [String: Any])?["audit_log"] as? String == log)

        let records = try AuditReader(path: log).readAll()
        let decisions = records.compactMap { r -> DecisionRecord? in if case .decision(let d) = r.body { return d } else { return nil } }
        let fills = records.compactMap { r -> FillRecord? in if case .fill(let f) = r.body { return f } else { return nil } }
        #expect(!fills.isEmpty && fills.contains { $0.side == .sell }, "the run must have bought and sold to test anything")
        let orders = json["orders"] as? [[String: Any]] ?? []
        #expect(orders.map { $0["order_id"] as? String } == decisions.map(\.order.orderId))
        #expect(orders.map { $0["outcome"] as? String } == decisions.map(\.outcome.rawValue))
        for order in orders {
            let id = order["order_id"] as? String ?? ""
            let own = fills.filter { $0.orderId == id }
            #expect((order["status"] as? String == "filled") == !own.isEmpty, "\(id)")
            if !own.isEmpty {
                #expect(abs((Self.number(order["fill_qty"]) ?? 0) - own.reduce(0) { $0 + $1.qty }) < 1e-6)
                #expect(abs((Self.number(order["fill_price"]) ?? 0) - own[0].price) < 1e-4)
            }
        }
        #expect(Self.number(summary["orders_filled"]) == Double(Set(fills.map(\.orderId)).count))

        // Round trips from the fills by hand: buys from flat open one, the sell to flat closes it.
        var held = 0.0, bought = 0.0, cost = 0.0
        var expected: [(qty: Double, entry: Double, exit: Double)] = []
        for fill in fills {
            if fill.side == .buy {
                held += fill.qty; bought += fill.qty; cost += fill.qty * fill.price
            } else {
                held -= fill.qty
                if held == 0 { expected.append((bought, cost / bought, fill.price)); bought = 0; cost = 0 }
            }
        }
        let trades = json["trades"] as? [[String: Any]] ?? []
        #expect(trades.count == expected.count)
        for (trade, want) in zip(trades, expected) {
            #expect(Self.number(trade["qty"]) == want.qty)
            #expect(abs((Self.number(trade["entry_price"]) ?? 0) - want.entry) < 1e-4)
            #expect(abs((Self.number(trade["exit_price"]) ?? 0) - want.exit) < 1e-4)
            #expect(trade["exit_reason"] as? String == "sell-rise", "the rule whose sell closed the trade")
        }
        let reconciled = records.compactMap { r -> Double? in if case .reconciliation(let c) = r.body { return c.cash } else { return nil } }
        let cash = fills.reduce(reconciled.first ?? .nan) { $0 + ($1.side == .buy ? -1 : 1) * $1.qty * $1.price - $1.commission }
        #expect(abs((Self.number(summary["final_cash"]) ?? 0) - cash) < 0.006)

        // Deterministic bytes, and the log is only read.
        let again = try await Self.report(log, in: dir, ["--json", dir.file("b.json"), "--html", dir.file("b.html")])
        // The last lines name the files written (a.json, then b.json); the report itself is the same.
        let report: (String) -> [Substring] = { $0.split(separator: "\n").filter { !$0.hasPrefix("JSON report:") && !$0.hasPrefix("HTML report:") } }
        #expect(report(again.stdout) == report(result.stdout))
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("a.json"))) == Data(contentsOf: URL(fileURLWithPath: dir.file("b.json"))))
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("a.html"))) == Data(contentsOf: URL(fileURLWithPath: dir.file("b.html"))))
        #expect(try Data(contentsOf: URL(fileURLWithPath: log)) == logBytes)
        let html = try String(contentsOfFile: dir.file("a.html"), encoding: .utf8)
        #expect(html.contains("Paper trading report (sim, from its audit log)"))
        #expect(html.contains("SPY buy &amp; hold") || html.contains("SPY buy & hold"))
    }

    @Test func aTamperedLogIsRefusedWithTheVerifyWords() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let log = try await Self.run(in: dir, bars: 12)
        var lines = try String(contentsOfFile: log, encoding: .utf8).components(separatedBy: "\n")
        let target = try #require(lines.firstIndex { $0.contains("\"type\":\"reconciliation\"") })
        lines[target] = lines[target].replacingOccurrences(of: "\"cash\":", with: "\"cash\":1")
        let tampered = dir.file("tampered.jsonl")
        try lines.joined(separator: "\n").write(toFile: tampered, atomically: true, encoding: .utf8)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: tampered))

        let verify = try await RunProcessTests.algobot(["audit", "verify", tampered], in: dir)
        #expect(verify.status != 0)
        let result = try await Self.report(tampered, in: dir, ["--html", dir.file("t.html")])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let words = verify.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!words.isEmpty && result.stderr.contains(words), "\(result.stderr)")
        #expect(result.stderr.contains("No report was made"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("t.html")))
        #expect(try Data(contentsOf: URL(fileURLWithPath: tampered)) == bytes, "nothing in the log was changed")
    }

    @Test func aRunWithoutFillsGetsAPlainReport() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        let log = try await Self.run(in: dir, bars: 15, extra: ["--dry-run"])
        let result = try await Self.report(log, in: dir, ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        let summary = json["summary"] as? [String: Any] ?? [:]
        #expect(Self.number(summary["orders_filled"]) == 0)
        #expect(Self.number(summary["final_equity"]) == Self.number(summary["starting_cash"]))
        #expect((json["trades"] as? [Any])?.isEmpty == true)
        let orders = json["orders"] as? [[String: Any]] ?? []
        #expect(!orders.isEmpty, "the dry run decided")
        #expect(orders.allSatisfy { ($0["note"] as? String)?.hasPrefix("dry run") == true || $0["status"] as? String == "blocked" })
        #expect((json["source"] as? [String: Any])?["mode"] as? String == "dry-run")
    }

    @Test func completionOffersAuditLogsAndTheFormats() async throws {
        let dir = CLITempDir()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("state"), withIntermediateDirectories: true)
        for name in ["run.jsonl", "notes.txt"] { FileManager.default.createFile(atPath: dir.file(name), contents: Data()) }
        let bash = try await CompletionCommandTests.script("bash")
        await #expect(try CompletionCommandTests.bashOffers("algobot report --audit ", in: dir.path, script: bash) == ["run.jsonl", "state"])
        await #expect(try CompletionCommandTests.bashOffers("algobot report --format ", in: dir.path, script: bash) == ["json", "text"])
    }
}
