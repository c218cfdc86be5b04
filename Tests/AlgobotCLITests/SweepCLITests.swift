import Foundation
import Testing

/// `algobot sweep` and `algobot sweep merge` as a user runs them.
@Suite struct SweepCLITests {
    static let grid = ["--param", "fast=10:30:10", "--param", "slow=40,60", "--where", "fast < slow"]

    @Test func combinationsAreTheBacktestsWithThoseParams() async throws {
        let dir = try AlgobotBinary.temporaryDirectory()
        let sweepFile = dir.appendingPathComponent("sweep.json").path
        let sweep = try await AlgobotBinary.run(["sweep"] + Self.grid + ["--json", sweepFile, "--top", "3"])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        #expect(sweep.stdout.contains("6 combinations of fast (3 values) × slow (2 values) where fast < slow; ranked by sharpe"))
        #expect(sweep.stdout.contains("the best of 6 combinations tried"))
        #expect(sweep.stdout.contains("Deflated Sharpe ratio"))
        #expect(sweep.stderr.isEmpty, "no progress bar when stderr is not a terminal")
        let combinations = try Self.object(sweepFile)["combinations"] as? [[String: Any]] ?? []
        #expect(combinations.count == 6)
        for combination in [combinations[0], combinations[5]] {
            let params = combination["params"] as? [String: Double] ?? [:]
            let file = dir.appendingPathComponent("single.json").path
            let single = try await AlgobotBinary.run(["backtest", "--params", "fast=\(Int(params["fast"] ?? 0)),slow=\(Int(params["slow"] ?? 0))",
                                                "--json", file])
            #expect(single.status == 0, "\(single.stderr)")
            let report = try Self.object(file)
            // A sweep row has every summary figure, not the report's verdict sentence or its
            // --approve-all count.
            let summary = (report["summary"] as? [String: Any] ?? [:]).filter { !["verdict", "orders_approved_by_approve_all"].contains($0.key) }
            #expect(NSDictionary(dictionary: summary).isEqual(to: combination["summary"] as? [String: Any] ?? ["missing": true]), "\(params)")
            #expect(NSDictionary(dictionary: report["violations"] as? [String: Any] ?? [:])
                .isEqual(to: combination["violations"] as? [String: Any] ?? ["missing": true]), "\(params)")
        }
    }

    @Test func jobsAndShardsDoNotChangeTheBytes() async throws {
        let dir = try AlgobotBinary.temporaryDirectory()
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        for jobs in ["1", "2"] {
            let run = try await AlgobotBinary.run(["sweep"] + Self.grid + ["--jobs", jobs, "--json", path("j\(jobs).json"), "--csv", path("j\(jobs).csv"),
                                                                     "--html", path("j\(jobs).html")])
            #expect(run.status == 0, "\(run.stderr)")
        }
        for ext in ["json", "csv", "html"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: path("j1.\(ext)"))) == Data(contentsOf: URL(fileURLWithPath: path("j2.\(ext)"))), "\(ext)")
        }
        for i in 0..<4 {
            let part = try await AlgobotBinary.run(["sweep"] + Self.grid + ["--shard", "\(i)/4", "--json", path("part-\(i).json")])
            #expect(part.status == 0, "\(part.stderr)")
        }
        let merge = try await AlgobotBinary.run(["sweep", "merge"] + (0..<4).map { path("part-\($0).json") }
                                          + ["--json", path("m.json"), "--csv", path("m.csv"), "--html", path("m.html")])
        #expect(merge.status == 0, "\(merge.stderr)")
        for ext in ["json", "csv", "html"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: path("m.\(ext)"))) == Data(contentsOf: URL(fileURLWithPath: path("j1.\(ext)"))), "\(ext)")
        }
        let partial = try await AlgobotBinary.run(["sweep", "merge", path("part-0.json")])
        #expect(partial.status != 0)
        #expect(partial.stderr.contains("missing shards 1/4, 2/4, 3/4"), "\(partial.stderr)")
    }

    @Test func mistakesAreExplained() async throws {
        let typo = try await AlgobotBinary.run(["sweep", "--param", "fsat=5:10:1"])
        #expect(typo.status != 0)
        #expect(typo.stderr.contains("has no param 'fsat'; did you mean 'fast'?"), "\(typo.stderr)")
        let condition = try await AlgobotBinary.run(["sweep", "--param", "fast=5:10:1", "--where", "fast < slwo"])
        #expect(condition.stderr.contains("--where:1:8: error[E022]: unknown name 'slwo'"), "\(condition.stderr)")
        #expect(condition.stderr.contains("did you mean 'slow'?"))
        let metric = try await AlgobotBinary.run(["sweep", "--param", "fast=5:10:1", "--metric", "shape"])
        #expect(metric.stderr.contains("did you mean 'sharpe'?"), "\(metric.stderr)")
        let shard = try await AlgobotBinary.run(["sweep", "--param", "fast=5:10:1", "--shard", "4/4", "--json", "/dev/null"])
        #expect(shard.stderr.contains("expected I/N with 0 ≤ I < N"), "\(shard.stderr)")
    }

    /// The `--json` goes to the file as bytes (no text made of them) when no secret is
    /// configured; with one, it is masked as every other output is.
    @Test func theJSONFileIsMaskedLikeEveryOutput() async throws {
        let dir = try AlgobotBinary.temporaryDirectory()
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        // No secret but the one this test sets (the names `SecretRedactor` takes as secrets).
        var environment = ProcessInfo.processInfo.environment.filter { name, _ in
            let upper = name.uppercased()
            return !(upper.hasPrefix("APCA_") || upper.hasSuffix("_API_KEY") || upper.contains("_SECRET") || upper.hasSuffix("_TOKEN"))
        }
        let plain = try await AlgobotBinary.run(["sweep"] + Self.grid + ["--json", path("plain.json")], environment: environment)
        #expect(plain.status == 0, "\(plain.stderr)")
        environment["SWEEP_TEST_TOKEN"] = "sma-crossover"
        let masked = try await AlgobotBinary.run(["sweep"] + Self.grid + ["--json", path("masked.json")], environment: environment)
        #expect(masked.status == 0, "\(masked.stderr)")
        let plainText = try String(contentsOfFile: path("plain.json"), encoding: .utf8)
        let maskedText = try String(contentsOfFile: path("masked.json"), encoding: .utf8)
        #expect(plainText.contains("\"name\": \"sma-crossover\""))
        #expect(!maskedText.contains("sma-crossover"))
        #expect(maskedText == plainText.replacingOccurrences(of: "sma-crossover", with: "***"))
    }

    static func object(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
    }
}
