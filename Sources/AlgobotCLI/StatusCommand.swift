import ArgumentParser
import Foundation
import RuleLanguage
import Runtime

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what the running bot is doing (from state/status.json).")

    @Option(help: "The state folder of the run.")
    var state = "state"

    @Flag(help: "Print the status file as JSON.")
    var json = false

    func run() throws {
        try Console.run {
            let status: RunStatus
            do {
                status = try RunStatus.read(path: StateFolder(state).status)
            } catch let error as RuntimeError {
                throw CLIFailure("algobot status: \(error)")
            } catch {
                throw CLIFailure("algobot status: \(StateFolder(state).status) is not a status file (\(error))")
            }
            if json {
                Console.out(String(decoding: try status.jsonData(), as: UTF8.self))
            } else {
                Console.out(Self.render(status))
            }
        }
    }

    static func render(_ s: RunStatus) -> String {
        let state: String
        if s.running && s.processAlive {
            state = "running (pid \(s.pid))"
        } else if s.running {
            state = "NOT RUNNING: process \(s.pid) is gone without a clean stop (check its logs; restart with the same --state)"
        } else {
            state = "stopped (\(s.endStatus ?? "ended"))"
        }
        let money = { (value: Double?) in value.map { Money.text($0) } ?? "unknown" }
        let holdings = s.positions.isEmpty ? "none"
            : s.positions.map { "\($0.symbol) \(Reconciler.shares($0.qty))" + ($0.marketValue.map { " (\(Money.text($0)))" } ?? "") }
                .joined(separator: ", ")
        var lines = [
            "algobot:        \(state), \(s.mode) on \(s.broker)\(s.brokerURL.map { " (\($0))" } ?? "")",
            "updated:        \(s.updatedAt) (market time \(s.marketTime ?? "unknown"))",
            "strategy:       \(s.strategy) with \(s.policy)",
            "last bar:       \(s.lastBar ?? "none yet") (\(s.barsProcessed) bars this run)",
            "equity / cash:  \(money(s.equity)) / \(money(s.cash))",
            "positions:      \(holdings)",
            "open orders:    \(s.openOrders)",
            "approvals:      \(s.pendingApprovals == 0 ? "none waiting" : "\(s.pendingApprovals) waiting (algobot approvals list)")",
            "last decision:  \(s.lastDecision.map { "\($0) (\(s.lastDecisionId ?? ""))" } ?? "none yet")",
            "broker:         \(s.brokerHealth)\(s.brokerDetail.map { ": \($0)" } ?? "")",
            "halted:         \(s.halted ? "YES: \(s.haltReason ?? "") — `algobot resume` to trade again" : "no")",
        ]
        switch s.reconciliationOK {
        case true?: lines.append("reconciliation: ok")
        case false?: lines.append("reconciliation: MISMATCH — no new orders: " + s.reconciliationMismatches.joined(separator: "; "))
        case nil: lines.append("reconciliation: not done yet")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
