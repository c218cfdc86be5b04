import AlpacaSimulator
import Audit
import Foundation
import Testing
@testable import Runtime

extension SoakTests {
    /// The built `algobot` trades a bracket strategy (stop loss and take profit on every entry)
    /// on the simulator, through the fault soak's scheduled faults, and is killed with SIGKILL at a
    /// bar where its exit legs are open at the broker, then restarted on the same state folder: it finds its legs instead of placing them
    /// again (no duplicate legs), follows them, and leaves no leg open once a position closes.
    @Test func bracketSoakWithAHardKillWhileLegsAreOpen() async throws {
        let started = Date()
        let days = min(Int(ProcessInfo.processInfo.environment["ALGOBOT_SOAK_DAYS"] ?? "") ?? 24, 120)
        let history = 12
        let series = SyntheticBars.pair(days: history + days + 1)
        // The fault soak's scheduled trouble: lost and slow answers to orders (brackets here), 5xx, 429s.
        let plan = try JSONDecoder().decode(FaultPlan.self, from: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("soak-faults.json"))))
        let config = SimulatorConfig(apiKeyID: Self.keyID, apiSecretKey: Self.secret, startingCash: 20_000,
                                     clock: ClockConfig(mode: .manual, startIndex: history), rateLimitPerMinute: 0, faults: plan)
        let sim = try AlpacaSimulator(config: config, series: series)
        let port = try await sim.start()
        let dir = TempDir("soak-bracket")
        let state = StateFolder(dir.file("state"))
        var bots: [BotProcess] = []
        do {
            let url = "http://127.0.0.1:\(port)"
            let environment = BotProcess.environment(["APCA_API_KEY_ID": Self.keyID, "APCA_API_SECRET_KEY": Self.secret,
                                                      "APCA_API_BASE_URL": url, "APCA_API_DATA_URL": url])
            let arguments = ["run", "--broker", "alpaca", "--strategy", Fixtures.path("dip-bracket.yaml"),
                             "--policy", Fixtures.path("limits-tight.yaml"), "--state", state.path, "--poll", "0.02",
                             "--settle", "0", "--timeout", "1", "--retries", "3", "--retry-delay", "0.02",
                             "--env-file", dir.file("no.env")]
            func launch() throws -> BotProcess {
                let bot = try BotProcess(arguments, environment: environment, directory: dir.path, label: "bracket\(bots.count + 1)")
                bots.append(bot)
                return bot
            }
            var bot = try launch()
            var killedWithLegs: [String] = []
            try await waitForBar(sim.state().time, state: state, bot: bot)
            for _ in 0..<days {
                sim.advance(bars: 1)
                try await waitForBar(sim.state().time, state: state, bot: bot)
                let working = sim.state().orders.filter { $0.parentID != nil && !["filled", "canceled", "expired"].contains($0.status) }
                if killedWithLegs.isEmpty && !working.isEmpty {
                    bot.signal(SIGKILL)
                    #expect(await bot.wait(timeout: 10) != nil)
                    killedWithLegs = working.map(\.id)
                    bot = try launch()
                    try await waitForBar(sim.state().time, state: state, bot: bot)
                }
            }
            bot.signal(SIGTERM)
            #expect(await bot.wait(timeout: 20) == 0, "a SIGTERM ends the run cleanly")

            let figures = try SoakFigures.measure(state: state, sim: sim.state(), policy: Fixtures.path("limits-tight.yaml"))
            let report = "bracket " + figures.report(days: days, seconds: Date().timeIntervalSince(started),
                                                     killedOrder: killedWithLegs.first.map { "with legs open (\($0))" },
                                                     restarts: bots.count - 1)
            print(report)
            try SoakFigures.keep(report)
            #expect(!killedWithLegs.isEmpty, "the bot must be killed while legs are open")
            let orders = sim.state().orders
            let parents = Set(orders.compactMap(\.parentID))
            #expect(parents.allSatisfy { parent in orders.filter { $0.parentID == parent }.count == 2 }, "no duplicate legs")
            #expect(orders.contains { $0.parentID != nil && $0.status == "filled" }, "some legs fill")
            #expect(figures.duplicateClientOrderIds == 0 && figures.duplicateDecisions == 0)
            #expect(figures.ordersWithoutDecision == 0)
            #expect(figures.orphanLegs == 0)
            #expect(figures.policyViolations.isEmpty, "\(figures.policyViolations)")
            #expect(figures.auditVerified)
            #expect(figures.faultKinds.isSuperset(of: ["serverError", "responseLost", "slowResponse"]))
            #expect(figures.positionsMatch, "audit \(figures.auditPositions) vs broker \(figures.brokerPositions)")
            let ledger = try AuditLedger.load(path: state.audit)
            #expect(ledger.orphanLegs.isEmpty)
            let reconciliations = try AuditReader(path: state.audit).readAll().compactMap(\.reconciliation)
            #expect(reconciliations.allSatisfy { $0.ok }, "\(reconciliations.map(\.mismatches))")
        } catch {
            bots.forEach { $0.signal(SIGKILL) }
            await sim.stop()
            dir.remove()
            throw error
        }
        bots.forEach { $0.signal(SIGKILL) }
        await sim.stop()
        dir.remove()
    }
}
