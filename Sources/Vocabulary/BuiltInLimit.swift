/// The policy's built-in limits, in the order they are checked (before the user's rules).
/// Each one knows its id (also its key under `limits:` in a policy file), the figure it
/// judges, what its failure asks for, and the words that need no numbers.
///
/// A new limit is a new case here (the compiler then asks for its answers below) plus its
/// check in the Policy target; nothing finds a limit by position or by its id's text.
public enum BuiltInLimit: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case maxPositionPerSymbol = "max_position_per_symbol"
    case maxGrossNotional = "max_gross_notional"
    case dailyMaxDrawdown = "daily_max_drawdown"
    case approvalThreshold = "approval_threshold"
    /// Dollars the order's symbol may be short after the order. Unlike the others, a policy
    /// without it does not leave it open: absent means 0, so shorting is off until a person
    /// writes the line.
    case maxShortNotional = "max_short_notional"

    /// `max_position_per_symbol`: the check's id in records, the key in policy files.
    public var id: String { rawValue }

    public var description: String { rawValue }

    /// The limits, in check order; `count` of them come first in every decision's checks.
    /// A literal, so that other modules read it without a call (a `static let` is reached
    /// through its addressor); `BuiltInLimitTests` holds it to `allCases.count`.
    @inlinable public static var count: Int { 5 }

    /// Where the limit is among a decision's checks (0 for the first).
    public var index: Int {
        switch self {
        case .maxPositionPerSymbol: return 0
        case .maxGrossNotional: return 1
        case .dailyMaxDrawdown: return 2
        case .approvalThreshold: return 3
        case .maxShortNotional: return 4
        }
    }

    /// The limit at `index` among a decision's checks; nil past the limits (a user rule).
    public init?(index: Int) {
        guard index >= 0, index < Self.count else { return nil }
        self = Self.allCases[index]
    }

    /// The figure the limit compares with its threshold, as records and rules name it.
    public var figure: String {
        switch self {
        case .maxPositionPerSymbol: return "position_value_after"
        case .maxGrossNotional: return "gross_exposure_after"
        case .dailyMaxDrawdown: return "drawdown_today"
        case .approvalThreshold: return "notional"
        case .maxShortNotional: return "short_value_after"
        }
    }

    /// What a failure asks for: the three ceilings block, the threshold asks a person.
    public var outcomeOnFailure: Outcome {
        switch self {
        case .maxPositionPerSymbol, .maxGrossNotional, .dailyMaxDrawdown, .maxShortNotional: return .block
        case .approvalThreshold: return .needsApproval
        }
    }

    /// What the check says when the policy file does not set the limit.
    public var notSetWords: String {
        switch self {
        case .maxPositionPerSymbol, .maxGrossNotional, .dailyMaxDrawdown: return "no limit set"
        case .approvalThreshold: return "no threshold set"
        case .maxShortNotional: return "shorting is off (no max_short_notional set)"
        }
    }

    /// Why the check cannot be evaluated when a figure it needs is unknown (it then blocks).
    public var missingWords: String {
        switch self {
        case .maxPositionPerSymbol: return "the price or equity is missing, so the position cannot be valued"
        case .maxGrossNotional: return "a price is missing, so exposure cannot be valued"
        case .dailyMaxDrawdown: return "today's drawdown is unknown (account equity missing)"
        case .approvalThreshold: return "the price is missing, so the order cannot be valued"
        case .maxShortNotional: return "the price is missing, so the short position cannot be valued"
        }
    }
}
