import Foundation

// The wire words of Alpaca orders that are not the strategy's own: `OrderSide` (Alpaca has no
// short or cover side: a sale of shares not held is a short) and `TimeInForce` (Alpaca's six).
// An order's type is `Vocabulary.OrderType`, whose words are Alpaca's.

public enum OrderSide: String, Codable, Sendable, CaseIterable {
    case buy, sell
}

public enum TimeInForce: String, Codable, Sendable, CaseIterable {
    case day, gtc, opg, cls, ioc, fok
}

/// An order's class: `simple`, `bracket` (an entry and an exit pair), `oto` (an entry and one
/// exit), `oco` (an exit pair for a position already held), `mleg` (options). A struct like
/// `OrderStatus`: Alpaca answers `""` for a simple order, and a class it adds later must decode.
public struct OrderClass: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static let simple = OrderClass(rawValue: "simple")
    public static let bracket = OrderClass(rawValue: "bracket")
    public static let oto = OrderClass(rawValue: "oto")
    public static let oco = OrderClass(rawValue: "oco")
    public static let mleg = OrderClass(rawValue: "mleg")

    /// `""` and `simple` are the same class: one order with no legs.
    public var isSimple: Bool { rawValue.isEmpty || self == .simple }

    /// Whether orders of this class carry `take_profit`/`stop_loss` legs.
    public var hasExitLegs: Bool { self == .bracket || self == .oto || self == .oco }

    public var description: String { rawValue.isEmpty ? "simple" : rawValue }
}

/// An order status. A struct rather than an enum because Alpaca's list keeps growing
/// (`held`, `pending_review`...): an unknown status must decode, not fail the whole response.
public struct OrderStatus: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static let new = OrderStatus(rawValue: "new")
    public static let accepted = OrderStatus(rawValue: "accepted")
    public static let pendingNew = OrderStatus(rawValue: "pending_new")
    public static let acceptedForBidding = OrderStatus(rawValue: "accepted_for_bidding")
    public static let partiallyFilled = OrderStatus(rawValue: "partially_filled")
    public static let filled = OrderStatus(rawValue: "filled")
    public static let doneForDay = OrderStatus(rawValue: "done_for_day")
    public static let canceled = OrderStatus(rawValue: "canceled")
    public static let expired = OrderStatus(rawValue: "expired")
    public static let replaced = OrderStatus(rawValue: "replaced")
    public static let pendingCancel = OrderStatus(rawValue: "pending_cancel")
    public static let pendingReplace = OrderStatus(rawValue: "pending_replace")
    public static let stopped = OrderStatus(rawValue: "stopped")
    public static let rejected = OrderStatus(rawValue: "rejected")
    public static let suspended = OrderStatus(rawValue: "suspended")
    public static let calculated = OrderStatus(rawValue: "calculated")
    public static let held = OrderStatus(rawValue: "held")

    /// The order will not change any more (API.md §2.3).
    public var isTerminal: Bool {
        [OrderStatus.filled, .canceled, .expired, .replaced, .rejected].contains(self)
    }

    public var description: String { rawValue }
}
