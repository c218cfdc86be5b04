import Foundation
import Testing
@testable import MarketData
import Vocabulary

@Test func symbolComesFromTheFileName() {
    #expect(BarLoader.symbol(forFile: "SPY.csv") == "SPY")
    #expect(BarLoader.symbol(forFile: "/data/minute/SPY_2013-10-04_2013-10-11_rth.csv") == "SPY")
    #expect(BarLoader.symbol(forFile: "data/aapl.CSV") == "AAPL")
    #expect(BarLoader.symbol(forFile: "BRK.B.csv") == "BRK.B")
}

@Test func bomCRLFMixedCaseHeaderAndNoFinalNewline() throws {
    let result = try BarLoader.load(path: Fixtures.path("crlf_bom.csv"))
    let s = try #require(result.series.first)
    #expect(s.symbol == "CRLF")
    #expect(s.isDaily)
    #expect(s.times == [CivilDate.days(year: 2020, month: 1, day: 2) * 86400, CivilDate.days(year: 2020, month: 1, day: 3) * 86400])
    #expect(s.open == [10, 10.5])
    #expect(s.volume == [1000, 1100])
    #expect(s.close == [10.5, 11])
}

@Test func columnsInAnyOrderAndTrailingBlankLines() throws {
    let s = try #require(try BarLoader.load(path: Fixtures.path("reordered.csv")).series.first)
    #expect(s.open == [10, 10.5])
    #expect(s.high == [11, 12])
    #expect(s.low == [9, 10])
    #expect(s.close == [10.5, 11])
    #expect(s.volume == [1000, 1100])
    #expect(s.timeText(1) == "2020-01-03")
}

@Test func intradayOffsetsZuluAndNaiveTimestamps() throws {
    let s = try #require(try BarLoader.load(path: Fixtures.path("intraday_mixed.csv")).series.first)
    #expect(!s.isDaily)
    #expect(s.utcOffsets == [-18000, -18000, 0, 0, 3600])
    #expect((0..<s.count).map(s.timeText) == [
        "2020-01-02T09:30:00-05:00", "2020-01-02T20:00:00-05:00", "2020-01-03T15:00:00+00:00",
        "2020-01-03T16:00:00+00:00", "2020-01-03T18:00:00+01:00",
    ])
    #expect(s.times[0] == CivilDate.days(year: 2020, month: 1, day: 2) * 86400 + 14 * 3600 + 30 * 60)
}

@Test func intradayDateFilterUsesTheLocalDate() throws {
    // 2020-01-02T20:00:00-05:00 is 2020-01-03 in UTC but belongs to 2020-01-02.
    let path = Fixtures.path("intraday_mixed.csv")
    let jan2 = try BarLoader.load(path: path, from: "2020-01-02", to: "2020-01-02")
    #expect(jan2.series[0].count == 2)
    #expect(jan2.report.rowsRead == 5)
    #expect(jan2.report.barsLoaded == 2)
    let jan3 = try BarLoader.load(path: path, from: "2020-01-03")
    #expect(jan3.series[0].count == 3)
}

@Test func timestampParserEdgeCases() {
    func parse(_ text: String) -> (Int64, Int32)? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { b in
            TimeParser.timestamp(UnsafePointer(b.baseAddress!), count: b.count).map { ($0.seconds, $0.offset) }
        }
    }
    #expect(parse("1970-01-01T00:00:00Z")! == (0, 0))
    #expect(parse("1970-01-01T00:00:00+01:00")! == (-3600, 3600))
    #expect(parse("2020-02-29T23:59:59-0430")! == (CivilDate.days(year: 2020, month: 3, day: 1) * 86400 + 4 * 3600 + 30 * 60 - 1, -16200))
    #expect(parse("2019-02-29T00:00:00Z") == nil)
    #expect(parse("2020-01-01T24:00:00Z") == nil)
    #expect(parse("2020-01-01T00:60:00Z") == nil)
    #expect(parse("2020-01-01T00:00:00+05") == nil)
    #expect(parse("2020-01-01T00:00:00.000Z") == nil)
    #expect(parse("2020-01-01") == nil)
    #expect(TimeParser.day(text: "2000-02-29") == CivilDate.days(year: 2000, month: 2, day: 29))
    #expect(TimeParser.day(text: "1900-02-29") == nil)
    #expect(TimeParser.day(text: "2020-1-01") == nil)
}

