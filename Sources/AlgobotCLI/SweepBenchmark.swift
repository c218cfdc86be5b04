import Bench
import Foundation
import Jobs
import Report

/// `algobot bench --sweep`: every SMA window pair from 2 to 100 (fast < slow: 4,851
/// combinations, the example in vectorbt's README) over the daily SPY history inside the
/// binary, through `SweepJob` as `algobot sweep` runs it. The time covers reading and
/// checking the files, every backtest and the report; the process start is not in it.
enum SweepBenchmark {
    /// Measured on the 2-core machine for the same grid (issue 16).
    static let peers = [
        "vectorbt 1.2: 5.6 s per warm call, 26 s for the first call, 49 s as a whole process",
        "backtesting.py optimize: about 160 s",
    ]

    static func run(repeats: Int, jobs: Int?, executable: String) throws {
        #if DEBUG
        print("note: this is a debug build; its times say nothing. Build with -c release.")
        #endif
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("algobot-bench-sweep-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, text) in [(DefaultPaths.strategy, EmbeddedProject.strategy), (DefaultPaths.policy, EmbeddedProject.policy),
                             (DefaultPaths.data + "/SPY.csv", EmbeddedProject.spyDaily)] {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        var options = SweepJob.Options()
        options.strategyPath = folder.appendingPathComponent(DefaultPaths.strategy).path
        options.policyPath = folder.appendingPathComponent(DefaultPaths.policy).path
        options.dataPath = folder.appendingPathComponent(DefaultPaths.data).path
        options.params = [SweepParam(name: "fast", values: (2...100).map(Double.init)), SweepParam(name: "slow", values: (2...100).map(Double.init))]
        options.condition = "fast < slow"
        if let jobs { options.jobs = jobs }
        // The child processes first, while this one holds little: Linux counts the memory a
        // spawned process had before its `exec` in its peak, and `posix_spawn` shares this
        // process's memory until then.
        let whole = try wholeProcess(executable: executable, options: options, repeats: repeats)
        var best = Double.infinity
        var report: SweepReport?
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try SweepJob(options: options).run()
            _ = result.json()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            report = result
        }
        let count = report?.count ?? 0
        let bars = (report?.best?.figure("bars") ?? 0) * Double(count)
        print("sweep: every SMA pair 2..100 with fast < slow (\(count) combinations) over daily SPY, \(options.jobs) jobs, best of \(repeats)")
        print(String(format: "  %.3f s in the process (files read and checked once, every backtest, JSON written): %.0f combinations/s, %.1f M bars/s",
                     best, Double(count) / best, bars / best / 1e6))
        print(whole)
        for peer in peers { print("  for comparison, \(peer)") }
    }

    /// `algobot sweep STRATEGY --policy P --data D --param fast=2:100:1 --param slow=2:100:1
    /// --where "fast < slow" --json F` run `repeats` times as a child process; the best wall clock.
    private static func wholeProcess(executable: String, options: SweepJob.Options, repeats: Int) throws -> String {
        let folder = URL(fileURLWithPath: options.strategyPath).deletingLastPathComponent().deletingLastPathComponent().path
        var arguments = [executable, "sweep", options.strategyPath, "--policy", options.policyPath, "--data", options.dataPath,
                         "--param", "fast=2:100:1", "--param", "slow=2:100:1", "--where", "fast < slow",
                         "--json", folder + "/sweep.json"]
        arguments += ["--jobs", String(options.jobs)]
        var runs: [TimedProcess.Usage] = []
        for _ in 0..<repeats {
            runs.append(try TimedProcess(arguments: arguments).run(outputPath: folder + "/sweep.out"))
        }
        guard let best = runs.min(by: { $0.wallSeconds < $1.wallSeconds }) else { return "" }
        return (String(format: "  the whole process, `algobot sweep … --json F` (best of %d): %.3f s wall (target ≤ 0.5 s), "
            + "%.2f s CPU (%.2f user + %.2f system), peak %.0f MiB", repeats, best.wallSeconds, best.cpuSeconds,
            best.userSeconds, best.systemSeconds, best.peakMiB))
    }
}
