@testable import Engine
import Foundation
@testable import Jobs
@testable import Report
import Testing

/// Issue 12, defect 5: a run whose equity leaves the range of numbers used to print "Final
/// equity unlimited" (and fail with a Swift error text when writing the audit). Loaded bars are
/// bounded now, so only an absurd starting cash gets there; the backtest then stops and says so.
@Suite struct OverflowTests {
    static func job(cash: Double, audit: String? = nil) -> BacktestJob {
        var options = BacktestJob.Options()
        options.strategyPath = JobsFixtures.repository.path + "/strategies/sma.yaml"
        options.policyPath = JobsFixtures.repository.path + "/Tests/Fixtures/runtime/limits-open.yaml"
        options.dataPath = JobsFixtures.repository.path + "/data/daily"
        options.settings = ExecutionSettings(startingCash: cash)
        options.auditPath = audit
        return BacktestJob(options: options)
    }

    @Test func aStartingCashBeyondAnyAccountIsAnErrorNotAReport() throws {
        // Refused before the run: a 100 % buy of 1.7e308 dollars is an infinite order, which
        // fills nothing (ShareRounding), so the run would report "canceled for lack of cash".
        let error = try #require(throws: BacktestJobError.self) { try Self.job(cash: 1.7e308).run() }
        #expect(error.message.hasPrefix("the backtest overflowed: the starting cash $1.7e+308 is more than any real account "
            + "(at most $1,000,000,000,000,000)"))
        #expect(error.message.contains("--cash"))
        #expect(!error.message.contains("inf"))
    }

    @Test func theAuditLogIsNeverAskedToHoldAnInfinity() throws {
        let folder = NSTemporaryDirectory() + "algobot-overflow-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = try #require(throws: BacktestJobError.self) { try Self.job(cash: 1.7e308, audit: folder + "/audit.jsonl").run() }
        #expect(error.message.hasPrefix("the backtest overflowed: "))
        #expect(!error.message.contains("invalidValue"))
    }

    @Test func aFiniteCurvePasses() throws {
        var curve = EquityCurve()
        curve.times = [0, 86_400]
        curve.pointEquity = [1e300, 9e307]
        try BacktestJob.requireFiniteEquity(curve)
        curve.pointEquity[1] = .infinity
        #expect(throws: BacktestJobError.self) { try BacktestJob.requireFiniteEquity(curve) }
    }
}
