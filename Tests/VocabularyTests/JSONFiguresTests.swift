import Testing
import Vocabulary

/// How figures are written in the --json report: money to cents, percentages and ratios
/// to 4 decimals, prices to 4, quantities to 6, whole numbers without a decimal point.
@Suite struct JSONFiguresTests {
    @Test func rounding() {
        #expect(JSONValue.money(9_844.351999999999).serialized() == "9844.35")
        #expect(JSONValue.money(-155.64800000000014).serialized() == "-155.65")
        #expect(JSONValue.percent(-1.5564800000000156).serialized() == "-1.5565")
        #expect(JSONValue.rounded(102.10199999999999, 4).serialized() == "102.102")
        #expect(JSONValue.rounded(3.3333333, 6).serialized() == "3.333333")
        #expect(JSONValue.number(48).serialized() == "48")
        #expect(JSONValue.money(10_000).serialized() == "10000")
    }

    @Test func noNegativeZeroAndNoNaN() {
        #expect(JSONValue.percent(-0.000001).serialized() == "0")
        #expect(JSONValue.money(.nan).serialized() == "null")
        #expect(JSONValue.money(nil).serialized() == "null")
        #expect(JSONValue.rounded(.infinity, 4).serialized() == "null")
    }
}
