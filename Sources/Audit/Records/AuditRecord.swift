/// One line of the audit log. The envelope is the same for every kind of record; `body`
/// carries the kind-specific content. Lines are JSON with sorted keys so that the same
/// record always serialises to the same bytes (the hash chain depends on it).
public struct AuditRecord: Codable, Sendable, Equatable {
    /// 1-based position in the log; consecutive, checked by `audit verify`.
    public var seq: Int
    /// Market time the record is about: the bar time in a backtest or replay, the
    /// exchange time when live. ISO 8601 (`2020-03-02` or `2020-03-02T14:30:00Z`).
    public var at: String
    /// Wall-clock time (UTC, ISO 8601) when live or paper; nil in backtests so that the
    /// same inputs give a byte-identical log.
    public var wall: String?
    /// Lowercase hex SHA-256 of the previous line's bytes (without its newline);
    /// 64 zeros for the first line.
    public var prev: String
    public var body: AuditBody

    public init(seq: Int, at: String, wall: String? = nil, prev: String, body: AuditBody) {
        self.seq = seq
        self.at = at
        self.wall = wall
        self.prev = prev
        self.body = body
    }

    public static let genesisHash = String(repeating: "0", count: 64)
}

/// What a record says. Encoded as `{"type": "...", ...fields}` inside the envelope.
public enum AuditBody: Codable, Sendable, Equatable {
    case runStart(RunStart)
    case decision(DecisionRecord)
    case orderSubmitted(OrderSubmitted)
    case orderUpdate(OrderUpdate)
    case fill(FillRecord)
    case approval(ApprovalRecord)
    case reconciliation(ReconciliationRecord)
    case control(ControlRecord)
    case brokerHealth(BrokerHealthRecord)
    case note(NoteRecord)
    case advisorNote(AdvisorNoteRecord)
    case runEnd(RunEnd)

    public var type: String {
        switch self {
        case .runStart: return "run_start"
        case .decision: return "decision"
        case .orderSubmitted: return "order_submitted"
        case .orderUpdate: return "order_update"
        case .fill: return "fill"
        case .approval: return "approval"
        case .reconciliation: return "reconciliation"
        case .control: return "control"
        case .brokerHealth: return "broker_health"
        case .note: return "note"
        case .advisorNote: return "advisor_note"
        case .runEnd: return "run_end"
        }
    }

    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: Decoder) throws {
        let type = try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .type)
        switch type {
        case "run_start": self = .runStart(try RunStart(from: decoder))
        case "decision": self = .decision(try DecisionRecord(from: decoder))
        case "order_submitted": self = .orderSubmitted(try OrderSubmitted(from: decoder))
        case "order_update": self = .orderUpdate(try OrderUpdate(from: decoder))
        case "fill": self = .fill(try FillRecord(from: decoder))
        case "approval": self = .approval(try ApprovalRecord(from: decoder))
        case "reconciliation": self = .reconciliation(try ReconciliationRecord(from: decoder))
        case "control": self = .control(try ControlRecord(from: decoder))
        case "broker_health": self = .brokerHealth(try BrokerHealthRecord(from: decoder))
        case "note": self = .note(try NoteRecord(from: decoder))
        case "advisor_note": self = .advisorNote(try AdvisorNoteRecord(from: decoder))
        case "run_end": self = .runEnd(try RunEnd(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: try decoder.container(keyedBy: TypeKey.self),
                                                   debugDescription: "unknown audit record type '\(type)'")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .runStart(let r): try r.encode(to: encoder)
        case .decision(let r): try r.encode(to: encoder)
        case .orderSubmitted(let r): try r.encode(to: encoder)
        case .orderUpdate(let r): try r.encode(to: encoder)
        case .fill(let r): try r.encode(to: encoder)
        case .approval(let r): try r.encode(to: encoder)
        case .reconciliation(let r): try r.encode(to: encoder)
        case .control(let r): try r.encode(to: encoder)
        case .brokerHealth(let r): try r.encode(to: encoder)
        case .note(let r): try r.encode(to: encoder)
        case .advisorNote(let r): try r.encode(to: encoder)
        case .runEnd(let r): try r.encode(to: encoder)
        }
    }
}
