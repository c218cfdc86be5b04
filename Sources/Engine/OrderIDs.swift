import MarketData
import Policy
import Vocabulary

/// Deterministic ids derived from a decision, so a restart or a retry produces the same
/// client order id and the broker refuses the duplicate instead of doubling the order.
public enum OrderIDs {
    /// `<strategy>:<symbol>:<bar time>:<rule>` — what was decided, when, by which rule; an exit
    /// the engine placed for the rule's position adds its reason (`…:enter-long:stop_loss`), so
    /// the legs of one position, all decided on its fill bar, have ids of their own.
    /// The first half of a reversal adds `:reverse` for the same reason.
    public static func decisionId(strategy: String, symbol: String, barTime: String, rule: String, exit: ExitReason? = nil,
                                  reversing: Bool = false) -> String {
        let id = "\(strategy):\(symbol):\(barTime):\(rule)"
        if reversing { return id + ":reverse" }
        return exit.map { id + ":" + $0.rawValue } ?? id
    }

    public static func orderId(decisionId: String) -> String { "o-" + hash(decisionId) }

    /// Alpaca allows up to 128 characters (48 in older docs); this is 24.
    public static func clientOrderId(decisionId: String) -> String { "algobot-" + hash(decisionId) }

    /// `orderId` and `clientOrderId` of one decision, hashing it once (a report writes both).
    public static func ids(decisionId: String) -> (orderId: String, clientOrderId: String) {
        let h = hash(decisionId)
        return ("o-" + h, "algobot-" + h)
    }

    /// FNV-1a 64-bit over UTF-8 as 16 lowercase hex digits: stable across platforms and releases.
    static func hash(_ text: String) -> String {
        var h: UInt64 = 0xcbf29ce484222325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100000001b3
        }
        // Written in place, zero-padded to 16 digits (what `String(h, radix: 16)` padded gave).
        return String(unsafeUninitializedCapacity: 16) { digits in
            for k in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: h >> UInt64(60 - 4 * k)) & 0xF
                digits[k] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            return 16
        }
    }

    /// A bar time as the data wrote it: `2020-03-02`, or ISO 8601 with the bar's offset.
    public static func timeText(_ time: Int64, utcOffset: Int32?) -> String {
        guard let utcOffset else { return ISOTimestamp.dateText(utc: time) }
        return ISOTimestamp.text(time, offset: Int(utcOffset))
    }
}

/// Ids and text of an intent, derived on demand (they are not needed to decide).
extension OrderIntent {
    public var timeText: String { OrderIDs.timeText(time, utcOffset: utcOffset) }
    public var decisionId: String { decisionId(timeText: timeText) }

    /// The decision id, given this intent's `timeText` already made.
    public func decisionId(timeText: String) -> String {
        OrderIDs.decisionId(strategy: strategy, symbol: symbol, barTime: timeText, rule: ruleId, exit: figures.exitReason,
                            reversing: figures.reversing)
    }
    public var orderId: String { OrderIDs.orderId(decisionId: decisionId) }
    public var clientOrderId: String { OrderIDs.clientOrderId(decisionId: decisionId) }
}
