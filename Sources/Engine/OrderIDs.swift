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

    /// FNV-1a 64-bit over UTF-8 as 16 lowercase hex digits: stable across platforms and releases.
    static func hash(_ text: String) -> String {
        var h: UInt64 = 0xcbf29ce484222325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100000001b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
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
    public var decisionId: String {
        OrderIDs.decisionId(strategy: strategy, symbol: symbol, barTime: timeText, rule: ruleId, exit: figures.exitReason,
                            reversing: figures.reversing)
    }
    public var orderId: String { OrderIDs.orderId(decisionId: decisionId) }
    public var clientOrderId: String { OrderIDs.clientOrderId(decisionId: decisionId) }
}
