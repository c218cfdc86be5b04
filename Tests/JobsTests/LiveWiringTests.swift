import Alpaca
import Audit
import Foundation
@testable import Jobs
import Policy
import RuleLanguage
import Runtime
import Testing
import Vocabulary

/// A live run is put together one way from its typed settings: how often it polls, when a
/// bar is final, what run_start records and whether the bars are kept follow the broker.
@Suite struct LiveWiringTests {
    /// The wiring reads only a link's kind and URL; a call to it is a mistake.
    struct UnusedBroker: LiveBroker {
        struct Unused: Error {}
        var kind: String { "sim" }
        func clock() async throws -> BrokerClock { throw Unused() }
        func account() async throws -> BrokerAccount { throw Unused() }
        func positions() async throws -> [BrokerPosition] { throw Unused() }
        func openOrders() async throws -> [BrokerOrder] { throw Unused() }
        func order(clientOrderId: String) async throws -> BrokerOrder? { throw Unused() }
        func submit(_ order: ApprovedOrder, timeInForce: Vocabulary.TimeInForce) async throws -> BrokerOrder { throw Unused() }
        func bars(_ request: BarRequest) async throws -> [String: [Bar]] { throw Unused() }
        func cancel(orderId: String) async throws { throw Unused() }
    }

    static func wiring(_ settings: RunSettings) throws -> LiveWiring {
        let linter = Linter()
        let root = JobsFixtures.repository
        let strategy = try linter.strategy(at: root.appendingPathComponent(DefaultPaths.strategy).path)
        let policy = try linter.policy(at: root.appendingPathComponent(DefaultPaths.policy).path)
        return LiveWiring(settings: settings, strategy: strategy, policy: policy, symbols: ["SPY"], state: StateFolder("/tmp/wiring-state"))
    }

    static func options(_ settings: RunSettings, kind: BrokerChoice, replay: Bool, loop: LiveWiring.Loop = .init()) throws -> LiveRunner.Options {
        let link = LiveWiring.Link(broker: UnusedBroker(), kind: kind, url: kind == .alpaca ? "https://paper-api.alpaca.markets" : "http://127.0.0.1:9")
        let replayHooks = replay ? LiveWiring.Replay(isFinished: { true }, barDone: {}) : nil
        return try wiring(settings).runnerOptions(link: link, replay: replayHooks, loop: loop, redactor: .none, output: { _ in }, notice: { _ in })
    }

    @Test func onTheBuiltInSimulatorThePollFollowsTheSpeedAndRunStartRecordsTheReplay() throws {
        var settings = RunSettings()
        settings.replaySpeed = 200
        settings.mode = .dryRun
        let options = try Self.options(settings, kind: .sim, replay: true)
        #expect(options.mode == .dryRun)
        #expect(options.pollInterval == 0.00125)
        #expect(options.barSettleSeconds == 0)
        #expect(options.dataFeed == nil && !options.storeBars)
        #expect(options.config == ["strategy": DefaultPaths.strategy, "policy": DefaultPaths.policy, "broker_url": "http://127.0.0.1:9",
                                   "dry_run": "true", "poll_seconds": "0.00125", "symbols": "SPY", "advisor": "off",
                                   "replay": DefaultPaths.data, "speed": "200.0"])
        #expect(options.isFinished?() == true)
    }

    @Test func onAlpacaBarsSettleAMinuteAreKeptAndTheFeedIsAsked() throws {
        var loop = LiveWiring.Loop()
        loop.feed = "sip"
        let options = try Self.options(RunSettings(), kind: .alpaca, replay: false, loop: loop)
        #expect(options.mode == .paper)
        #expect(options.pollInterval == 15)
        #expect(options.barSettleSeconds == 60)
        #expect(options.dataFeed == "sip" && options.storeBars)
        #expect(options.config["replay"] == nil && options.isFinished == nil)
        #expect(options.approvalExpiry == .default)
    }

    @Test func flagsOfTheLoopWinAndAnOffAdvisorWiresNothing() throws {
        var loop = LiveWiring.Loop()
        loop.poll = 2
        loop.settle = 5
        loop.maxBars = 3
        var options = try Self.options(RunSettings(), kind: .sim, replay: false, loop: loop)
        #expect(options.pollInterval == 2 && options.barSettleSeconds == 5 && options.maxBars == 3)
        let wiring = try Self.wiring(RunSettings())
        #expect(try wiring.attachAdvisor(to: &options, environment: [:], redactor: .none) == nil)
        #expect(options.afterDecision == nil)
        #expect(wiring.attachNotifier([], to: &options, redactor: .none) == nil)
        #expect(options.notify == nil)
    }
}
