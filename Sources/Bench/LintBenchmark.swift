import Foundation
import RuleLanguage

/// `algobot-bench --lint N`: writes N strategy files (variations of the shipped example,
/// some with mistakes) to a temporary folder and times linting them all, reading included.
enum LintBenchmark {
    static func run(files: Int) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("algobot-lint-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for i in 0..<files {
            let fast = 5 + i % 20, slow = 30 + i % 50
            var text = """
            # yaml-language-server: $schema=../schemas/strategy.schema.json
            strategy: sma-crossover-\(i)
            description: Buy when the \(fast)-day average crosses above the \(slow)-day average.
            symbols: [SPY, QQQ]
            timeframe: 1Day
            params:
              fast: \(fast)
              slow: \(slow)
            rules:
              - id: enter-long
                when: crosses_above(sma(close, fast), sma(close, slow)) and rsi(close, 14) < 70
                action: buy
                size: { percent_of_equity: 50 }
              - id: exit-long
                when: crosses_below(sma(close, fast), sma(close, slow)) or close < lowest(close[1], 20)
                action: sell_all

            """
            // Every tenth file carries a mistake, so the error paths are measured too.
            if i % 10 == 0 { text = text.replacingOccurrences(of: "rsi(close", with: "rsii(close") }
            try? text.write(to: folder.appendingPathComponent("s\(i).yaml"), atomically: false, encoding: .utf8)
        }
        let linter = Linter(knownSymbols: ["SPY", "QQQ"])
        _ = try? linter.lint(paths: [folder.path])  // warm caches (schemas compile once)
        var best = Double.infinity
        var diagnostics = 0
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            let run = try? linter.lint(paths: [folder.path])
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            diagnostics = run?.diagnostics.count ?? -1
        }
        print("lint: \(files) strategy files in \(String(format: "%.3f", best)) s (\(String(format: "%.0f", Double(files) / best)) files/s), \(diagnostics) diagnostics (target: 1,000 files < 1 s)")
    }
}