@Test func decimalParserMatchesDoubleInitializerExactly() {
    let texts = [
        "0", "1", "-0", "0.1", "0.2", "0.3", "123.45", "97.310000", "0.005", "00001.5000", ".5", "5.",
        "9007199254740992", "9007199254740993", "12345678901234567890", "0.1234567890123456789",
        "1e5", "1.5E-3", "-2.5", "+7.25", "1.7976931348623157e308", "4.9e-324", "0.0000000000000000000000001",
        "2054.400000", "0.121696", "707280113", "123456789.123456", "3.141592653589793238462643383279",
    ]
    for text in texts {
        var bytes = Array(text.utf8)
        let parsed = bytes.withUnsafeMutableBufferPointer { DecimalParser.parse(UnsafePointer($0.baseAddress!), count: $0.count) }
        #expect(parsed?.bitPattern == Double(text)?.bitPattern, "\(text)")
    }
    for bad in ["", "-", ".", "1.2.3", "1l", "nan", "inf", "1e999", "1,5", " 1", "0x10"] {
        var bytes = Array(bad.utf8) + [0]
        let parsed = bytes.withUnsafeMutableBufferPointer { DecimalParser.parse(UnsafePointer($0.baseAddress!), count: $0.count - 1) }
        #expect(parsed == nil, "\(bad)")
    }
}

@Test func filterErrors() throws {
    let path = Fixtures.path("crlf_bom.csv")
    let bad = try #require(throws: DataError.self) { try BarLoader.load(path: path, from: "2020-13-01") }
    #expect(bad.description == "\(path): the from date \"2020-13-01\" is not a valid date; write it as YYYY-MM-DD, for example 2020-03-02")
    let swapped = try #require(throws: DataError.self) { try BarLoader.load(path: path, from: "2020-02-01", to: "2020-01-01") }
    #expect(swapped.kind == .badFilter)
    let outside = try #require(throws: DataError.self) { try BarLoader.load(path: path, from: "2021-01-01") }
    #expect(outside.description == "\(path): CRLF has no bars from 2021-01-01 to the end; its data covers 2020-01-02 to 2020-01-03; "
        + "choose dates inside the data's range, or leave CRLF out")
    let missing = try #require(throws: DataError.self) { try BarLoader.load(path: Fixtures.path("nope.csv")) }
    #expect(missing.kind == .unreadable)
}

/// Rows the byte-level fast path does not take (exponents, `+`, many digits, a date in the last
/// column at the end of the file) are re-read and give the same values as `Double(String)`.
@Test func unusualButValidNumbersTakeTheSlowPathAndAgree() throws {
    let folder = try Fixtures.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/ODD.csv"
    let text = "open,high,low,close,volume,date\n"
        + "1e1,+12,9.999999999999999999,10.5,1000,2020-01-02\n"
        + "10.5,12.000000000000000001,10,11,1.1e3,2020-01-03"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let s = try #require(try BarLoader.load(path: path).series.first)
    #expect(s.open == [Double("1e1")!, 10.5])
    #expect(s.high == [12, Double("12.000000000000000001")!])
    #expect(s.low == [Double("9.999999999999999999")!, 10])
    #expect(s.volume == [1000, 1100])
    #expect(s.timeText(1) == "2020-01-03")

    let extra = folder + "/EXTRA.csv"
    try "date,open,high,low,close,volume\n2020-01-02,10,11,9,10.5,1000,7\n".write(toFile: extra, atomically: true, encoding: .utf8)
    let error = try #require(throws: DataError.self) { try BarLoader.load(path: extra) }
    #expect(error.description == "\(extra):2: expected 6 columns, found 7 (2020-01-02,10,11,9,10.5,1000,7); "
        + "every row needs date,open,high,low,close,volume")
    let spaced = folder + "/SPACED.csv"
    try "date,open,high,low,close,volume\n2020-01-02x,10,11,9,10.5,1000\n".write(toFile: spaced, atomically: true, encoding: .utf8)
    let e2 = try #require(throws: DataError.self) { try BarLoader.load(path: spaced) }
    #expect(e2.message == "date is not a valid YYYY-MM-DD date: \"2020-01-02x\"")
}

/// A run that reads no volume (or high, or low) loads its bars without the column (8 bytes
/// a bar it would hold and never read); every row's values are still checked, and the rest
/// is the same.
@Test func barsCanBeLoadedWithoutTheFieldsNobodyReads() throws {
    for path in [Fixtures.path("intraday_mixed.csv"), Fixtures.path("reordered.csv"), Fixtures.bundledDaily] {
        let full = try BarLoader.load(path: path)
        for keep: BarFields in [[], [.volume], [.high, .low]] {
            let lean = try BarLoader.load(path: path, keeping: keep)
            #expect(lean.series.map(\.symbol) == full.series.map(\.symbol))
            for (l, f) in zip(lean.series, full.series) {
                #expect(l.volume == (keep.contains(.volume) ? f.volume : []), "\(path) \(f.symbol)")
                #expect(l.high == (keep.contains(.high) ? f.high : []) && l.low == (keep.contains(.low) ? f.low : []))
                #expect(l.times == f.times && l.utcOffsets == f.utcOffsets && l.open == f.open && l.close == f.close)
            }
            #expect(lean.report.barsLoaded == full.report.barsLoaded)
        }
    }
    #expect(throws: DataError.self) { try BarLoader.load(path: Fixtures.path("bad/volume.csv"), keeping: []) }
    #expect(throws: DataError.self) { try BarLoader.load(path: Fixtures.path("bad/highlow.csv"), keeping: []) }
}
