import Foundation
import Testing

/// `algobot walkforward` as a user runs it.
@Suite struct WalkForwardCLITests {
    static let run = ["walkforward", "--param", "fast=10,20", "--param", "slow=50,100", "--where", "fast < slow",
                      "--policy", "rules/research.yaml", "--from", "2012-01-01", "--to", "2016-12-31", "--train", "2y", "--test", "1y"]

    @Test func jobsDoNotChangeTheBytes() async throws {
        let dir = try AlgobotBinary.temporaryDirectory()
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        for jobs in ["1", "2"] {
            let run = try await AlgobotBinary.run(Self.run + ["--jobs", jobs, "--json", path("j\(jobs).json"), "--csv", path("j\(jobs).csv"),
                                                              "--html", path("j\(jobs).html")])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("Walk-forward, train 2y (rolling), test 1y"), "\(run.stdout)")
            #expect(run.stdout.contains("SPY buy & hold over the same bars"))
            #expect(run.stderr.isEmpty, "no progress bar when stderr is not a terminal")
        }
        for ext in ["json", "csv", "html"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: path("j1.\(ext)"))) == Data(contentsOf: URL(fileURLWithPath: path("j2.\(ext)"))), "\(ext)")
        }
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("j1.json")))) as? [String: Any] ?? [:]
        #expect(Set(object.keys) == ["walkforward", "windows", "out_of_sample", "benchmark", "degradation"])
        #expect((object["windows"] as? [Any])?.count == 3)
    }

    @Test func mistakesAreExplained() async throws {
        let zero = try await AlgobotBinary.run(Array(Self.run.prefix(9)) + ["--test", "0"])
        #expect(zero.status != 0)
        #expect(zero.stderr.contains("--test 0: expected a number and y, m or d, e.g. --test 3y"), "\(zero.stderr)")
        let long = try await AlgobotBinary.run(Array(Self.run.prefix(9)) + ["--from", "2015-01-01", "--train", "10y"])
        #expect(long.status != 0)
        #expect(long.stderr.contains("--train 10y --test 1y: the data covers only 2015-01-02 to 2021-03-31"), "\(long.stderr)")
        let typo = try await AlgobotBinary.run(["walkforward", "--param", "fsat=5:10:1"])
        #expect(typo.stderr.contains("has no param 'fsat'; did you mean 'fast'?"), "\(typo.stderr)")
    }
}
