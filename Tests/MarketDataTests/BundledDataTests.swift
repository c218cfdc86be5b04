import Foundation
import Testing
@testable import MarketData

@Test func everyBundledFileLoadsWithoutErrors() throws {
    let expected = ["AAPL": 5849, "EEM": 4523, "GOOGL": 4183, "IBM": 5849, "IWM": 5244, "QQQ": 2523, "SPY": 5849]
    let result = try BarLoader.load(path: Fixtures.bundledDaily)  // .fail: any bad row throws
    #expect(result.series.map(\.symbol) == expected.keys.sorted())
    for series in result.series {
        #expect(series.count == expected[series.symbol], "\(series.symbol)")
        #expect(series.isDaily)
        #expect(series.timeText(series.count - 1) == "2021-03-31")
    }
    #expect(result.report.isClean)
    let spy = try #require(result.series.last)
    #expect(spy.timeText(0) == "1998-01-02")
    #expect(spy.close[0] == 97.36)
}

/// Loads every row of every bundled file, and of the shared data collection when it is beside
/// the repository, and checks each field against the standard library's `Double(String)`,
/// bit for bit, and each time against the text.
@Test func everyParsedFieldEqualsDoubleFromString() throws {
    var files = Fixtures.csvFiles(under: Fixtures.bundledDaily)
    if let shared = Fixtures.sharedData { files += Fixtures.csvFiles(under: shared) }
    var checkedRows = 0, mismatches = 0
    for file in files {
        let series = try #require(try BarLoader.load(path: file).series.first)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst()
        try #require(rows.count == series.count, "\(file)")
        for (i, row) in rows.enumerated() {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            let columns = [series.open, series.high, series.low, series.close, series.volume]
            for c in 0..<5 where columns[c][i].bitPattern != Double(String(fields[c + 1]))!.bitPattern {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("\(file):\(i + 2): column \(c + 1) parsed as \(columns[c][i]), expected \(fields[c + 1])")
                }
            }
            let time = String(fields[0])
            if series.isDaily || time.count == 25 {
                #expect(series.timeText(i) == time, "\(file):\(i + 2)")
            } else {
                #expect(series.timeText(i) == time.replacingOccurrences(of: " ", with: "T") + "+00:00", "\(file):\(i + 2)")
            }
            checkedRows += 1
        }
    }
    #expect(mismatches == 0)
    #expect(checkedRows >= 34_020)
}
