/// What the policy says about an order, and what became of it after the runtime's gates:
/// `allow`, `needs_approval` (a person must approve it first) or `block`. Ordered by
/// severity, so a decision's outcome is the `max` of its checks' outcomes.
public enum Outcome: String, Sendable, Hashable, CaseIterable, Codable, Comparable, CustomStringConvertible {
    case allow
    case needsApproval = "needs_approval"
    case block

    /// 0, 1, 2: allow < needs_approval < block.
    @inlinable public var severity: UInt8 {
        switch self {
        case .allow: return 0
        case .needsApproval: return 1
        case .block: return 2
        }
    }

    @inlinable public static func < (lhs: Outcome, rhs: Outcome) -> Bool { lhs.severity < rhs.severity }

    /// The word of records and reports: `allow`, `needs_approval`, `block`.
    public var description: String { rawValue }

    /// In a sentence: "allowed", "needed approval", "blocked".
    public var pastTense: String {
        switch self {
        case .allow: return "allowed"
        case .needsApproval: return "needed approval"
        case .block: return "blocked"
        }
    }
}
