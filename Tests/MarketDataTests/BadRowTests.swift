import Testing
@testable import MarketData
import Vocabulary

/// One fixture per kind of bad row: header, good row (line 2), the bad row (line 3), good row (line 4).
struct BadRowCase: Sendable, CustomTestStringConvertible {
    let fixture: String
    let kind: DataError.Kind
    let column: String?
    let message: String
    let fix: String
    var testDescription: String { fixture }
}

private let rangeFix = "correct the prices so that low <= open, close <= high"
private let cases: [BadRowCase] = [
    BadRowCase(fixture: "columns", kind: .columnCount, column: nil, message: "expected 6 columns, found 5",
               fix: "every row needs date,open,high,low,close,volume"),
    BadRowCase(fixture: "missing", kind: .missingValue, column: "close", message: "close is missing",
               fix: "fill in the value or remove the row"),
    BadRowCase(fixture: "number", kind: .badNumber, column: "close", message: "close is not a number: \"1l\"",
               fix: "write a plain decimal number such as 123.45"),
    BadRowCase(fixture: "date", kind: .badTime, column: "date", message: "date is not a valid YYYY-MM-DD date: \"2020-01-32\"",
               fix: "write the trading day as YYYY-MM-DD, for example 2020-03-02"),
    BadRowCase(fixture: "timestamp", kind: .badTime, column: "timestamp",
               message: "timestamp is not a valid timestamp: \"2020-01-02T25:31:00-05:00\"",
               fix: "write YYYY-MM-DDTHH:MM:SS with an offset (-05:00), Z, or nothing for UTC"),
    BadRowCase(fixture: "nonpositive", kind: .nonPositivePrice, column: "low", message: "low must be a positive price, found 0",
               fix: "correct the price or remove the row"),
    BadRowCase(fixture: "highlow", kind: .highBelowLow, column: "high", message: "high 10 is below low 12", fix: rangeFix),
    BadRowCase(fixture: "outside", kind: .outsideHighLow, column: "close", message: "close 12.5 is above high 12", fix: rangeFix),
    BadRowCase(fixture: "volume", kind: .negativeVolume, column: "volume", message: "volume must not be negative, found -5",
               fix: "correct the volume or remove the row"),
    // Issue 12: values that passed the loader and then overflowed (a trap converting the volume,
    // "inf" in JSON, "Final equity unlimited").
    BadRowCase(fixture: "hugevolume", kind: .volumeOutOfRange, column: "volume",
               message: "volume 1e+21 is out of range: at most 1000000000000000 (10^15) per bar",
               fix: "correct the volume (a typo or a unit mix-up?) or remove the row"),
    BadRowCase(fixture: "hugeprice", kind: .priceOutOfRange, column: "open",
               message: "open 1e+308 is out of range: prices must be from 0.000001 to 1000000000",
               fix: "correct the price (a typo or a unit mix-up?) or remove the row"),
    BadRowCase(fixture: "duplicate", kind: .duplicateTime, column: "date", message: "date 2020-01-02 repeats line 2",
               fix: "remove one of the two rows"),
    BadRowCase(fixture: "unsorted", kind: .unsortedTime, column: "date", message: "date 2020-01-01 is earlier than 2020-01-02 on line 2",
               fix: "sort the rows by date, oldest first"),
    BadRowCase(fixture: "blank", kind: .columnCount, column: nil, message: "empty row", fix: "remove the blank line"),
]

/// The bad row's text as the file has it (line 3).
private func rowText(_ path: String) throws -> String? {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    return lines[2].isEmpty ? nil : String(lines[2])
}

@Test("fail policy throws a located error", arguments: cases)
func failPolicyThrowsLocatedError(_ c: BadRowCase) throws {
    let path = Fixtures.path("bad/\(c.fixture).csv")
    let row = try rowText(path)
    let error = try #require(throws: DataError.self) { try BarLoader.load(path: path) }
    #expect(error.kind == c.kind)
    #expect(error.line == 3)
    #expect(error.column == c.column)
    #expect(error.isRowProblem)
    let expected = "\(path):3: \(c.message)" + (row.map { " (\($0))" } ?? "") + "; \(c.fix)"
    #expect(error.description == expected)
}

