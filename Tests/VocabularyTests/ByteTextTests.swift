import Testing
@testable import Vocabulary

/// Zero-padded digits, as every timestamp and log line writes them: the date and time
/// fields take a shortcut, which writes what the general loop writes.
@Suite struct ByteTextTests {
    /// The general loop: `width` digits at least, zeros in front.
    static func reference(_ value: Int, width: Int) -> [UInt8] {
        let digits = Array(String(value).utf8)
        return Array(repeating: UInt8(ascii: "0"), count: max(0, width - digits.count)) + digits
    }

    @Test func digitsOfEveryWidth() {
        for width in 0...6 {
            for value in Array(0..<12_000) + [99_999, 100_000, 123_456_789, Int(Int32.max)] {
                var out: [UInt8] = [UInt8(ascii: "x")]
                ByteText.appendDigits(value, width: width, to: &out)
                #expect(out == [UInt8(ascii: "x")] + Self.reference(value, width: max(width, 1)), "\(value) in \(width)")
            }
        }
    }

    @Test func indentationOfEveryDepth() {
        for level in [0, 1, 2, 3, 30, 31, 32, 40] {
            var out: [UInt8] = []
            JSONValue.newline(level, &out)
            #expect(out == [UInt8(ascii: "\n")] + Array(repeating: UInt8(ascii: " "), count: 2 * level), "level \(level)")
        }
    }
}
