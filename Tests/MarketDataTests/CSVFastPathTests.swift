import Foundation
import Testing
@testable import MarketData
import Vocabulary

/// The CSV reader's shortcuts give exactly what the careful path gives: numbers read in place
/// are `Double(String)`'s values, bit for bit, wherever the field lies in the buffer, and a
/// timestamp as wide as the last row's ends where a scan for the comma would have ended.
@Suite struct CSVFastPathTests {
    /// Awkward decimals: leading zeros, no integer or no fraction digits, negatives, many
    /// digits, values at rounding boundaries, and what only the slow path takes.
    static let awkward = [
        "0", "-0", "1", "7", "0.5", ".5", "-.5", "5.", "-5.", "00001.5000", "0000000.1", "1234567.1234567", "9999999.9999999",
        "12345678", "12345678.5", "1234567.12345678", "0.1", "0.2", "0.3", "2.675", "1.005", "0.30000000000000004",
        "100.0052", "99.9856", "96630", "-123.456", "0.000001", "4503599.627370497", "9007199.254740993",
        "9007199254740993", "123456789012345678", "1e5", "1.5E-3", "+7.25", "-", ".", "", "-.", "1.2.3", "12a", "0x10",
    ]

    /// `parsePrefix` at the start of `bytes`: the value and where it stopped, or nil.
    static func prefix(_ bytes: [UInt8]) -> (value: Double, stop: Int)? {
        bytes.withUnsafeBufferPointer { b -> (Double, Int)? in
            var index = 0
            return DecimalParser.parsePrefix(b.baseAddress!, from: &index, end: b.count).map { ($0, index) }
        }
    }

    @Test func numbersInPlaceAreTheValuesOfDoubleInit() {
        var texts = Self.awkward
        // Every split of up to 9 digits around the point, with varied digits.
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for integerDigits in 0...9 {
            for fractionDigits in 0...9 where integerDigits + fractionDigits > 0 {
                for _ in 0..<40 {
                    seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    let digits = String(seed >> 1).suffix(integerDigits + fractionDigits)
                    let integer = digits.prefix(integerDigits), fraction = digits.suffix(fractionDigits)
                    texts.append(fractionDigits == 0 ? String(integer) : "\(integer).\(fraction)")
                    texts.append("-" + texts.last!)
                }
            }
        }
        var read = 0
        for text in texts {
            let padded = Array(text.utf8) + Array(",1.25,3,4\n".utf8)
            let expected = Double(text)
            // Declined, or stopped before the comma: the row goes to the slow path
            // (`decimalParserMatchesDoubleInitializerExactly` checks that one).
            if let (value, stop) = Self.prefix(padded), stop == text.utf8.count {
                #expect(value.bitPattern == expected?.bitPattern, "\(text)")
                read += 1
            }
            // At the very end of the buffer: the same value and stop.
            let bare = Array(text.utf8)
            if !bare.isEmpty, let inRow = Self.prefix(padded), let atEnd = Self.prefix(bare) {
                #expect(inRow.value.bitPattern == atEnd.value.bitPattern && inRow.stop == atEnd.stop, "\(text)")
            }
        }
        #expect(read > 1_000, "the test needs numbers the fast path reads")
    }

    /// Rows whose timestamps change width (offset, `Z`, naive, compact offset), one whose
    /// first 24 bytes end at a comma of the row's prices, and the time column last.
    @Test func timestampsOfChangingWidth() throws {
        let rows = [
            "2020-01-02T09:30:00-05:00", "2020-01-02T14:31:00Z", "2020-01-02T14:32:00Z", "2020-01-02T14:33:00",
            "2020-01-02T09:34:00-0500", "2020-01-02T14:35:00Z", "2020-01-02T09:36:00-05:00", "2020-01-02T09:37:00-05:00",
        ]
        let text = "timestamp,open,high,low,close,volume\n" + rows.map { "\($0),1,2,0.5,1.5,100\n" }.joined()
        let parser = CSVBarParser(file: "t.csv", symbol: "T", policy: .fail, days: try DayRange(from: nil, to: nil, file: "t.csv"))
        let series = try Array(text.utf8).withUnsafeBufferPointer { try parser.parse($0) }.series
        let expected = rows.map { row in
            var bytes = Array(row.utf8)
            return bytes.withUnsafeMutableBufferPointer { TimeParser.timestamp(UnsafePointer($0.baseAddress!), count: $0.count)! }
        }
        #expect(series.times == expected.map(\.seconds))
        #expect(series.utcOffsets == expected.map(\.offset))
        #expect(series.close == Array(repeating: 1.5, count: rows.count))

        let last = "open,high,low,close,volume,timestamp\n" + rows.map { "1,2,0.5,1.5,100,\($0)\n" }.joined()
        let lastSeries = try Array(last.utf8).withUnsafeBufferPointer { try parser.parse($0) }.series
        #expect(lastSeries.times == series.times && lastSeries.utcOffsets == series.utcOffsets)

        // A row whose timestamp is cut short is still the same error, with its own text.
        let bad = text + "2020-01-02T09:38:00-05,1,2,0.5,1.5,100\n"
        let error = try #require(throws: DataError.self) { try Array(bad.utf8).withUnsafeBufferPointer { try parser.parse($0) } }
        #expect(error.kind == .badTime && error.line == rows.count + 2)
        #expect(error.message == "timestamp is not a valid timestamp: \"2020-01-02T09:38:00-05\"")
    }
}