@Test("skip policy keeps the good rows and reports the bad one", arguments: cases)
func skipPolicyReportsTheRow(_ c: BadRowCase) throws {
    let path = Fixtures.path("bad/\(c.fixture).csv")
    let result = try BarLoader.load(path: path, badRows: .skip)
    let series = try #require(result.series.first)
    #expect(series.count == 2)
    #expect(result.report.barsLoaded == 2)
    #expect(result.report.rowsRead == (c.fixture == "blank" ? 2 : 3))
    #expect(result.report.skipped.count == 1)
    let skipped = try #require(result.report.skipped.first)
    #expect(skipped.line == 3)
    #expect(skipped.kind == c.kind)
    #expect(skipped.message == c.message)
    #expect(result.report.summary.contains("skipped \(path):3: \(c.message)"))
}

@Test func fileLevelProblemsAreErrorsUnderBothPolicies() throws {
    for policy in BadRowPolicy.allCases {
        let headerOnly = Fixtures.path("bad/headeronly.csv")
        let e1 = try #require(throws: DataError.self) { try BarLoader.load(path: headerOnly, badRows: policy) }
        #expect(e1.description == "\(headerOnly): the file has a header but no rows; add bars below the header, or remove the file")
        let empty = Fixtures.path("bad/empty.csv")
        let e2 = try #require(throws: DataError.self) { try BarLoader.load(path: empty, badRows: policy) }
        #expect(e2.kind == .emptyFile)
        let header = Fixtures.path("bad/header.csv")
        let e3 = try #require(throws: DataError.self) { try BarLoader.load(path: header, badRows: policy) }
        #expect(e3.kind == .badHeader)
        #expect(e3.description.hasPrefix("\(header):1: unexpected header \"Date,Open,High,Low,Close,Adj Close,Volume\"; "))
    }
}

@Test func allRowsBadIsAnErrorEvenWhenSkipping() throws {
    let path = Fixtures.path("bad/allbad.csv")
    let error = try #require(throws: DataError.self) { try BarLoader.load(path: path, badRows: .skip) }
    #expect(error.kind == .noRows)
    #expect(error.description.contains("all 1 rows are bad (first: \(path):2: high 9 is below low 11"))
}

@Test func aSkippedRowDoesNotBecomeThePreviousTime() throws {
    // The unsorted row (2020-01-01) is skipped, so line 4 is compared with line 2 and kept.
    let result = try BarLoader.load(path: Fixtures.path("bad/unsorted.csv"), badRows: .skip)
    #expect(result.series[0].times.map { ISOTimestamp.dateText(utc: $0) } == ["2020-01-02", "2020-01-06"])
}

/// Issue 12: a row's text is echoed in the error, and a terminal would run the escape
/// sequences in it (here: clear the screen, turn red). They are shown as `\x1B`, not sent.
@Test func controlCharactersOfARowAreShownNotSent() throws {
    let path = Fixtures.path("bad/escape.csv")
    let error = try #require(throws: DataError.self) { try BarLoader.load(path: path) }
    #expect(error.kind == .badNumber)
    #expect(error.description == #"\#(path):3: close is not a number: "\x1B[2J\x1B[31m11" (2020-01-03,10.5,12,10,\x1B[2J\x1B[31m11,1100); write a plain decimal number such as 123.45"#)
    #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
}

/// The bounds are the same for every source: a series that skipped the CSV parser is checked
/// with the same rules (what `BarStore` reads and what `algobot data fetch` stores).
@Test func barBoundsAreDocumentedFigures() {
    #expect(BarCheck.problem(open: 700_000, high: 710_000, low: 690_000, close: 705_000, volume: 300) == nil, "BRK.A")
    #expect(BarCheck.problem(open: 0.00001, high: 0.00001, low: 0.00001, close: 0.00001, volume: 1e13) == nil)
    #expect(BarCheck.problem(open: 1, high: 1e9 * 1.5, low: 1, close: 1, volume: 1)?.kind == .priceOutOfRange)
    #expect(BarCheck.problem(open: 1e-7, high: 1, low: 1e-7, close: 1, volume: 1)?.kind == .priceOutOfRange)
    #expect(BarCheck.problem(open: 1, high: 1, low: 1, close: 1, volume: .infinity)?.kind == .volumeOutOfRange)
    #expect(BarCheck.problem(open: 1, high: 1, low: 1, close: 1, volume: .nan)?.kind == .volumeOutOfRange)
}
