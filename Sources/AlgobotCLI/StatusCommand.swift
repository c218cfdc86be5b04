import ArgumentParser
import Foundation
import RuleLanguage
import Runtime
import Vocabulary

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what the running bot is doing (from state/status.json).")

    @OptionGroup var paths: StateOptions

    @Option(help: "Output format: text or json (the status file as it is).")
    var format: DiagnosticRenderer.Format = .text

    @Flag(help: "The same as --format json.")
    var json = false

    @Flag(help: "Health check: exit 0 when the bot runs, wrote its status recently, reaches the broker and reconciles; 1 otherwise.")
    var check = false

    @Option(help: ArgumentHelp("With --check: the longest time (seconds) since the last status update that counts as healthy.", valueName: "seconds"))
    var maxAge: Double = 300

    func run() throws {
        try Console.run {
            let folder = try paths.folder()
            let status: RunStatus
            do {
                status = try RunStatus.read(path: folder.status)
            } catch let error as RuntimeError {
                throw CLIFailure("algobot status: \(error)")
            } catch {
                throw CLIFailure("algobot status: \(folder.status) is not a status file (\(error))")
            }
            if check {
                let problems = Self.problems(status, now: Date(), maxAge: maxAge)
                guard problems.isEmpty else { throw CLIFailure("algobot status --check: unhealthy: " + problems.joined(separator: "; ")) }
                Console.out("healthy\n")
            } else if json || format == .json {
                Console.out(String(decoding: try status.jsonData(), as: UTF8.self))
            } else {
                Console.out(Self.render(status))
            }
        }
    }

    /// Why the bot is not healthy, or nothing. A halt is the operator's choice, not a fault.
    static func problems(_ s: RunStatus, now: Date, maxAge: Double) -> [String] {
        var problems: [String] = []
        if !s.running { problems.append("the run has ended (\(s.endStatus ?? "stopped"))") }
        if s.running && !s.processAlive { problems.append("process \(s.pid) is gone") }
        if let updated = ISOTimestamp(s.updatedAt, accepting: .fraction) {
            let age = now.timeIntervalSince1970 - Double(updated.seconds())
            if age > maxAge { problems.append("no status update for \(Int(age)) s") }
        }
        if s.brokerHealth != "healthy" { problems.append("broker \(s.brokerHealth)") }
        if s.reconciliationOK == false { problems.append("reconciliation mismatch") }
        return problems
    }

    /// "1 waiting (algobot approvals list); 2 expired, 1 rejected" (closed counts only when known).
    static func approvals(_ s: RunStatus) -> String {
        var text = s.pendingApprovals == 0 ? "none waiting" : "\(s.pendingApprovals) waiting (algobot approvals list)"
        if let expired = s.approvalsExpired, let rejected = s.approvalsRejected, expired + rejected > 0 {
            text += "; \(expired) expired, \(rejected) rejected"
        }
        return text
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
            "approvals:      \(approvals(s))",
            "last decision:  \(s.lastDecision.map { "\($0) (\(s.lastDecisionId ?? ""))" } ?? "none yet")",
            "broker:         \(s.brokerHealth)\(s.brokerDetail.map { ": \($0)" } ?? "")",
            "halted:         \(s.halted ? "YES: \(s.haltReason ?? "") — `algobot resume` to trade again" : "no")",
        ]
        if let event = s.lastApprovalEvent { lines.insert("last approval:  \(event)", at: 8) }
        switch s.reconciliationOK {
        case true?: lines.append("reconciliation: ok")
        case false?: lines.append("reconciliation: MISMATCH — no new orders: " + s.reconciliationMismatches.joined(separator: "; "))
        case nil: lines.append("reconciliation: not done yet")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
