import AlpacaSimulator
import Audit
import Foundation
import MarketData
import Testing
@testable import Runtime

/// The built `algobot` trades paper against the simulator through its Alpaca client for
/// `ALGOBOT_SOAK_DAYS` trading days (24 by default), with faults injected on a schedule (5xx
/// bursts, 429s, slow answers past the client timeout, dropped connections, orders accepted
/// but their answer lost) and one SIGKILL in the middle of an order followed by a restart on
/// the same state folder. `scripts/soak.sh --days N` runs the long version (over 30 days it adds
/// seeded random faults for the rest of the run).
@Suite(.serialized) struct SoakTests {
    static let keyID = "PKSOAKFAKEKEY0000042"
    static let secret = "soak-fake-secret-value-9f3a7c"

    @Test func soakWithFaultsAndAHardKill() async throws {
        let started = Date()
        let days = Int(ProcessInfo.processInfo.environment["ALGOBOT_SOAK_DAYS"] ?? "") ?? 24
        let history = 12
        let series = SyntheticBars.pair(days: history + days + 1)
        var plan = try JSONDecoder().decode(FaultPlan.self, from: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("soak-faults.json"))))
        if days > 30 {
            // The long version keeps the trouble coming after the scheduled faults: seeded random faults.
            plan.rules += [
                FaultRule(kind: .serverError, status: 503, fromRequest: 300, probability: 0.01),
                FaultRule(kind: .rateLimit, fromRequest: 300, probability: 0.01),
                FaultRule(kind: .dropConnection, method: "GET", fromRequest: 300, probability: 0.005),
                FaultRule(kind: .slowResponse, delayMilliseconds: 1_400, fromRequest: 300, probability: 0.002),
                FaultRule(kind: .responseLost, pathPrefix: "/v2/orders", method: "POST", fromRequest: 20, probability: 0.05),
            ]
        }
        let config = SimulatorConfig(apiKeyID: Self.keyID, apiSecretKey: Self.secret, startingCash: 20_000,
                                     clock: ClockConfig(mode: .manual, startIndex: history), rateLimitPerMinute: 0, faults: plan)
        let sim = try AlpacaSimulator(config: config, series: series)
        let port = try await sim.start()
        let dir = TempDir("soak")
        let state = StateFolder(dir.file("state"))
        var bots: [BotProcess] = []
        do {
            let url = "http://127.0.0.1:\(port)"
            let environment = BotProcess.environment(["APCA_API_KEY_ID": Self.keyID, "APCA_API_SECRET_KEY": Self.secret,
                                                      "APCA_API_BASE_URL": url, "APCA_API_DATA_URL": url])
            let arguments = ["run", "--broker", "alpaca", "--strategy", Fixtures.path("dip-notional.yaml"),
                             "--policy", Fixtures.path("limits-tight.yaml"), "--state", state.path, "--poll", "0.02",
                             "--settle", "0", "--timeout", "1", "--retries", "3", "--retry-delay", "0.02",
                             "--env-file", dir.file("no.env"), "--log-format", "json", "--log-level", "debug"]
            func launch() throws -> BotProcess {
                let bot = try BotProcess(arguments, environment: environment, directory: dir.path, label: "bot\(bots.count + 1)")
                bots.append(bot)
                return bot
            }
            var bot = try launch()
            var killedOrder: String?
            try await waitForBar(sim.state().time, state: state, bot: bot)
            for _ in 0..<days {
                sim.advance(bars: 1)
                let target = sim.state().time
                if killedOrder == nil, let hanging = try await waitForBarOrHangingOrder(target, state: state, sim: sim, bot: bot) {
                    bot.signal(SIGKILL)
                    #expect(await bot.wait(timeout: 10) != nil)
                    killedOrder = hanging
                    bot = try launch()
                    try await waitForBar(target, state: state, bot: bot)
                } else {
                    try await waitForBar(target, state: state, bot: bot)
                }
            }
            bot.signal(SIGTERM)
            let exit = await bot.wait(timeout: 20)
            #expect(exit == 0, "a SIGTERM ends the run cleanly")
            let seconds = Date().timeIntervalSince(started)

            let figures = try SoakFigures.measure(state: state, sim: sim.state(), policy: Fixtures.path("limits-tight.yaml"))
            let report = figures.report(days: days, seconds: seconds, killedOrder: killedOrder, restarts: bots.count - 1)
            print(report)
            try SoakFigures.keep(report)
            #expect(killedOrder != nil, "the soak must kill the bot in the middle of an order")
            #expect(bots.count == 2)
            #expect(figures.ordersAtBroker >= 8)
            #expect(figures.duplicateClientOrderIds == 0)
            #expect(figures.duplicateDecisions == 0)
            #expect(figures.ordersWithoutDecision == 0)
            #expect(figures.orphanLegs == 0)
            #expect(figures.policyViolations.isEmpty, "\(figures.policyViolations)")
            #expect(figures.auditVerified)
            #expect(figures.positionsMatch, "audit \(figures.auditPositions) vs broker \(figures.brokerPositions)")
            #expect(figures.statusPositionsMatch)
            #expect(figures.faultKinds.isSuperset(of: ["serverError", "rateLimit", "slowResponse", "dropConnection", "responseLost"]))
            #expect(figures.brokerDownEvents >= 1 && figures.brokerRecoveries >= 1)
            #expect(figures.runStarts == 2 && figures.cleanRunEnds == 1)
            if let killedOrder { #expect(sim.state().orders.filter { $0.clientOrderID == killedOrder }.count == 1) }

            // `algobot audit verify` agrees, and no key value appears in anything the bot wrote.
            let verify = try BotProcess(["audit", "verify", state.audit], environment: BotProcess.environment([:]),
                                        directory: dir.path, label: "verify")
            #expect(await verify.wait(timeout: 20) == 0)
            var outputs = bots.flatMap { [$0.stdout, $0.stderr] }
            #expect(bots[0].stderr.contains("\"level\""), "JSON logs were written")
            #expect(bots.last!.stdout.contains("equity"))
            for file in try FileManager.default.contentsOfDirectory(atPath: state.path) {
                outputs.append(String(decoding: (FileManager.default.contents(atPath: state.file(file)) ?? Data()), as: UTF8.self))
            }
            for text in outputs {
                #expect(!text.contains(Self.keyID) && !text.contains(Self.secret), "a key leaked")
            }
        } catch {
            bots.forEach { $0.signal(SIGKILL) }
            await sim.stop()
            dir.remove()
            throw error
        }
        bots.forEach { $0.signal(SIGKILL) }
        await sim.stop()
        if let keep = ProcessInfo.processInfo.environment["ALGOBOT_SOAK_KEEP"], !keep.isEmpty {
            print("soak: state folder and bot output kept in \(dir.path)")
        } else {
            dir.remove()
        }
    }

    /// Waits until the bot's status file says it has processed the bar of the simulator time `target`.
    func waitForBar(_ target: String, state: StateFolder, bot: BotProcess, timeout: Double = 60) async throws {
        let day = String(target.prefix(10))
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let status = try? RunStatus.read(path: state.status), status.lastBar == day, status.pid == bot.pid { return }
            if !bot.process.isRunning { throw HarnessError.timeout("bar \(day): the bot exited\n\(bot.stderr.suffix(2_000))") }
            if Date() > deadline { throw HarnessError.timeout("bar \(day)\n\(bot.stderr.suffix(2_000))") }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
    }

    /// Rule 8 of the fault plan holds the answer to the 8th order request for 3 s. Like
    /// `waitForBar`, but once that rule has fired and the order it held is at the broker and
    /// still unanswered in the audit log, returns its client order id: the moment to pull the plug.
    private func waitForBarOrHangingOrder(_ target: String, state: StateFolder, sim: AlpacaSimulator,
                                          bot: BotProcess) async throws -> String? {
        let day = String(target.prefix(10))
        let deadline = Date().addingTimeInterval(60)
        while true {
            if let status = try? RunStatus.read(path: state.status), status.lastBar == day { return nil }
            let simState = sim.state()
            if simState.faultsFired.contains(where: { $0.rule == Self.killRule }) {
                let atBroker = Set(simState.orders.map(\.clientOrderID))
                let ledger = try AuditLedger.load(path: state.audit)
                if let held = ledger.openOrders.first(where: { $0.status == "submitted" && atBroker.contains($0.clientOrderId) }) {
                    return held.clientOrderId
                }
            }
            if Date() > deadline { throw HarnessError.timeout("bar \(day)\n\(bot.stderr.suffix(2_000))") }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
    }

    static let killRule = 8
}
