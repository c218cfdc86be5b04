import Audit
import Foundation
import Logging
import Testing
@testable import Runtime

/// A live run never drops what a strategy says about how to trade: a strategy with an `order:`
/// type or `exits:` the runner cannot place is refused before the state folder is touched,
/// each gap named where it is written.
@Suite struct LiveCoverageTests {
    @Test func aFractionalGtcEntryIsRefusedAtStart() throws {
        let core = try TestCores.make(strategy: "dip-exits.yaml", policy: "limits-open.yaml")
        let dir = TempDir("coverage")
        defer { dir.remove() }
        var options = LiveRunner.Options()
        options.state = StateFolder(dir.file("state"))
        var logger = Logger(label: "test.runtime")
        logger.logLevel = .critical
        let file = Fixtures.path("dip-exits.yaml")
        #expect(throws: RuntimeError.notLive([
            "\(file):13:5: rule 'buy-dip' sends fractional shares in a limit gtc order, which Alpaca refuses (fractional "
                + "orders are market or day limit orders); remove fractional: true, or use type: limit with time_in_force: day",
        ])) {
            _ = try LiveRunner(core: core, strategy: FileRef(name: "dip-exits", file: file, sha256: ""),
                               policy: FileRef(name: "open-limits", file: Fixtures.path("limits-open.yaml"), sha256: ""),
                               broker: FakeBroker(), options: options, logger: logger)
        }
        #expect(!FileManager.default.fileExists(atPath: options.state.path), "nothing is written for a refused run")
    }

    /// A stop loss and a take profit go live as a bracket; a strategy with nothing else is carried in full.
    @Test func aBracketStrategyIsCarriedInFull() throws {
        let core = try TestCores.make(strategy: "dip-bracket.yaml", policy: "limits-open.yaml")
        #expect(LiveCoverage.gaps(in: core.strategy.source).isEmpty)
    }

    @Test func aMarketStrategyWithoutExitsIsCarriedInFull() throws {
        let core = try TestCores.make(strategy: "dip-shares.yaml", policy: "limits-open.yaml")
        #expect(LiveCoverage.gaps(in: core.strategy.source).isEmpty)
    }
}
