import AlpacaSimulator
import Audit
import Foundation
import Policy
import RuleLanguage
@testable import Runtime
import Vocabulary

/// What the soak measures, from the audit log, the status file and the simulator's books.
struct SoakFigures {
    var ordersAtBroker = 0
    var filledAtBroker = 0
    var decisions = 0
    var blockedDecisions = 0
    var duplicateClientOrderIds = 0
    var duplicateDecisions = 0
    var ordersWithoutDecision = 0
    var policyViolations: [String] = []
    var auditVerified = false
    var auditRecords = 0
    var auditPositions: [String: Double] = [:]
    var brokerPositions: [String: Double] = [:]
    var statusPositionsMatch = false
    var faultKinds: Set<String> = []
    var faultsFired = 0
    var brokerDownEvents = 0
    var brokerRecoveries = 0
    var runStarts = 0
    var cleanRunEnds = 0
    /// Exit orders (bracket legs, trailing stops) still open at the broker on a symbol it holds no position in.
    var orphanLegs = 0

    var positionsMatch: Bool { auditPositions == brokerPositions }

    static func measure(state: StateFolder, sim: SimulatorState, policy policyPath: String) throws -> SoakFigures {
        var f = SoakFigures()
        let records = try AuditReader(path: state.audit).readAll()
        let verify = try AuditVerifier.verify(path: state.audit)
        f.auditVerified = verify.ok
        f.auditRecords = verify.recordCount
        var decisions: [String: DecisionRecord] = [:]
        var submittedDecision: [String: String] = [:]
        for record in records {
            switch record.body {
            case .decision(let d):
                decisions[d.id] = d
                f.decisions += 1
                if d.effectiveOutcome == .block { f.blockedDecisions += 1 }
            case .orderSubmitted(let s): submittedDecision[s.clientOrderId] = s.decisionId
            case .brokerHealth(let h):
                if h.state == "down" { f.brokerDownEvents += 1 } else { f.brokerRecoveries += 1 }
            case .runStart: f.runStarts += 1
            case .runEnd(let end): if end.status == "interrupted" || end.status == "completed" { f.cleanRunEnds += 1 }
            default: break
            }
        }
        let ledger = try AuditLedger.load(path: state.audit)
        f.ordersAtBroker = sim.orders.count
        f.filledAtBroker = sim.orders.filter { $0.status == "filled" }.count
        // A bracket's legs carry the simulator's ids; the bot names them after their parent (`…-sl`, `…-tp`).
        let byId = Dictionary(uniqueKeysWithValues: sim.orders.map { ($0.id, $0) })
        func ours(_ order: SimulatorState.Order) -> String {
            guard let parent = order.parentID.flatMap({ byId[$0] }) else { return order.clientOrderID }
            return parent.clientOrderID + (order.type == "limit" ? "-tp" : "-sl")
        }
        let clientIds = sim.orders.map(ours)
        f.duplicateClientOrderIds = clientIds.count - Set(clientIds).count
        let decisionIds = clientIds.compactMap { submittedDecision[$0] }
        f.duplicateDecisions = decisionIds.count - Set(decisionIds).count

        // Every broker order has a decision that allowed it (or a person approved), and no
        // fill took a position past the limits at the price the policy judged it at.
        let limits = try Linter().policy(at: policyPath).limits
        var position: [String: Double] = [:]
        var lastPrice: [String: Double] = [:]
        for order in sim.orders.sorted(by: { ($0.filledAt ?? "~", $0.submittedAt) < ($1.filledAt ?? "~", $1.submittedAt) }) {
            guard let decisionId = submittedDecision[ours(order)], let decision = decisions[decisionId] else {
                f.ordersWithoutDecision += 1
                continue
            }
            let allowed = decision.effectiveOutcome == .allow || (decision.effectiveOutcome == .needsApproval && ledger.approvedDecisions.contains(decisionId))
            if !allowed { f.policyViolations.append("\(order.clientOrderID) was sent although its decision says \(decision.effectiveOutcome)") }
            guard order.status == "filled", let qty = Double(order.filledQty) else { continue }
            let signed = order.side == "buy" ? qty : -qty
            position[order.symbol, default: 0] += signed
            lastPrice[order.symbol] = decision.order.price
            guard order.side == "buy" else { continue }
            let value = position[order.symbol, default: 0] * decision.order.price
            if case .notional(let limit)? = limits.maxPositionPerSymbol?.value, value > limit + 1e-6 {
                f.policyViolations.append("\(order.symbol) position \(value) over \(limit) after \(order.clientOrderID)")
            }
            let gross = position.reduce(0.0) { $0 + abs($1.value) * (lastPrice[$1.key] ?? 0) }
            if let limit = limits.maxGrossNotional?.value, gross > limit * 1.10 {
                f.policyViolations.append("gross exposure \(gross) over \(limit) after \(order.clientOrderID)")
            }
        }
        f.auditPositions = ledger.expectedPositions
        f.brokerPositions = Dictionary(uniqueKeysWithValues: sim.positions.map { ($0.symbol, Double($0.qty) ?? .nan) })
        if let status = try? RunStatus.read(path: state.status) {
            let shown = Dictionary(uniqueKeysWithValues: status.positions.map { ($0.symbol, $0.qty) })
            f.statusPositionsMatch = shown == f.brokerPositions && status.openOrders == ledger.openOrders.count
        }
        // Legs of an entry still waiting to fill are `held` with it, not left over.
        let held = Set(sim.positions.filter { (Double($0.qty) ?? 0) != 0 }.map(\.symbol))
        f.orphanLegs = sim.orders.filter {
            ($0.parentID != nil || $0.type == "trailing_stop") && !["filled", "canceled", "expired", "rejected", "held"].contains($0.status)
                && !held.contains($0.symbol)
        }.count
        f.faultKinds = Set(sim.faultsFired.map(\.kind.rawValue))
        f.faultsFired = sim.faultsFired.count
        return f
    }

    func report(days: Int, seconds: Double, killedOrder: String?, restarts: Int) -> String {
        """
        soak: \(days) trading days in \(String(format: "%.1f", seconds)) s
          decisions \(decisions) (\(blockedDecisions) blocked), orders at broker \(ordersAtBroker) (\(filledAtBroker) filled)
          faults fired \(faultsFired) (\(faultKinds.sorted().joined(separator: ", "))), broker down \(brokerDownEvents)x, recovered \(brokerRecoveries)x
          hard kill mid-order: \(killedOrder ?? "none"), restarts \(restarts)
          policy violations \(policyViolations.count), duplicate orders \(duplicateClientOrderIds) by client id / \(duplicateDecisions) by decision
          broker orders without a decision \(ordersWithoutDecision), exit orders left open on a flat symbol \(orphanLegs)
          audit verify \(auditVerified ? "ok" : "FAILED") (\(auditRecords) records)
          final positions: audit \(describe(auditPositions)), broker \(describe(brokerPositions)) — \(positionsMatch ? "equal" : "DIFFERENT")
        """
    }

    /// Adds `report` to the file `ALGOBOT_SOAK_REPORT` names (scripts/soak.sh prints it), if any.
    static func keep(_ report: String) throws {
        guard let path = ProcessInfo.processInfo.environment["ALGOBOT_SOAK_REPORT"] else { return }
        let before = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        try (before + report + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    private func describe(_ positions: [String: Double]) -> String {
        positions.isEmpty ? "none" : positions.keys.sorted().map { "\($0) \(Reconciler.shares(positions[$0]!))" }.joined(separator: ", ")
    }
}
