import Engine
import Foundation
import Jobs
import Report
import Testing

/// Runs one backtest twice: through the library (`BacktestJob`, what `algobot backtest`
/// does) and through the independent Python simulator `scripts/reference_backtest.py`.
enum ReferenceHarness {
    /// The repository root, found from this file (never the working directory).
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func path(_ relative: String) -> String { root + "/" + relative }

    /// `python3` on PATH, or nil (the comparisons are then skipped with that reason).
    static let python: String? = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var pythonAvailable: Bool { python != nil }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The reference's JSON report for `c`.
    static func reference(_ c: ReferenceCase) throws -> [String: Any] {
        guard let python else { throw Failure(description: "python3 is not on PATH") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [path("scripts/reference_backtest.py")] + c.referenceArguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting: a full pipe would block the child forever.
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "reference_backtest.py \(c.referenceArguments.joined(separator: " ")) failed "
                          + "(exit \(process.terminationStatus)): \(String(decoding: errors, as: UTF8.self))")
        }
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "reference_backtest.py did not print a JSON object")
        }
        return json
    }

    /// The engine's report for `c`, through the same code path as the CLI.
    static func engine(_ c: ReferenceCase, auditPath: String? = nil) throws -> BacktestJob.Output {
        try BacktestJob(options: c.jobOptions(auditPath: auditPath)).run()
    }

    /// Expects the engine's report and the reference simulator's to agree on `c`, naming the
    /// first differences.
    static func expectAgreement(_ c: ReferenceCase) throws {
        let comparison = ReferenceComparison(engine: try engine(c).report, reference: try reference(c))
        #expect(comparison.differences.isEmpty,
                "\(c.name): \(comparison.differences.count) differences\n\(comparison.differences.prefix(12).joined(separator: "\n"))")
    }

    /// What the reference's run of `c` did, in the words a case's `covers` lists: each trade's
    /// exit reason (or rule id) and side, `order:<type>` and `status:<status>` of its orders,
    /// `expired` (a resting order canceled when its time ran out, with the engine's note) and
    /// `fees` (borrow fees charged). A case that never does what it is named for proves nothing.
    static func happenings(_ c: ReferenceCase) throws -> Set<String> {
        let run = try reference(c)
        let trades = run["trades"] as? [[String: Any]] ?? []
        let orders = run["order_list"] as? [[String: Any]] ?? []
        var seen = Set(trades.compactMap { $0["exit_reason"] as? String })
        seen.formUnion(trades.compactMap { $0["side"] as? String })
        seen.formUnion(orders.compactMap { ($0["order_type"] as? String).map { "order:" + $0 } })
        seen.formUnion(orders.compactMap { ($0["status"] as? String).map { "status:" + $0 } })
        if orders.contains(where: { $0["note"] as? String == "expired unfilled" }) { seen.insert("expired") }
        if (run["borrow_fees"] as? Double ?? 0) > 0 { seen.insert("fees") }
        return seen
    }
}

/// One comparison: a strategy, a policy, data and settings, as CLI-style arguments.
struct ReferenceCase: Sendable, CustomStringConvertible {
    var name: String
    var strategy: String
    var policy = "Tests/Fixtures/reference/permissive.yaml"
    var data = "data/daily"
    var from: String?
    var to: String?
    var settings = ExecutionSettings()
    var benchmark = "SPY"

    var description: String { name }

    var referenceArguments: [String] {
        var args = [ReferenceHarness.path(strategy), "--policy", ReferenceHarness.path(policy), "--data", ReferenceHarness.path(data),
                    "--cash", "\(settings.startingCash)",
                    "--commission-per-share", "\(settings.commissionPerShare)", "--commission-min", "\(settings.commissionMinimum)",
                    "--commission-pct", "\(settings.commissionPercent)", "--slippage-bps", "\(settings.slippageBps)",
                    "--benchmark", benchmark]
        if let from { args += ["--from", from] }
        if let to { args += ["--to", to] }
        if settings.fractional { args.append("--fractional") }
        if settings.approveAll { args.append("--approve-all") }
        if settings.borrowFeePercent > 0 { args += ["--borrow-fee-pct", "\(settings.borrowFeePercent)"] }
        return args
    }

    func jobOptions(auditPath: String? = nil) -> BacktestJob.Options {
        var o = BacktestJob.Options()
        o.strategyPath = ReferenceHarness.path(strategy)
        o.policyPath = ReferenceHarness.path(policy)
        o.dataPath = ReferenceHarness.path(data)
        o.from = from
        o.to = to
        o.settings = settings
        o.benchmark = benchmark
        o.auditPath = auditPath
        return o
    }
}
