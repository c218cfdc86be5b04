import Engine
import Foundation
import Report
import Testing

/// Issue 15's short selling, engine against the independent reference
/// (`scripts/reference_backtest.py`, extended from the words and docs/RULES.md's
/// "Reversals", not from the engine): reversals long ↔ short, shorts with mirrored exits,
/// partial covers, the borrow fee, and a policy without `max_short_notional`.
@Suite("Short selling: engine vs reference simulator", .enabled(if: ReferenceHarness.pythonAvailable,
    "python3 is not on PATH: the reference comparison runs scripts/reference_backtest.py"))
struct ReferenceShortsTests {
    static let fixtures = "Tests/Fixtures/reference/"
    static let shorts = fixtures + "shorts-permissive.yaml"
    static let costs = ExecutionSettings(commissionPerShare: 0.005, commissionMinimum: 1, slippageBps: 5)
    static let fee = ExecutionSettings(borrowFeePercent: 3)
    static let costsAndFee = ExecutionSettings(commissionPerShare: 0.005, commissionMinimum: 1, slippageBps: 5, borrowFeePercent: 2.5)

    static let cases: [ShortsCase] = [
        ShortsCase(ReferenceCase(name: "SPY SMA 10/30 long/short reversals", strategy: fixtures + "long-short.yaml", policy: shorts),
                   covers: ["long", "short", "go-long", "go-short"]),
        ShortsCase(ReferenceCase(name: "SPY long/short reversals, costs", strategy: fixtures + "long-short.yaml", policy: shorts,
                                 settings: costs),
                   covers: ["long", "short"]),
        ShortsCase(ReferenceCase(name: "SPY long/short reversals, 3 % borrow fee", strategy: fixtures + "long-short.yaml", policy: shorts,
                                 settings: fee),
                   covers: ["long", "short", "fees"]),
        ShortsCase(ReferenceCase(name: "SPY long/short reversals, costs and 2.5 % borrow fee, 2005-2012", strategy: fixtures + "long-short.yaml",
                                 policy: shorts, from: "2005-01-01", to: "2012-12-31", settings: costsAndFee),
                   covers: ["long", "short", "fees"]),
        ShortsCase(ReferenceCase(name: "SPY long/short under a policy without max_short_notional (every short blocked)",
                                 strategy: fixtures + "long-short.yaml"),
                   covers: ["long", "status:blocked"]),
        ShortsCase(ReferenceCase(name: "SPY long/short under rules/long-short.yaml", strategy: fixtures + "long-short.yaml",
                                 policy: "rules/long-short.yaml"),
                   covers: ["long", "short"]),
        ShortsCase(ReferenceCase(name: "QQQ shorts with mirrored stop, target and trailing stop", strategy: fixtures + "short-only-exits.yaml",
                                 policy: shorts),
                   covers: ["short", "stop_loss", "take_profit", "trailing_stop", "cover", "status:canceled"]),
        ShortsCase(ReferenceCase(name: "QQQ shorts with mirrored exits, costs and borrow fee", strategy: fixtures + "short-only-exits.yaml",
                                 policy: shorts, settings: costsAndFee),
                   covers: ["short", "stop_loss", "take_profit", "trailing_stop", "fees"]),
        ShortsCase(ReferenceCase(name: "IWM reversals with stop loss and max_bars on both sides, partial covers",
                                 strategy: fixtures + "long-short-exits.yaml", policy: shorts),
                   covers: ["long", "short", "stop_loss", "max_bars", "take-some"]),
        ShortsCase(ReferenceCase(name: "IWM reversals with exits, partial covers, borrow fee", strategy: fixtures + "long-short-exits.yaml",
                                 policy: shorts, settings: fee),
                   covers: ["long", "short", "stop_loss", "max_bars", "fees"]),
    ]

    @Test("engine and reference agree", arguments: cases)
    func agree(_ c: ShortsCase) throws {
        try ReferenceHarness.expectAgreement(c.run)
    }

    /// A case that never exercises what it is named for proves nothing: the reference's run must
    /// have trades of each listed side, trades closed by each listed reason, orders of each listed
    /// status, and (`fees`) borrow fees charged.
    @Test("each case exercises what it names", arguments: cases)
    func exercised(_ c: ShortsCase) throws {
        let seen = try ReferenceHarness.happenings(c.run)
        #expect(c.covers.subtracting(seen).isEmpty, "\(c.run.name): never happened: \(c.covers.subtracting(seen).sorted())")
    }
}

/// A reference case and what its reference run must show: trade sides, exit reasons (or closing
/// rule ids), `status:<status>` and `fees`.
struct ShortsCase: Sendable, CustomStringConvertible {
    var run: ReferenceCase
    var covers: Set<String>

    init(_ run: ReferenceCase, covers: Set<String>) {
        self.run = run
        self.covers = covers
    }

    var description: String { run.name }
}
