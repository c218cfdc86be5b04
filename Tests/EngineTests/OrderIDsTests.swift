import Testing
@testable import Engine

/// Order ids are FNV-1a 64-bit hashes of the decision id as 16 lowercase hex digits, zeros
/// in front included: a broker sees the same client order id from every release.
@Suite struct OrderIDsTests {
    /// The hash as it was first written: `String(radix: 16)`, padded with zeros to 16 digits.
    static func reference(_ text: String) -> String {
        var h: UInt64 = 0xcbf29ce484222325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100000001b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test func idsAreSixteenHexDigitsLikeTheFirstRelease() {
        // Enough ids that several hashes start with zeros (1 in 16 has a leading zero digit).
        var leadingZeros = 0
        for k in 0..<2_000 {
            let decisionId = "sma-crossover:SPY:2024-01-\(k % 28 + 1)T09:3\(k % 10):00-05:00:rule-\(k)"
            let hash = Self.reference(decisionId)
            if hash.hasPrefix("0") { leadingZeros += 1 }
            let ids = OrderIDs.ids(decisionId: decisionId)
            #expect(ids.orderId == "o-" + hash && ids.clientOrderId == "algobot-" + hash, "\(decisionId)")
            #expect(OrderIDs.orderId(decisionId: decisionId) == ids.orderId)
            #expect(OrderIDs.clientOrderId(decisionId: decisionId) == ids.clientOrderId)
        }
        #expect(leadingZeros > 20, "the test needs hashes with leading zeros")
        #expect(OrderIDs.hash("") == "cbf29ce484222325")
    }
}
