import Audit
import Foundation
import Vocabulary

/// `state/status.json`: what the bot is doing, rewritten after every bar and poll. A contract:
/// `algobot status` prints it and `scripts/update.sh` refuses to update while `open_orders > 0`.
/// Keys are snake_case and sorted; it never holds a secret. It also carries the audit log's
/// head (`audit_records`, `audit_head`): copied off the machine, it is the anchor that
/// `algobot audit verify --expect-head` checks the log against.
public struct RunStatus: Codable, Sendable, Equatable {
    public struct Holding: Codable, Sendable, Equatable {
        public var symbol: String
        public var qty: Double
        public var marketValue: Double?

        enum CodingKeys: String, CodingKey {
            case symbol, qty
            case marketValue = "market_value"
        }
    }

    /// paper | dry-run
    public var mode: Mode
    /// alpaca | sim
    public var broker: String
    /// The broker's trading URL (no keys), so `algobot approvals approve` can reach it.
    public var brokerURL: String?
    public var strategy: String
    public var policy: String
    public var runId: String
    public var pid: Int32
    /// False once the run has ended (cleanly); a stale `true` with a dead pid means it crashed.
    public var running: Bool
    /// Time of the last bar processed, as the data wrote it.
    public var lastBar: String?
    /// The broker's market clock at the last poll (UTC; simulated time for the simulator).
    public var marketTime: String?
    public var barsProcessed: Int
    public var equity: Double?
    public var cash: Double?
    public var positions: [Holding]
    /// Orders sent and not yet final (filled, canceled, …). `scripts/update.sh` waits for 0.
    public var openOrders: Int
    /// True while an order's `order_submitted` record is written and the broker has not
    /// answered yet (`scripts/update.sh` reads it too).
    public var submitting: Bool
    public var pendingApprovals: Int
    /// Orders the approval queue let expire, and that a person rejected (all runs on this
    /// state folder). Added keys: absent from files older than them.
    public var approvalsExpired: Int? = nil
    public var approvalsRejected: Int? = nil
    /// The newest line the run printed about an approval that expired or was rejected.
    public var lastApprovalEvent: String? = nil
    public var lastDecisionId: String?
    /// "SPY enter-long buy: allow"
    public var lastDecision: String?
    /// healthy | down
    public var brokerHealth: String
    public var brokerDetail: String?
    public var halted: Bool
    public var haltReason: String?
    public var reconciliationOK: Bool?
    public var reconciliationMismatches: [String]
    /// Wall-clock time of this update (UTC).
    public var updatedAt: String
    public var startedAt: String
    /// Why the run ended: completed | interrupted | failed (nil while running).
    public var endStatus: String?
    /// The `seq` of the audit log's last record when this was written (the record count).
    public var auditRecords: Int? = nil
    /// The SHA-256 of that record's line: with `audit_records`, the head to keep elsewhere.
    public var auditHead: String? = nil

    enum CodingKeys: String, CodingKey {
        case mode, broker, strategy, policy, pid, running, equity, cash, positions, halted, submitting
        case brokerURL = "broker_url"
        case runId = "run_id"
        case lastBar = "last_bar"
        case marketTime = "market_time"
        case barsProcessed = "bars_processed"
        case openOrders = "open_orders"
        case pendingApprovals = "pending_approvals"
        case approvalsExpired = "approvals_expired"
        case approvalsRejected = "approvals_rejected"
        case lastApprovalEvent = "last_approval_event"
        case lastDecisionId = "last_decision_id"
        case lastDecision = "last_decision"
        case brokerHealth = "broker_health"
        case brokerDetail = "broker_detail"
        case haltReason = "halt_reason"
        case reconciliationOK = "reconciliation_ok"
        case reconciliationMismatches = "reconciliation_mismatches"
        case updatedAt = "updated_at"
        case startedAt = "started_at"
        case endStatus = "end_status"
        case auditRecords = "audit_records"
        case auditHead = "audit_head"
    }

    public static func read(path: String) throws -> RunStatus {
        guard let data = try StateFile.read(path) else {
            throw RuntimeError.stateFolder((path as NSString).deletingLastPathComponent,
                                           "no status file \(path) (has `algobot run` been started with this --state?)")
        }
        return try JSONDecoder().decode(RunStatus.self, from: data)
    }

    public func write(path: String) throws {
        try StateFile.write(try jsonData(), to: path, durable: false)
    }

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Whether the process that wrote this file is still alive.
    public var processAlive: Bool {
        running && pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }
}
