import Foundation
import GRDB
import Testing
@testable import MarketData
import Vocabulary

/// A store in a fresh temporary folder, removed by `cleanUp()`.
private struct TemporaryStore {
    let folder: String
    let path: String
    let store: BarStore

    init(name: String = "bars.sqlite") throws {
        folder = try Fixtures.temporaryFolder()
        path = folder + "/" + name
        store = try BarStore(path: path)
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: folder) }
}

@Test func sqliteRoundTripEqualsCSVForBundledData() throws {
    let t = try TemporaryStore()
    defer { t.cleanUp() }
    let imported = try t.store.import(csvPath: Fixtures.bundledDaily)
    let fromCSV = try BarLoader.load(path: Fixtures.bundledDaily)
    #expect(imported.map(\.symbol) == fromCSV.series.map(\.symbol))
    #expect(imported.map(\.counts.inserted) == fromCSV.series.map(\.count))
    let fromStore = try BarLoader.load(path: t.path)
    #expect(fromStore.series == fromCSV.series)
    #expect(fromStore.files == [t.path])
    let filteredCSV = try BarLoader.load(path: Fixtures.bundledDaily, symbols: ["SPY", "QQQ"], from: "2015-01-01", to: "2015-12-31")
    let filteredStore = try BarLoader.load(path: t.path, symbols: ["SPY", "QQQ"], from: "2015-01-01", to: "2015-12-31")
    #expect(filteredStore.series == filteredCSV.series)
    #expect(filteredStore.series[1].count == 252)
}

@Test func sqliteRoundTripEqualsCSVForIntradayBars() throws {
    let t = try TemporaryStore(name: "bars.data")  // detected by its header, not its extension
    defer { t.cleanUp() }
    var files = [Fixtures.path("intraday_mixed.csv"), Fixtures.path("folder/CCC_2020-01-03_2020-01-06_rth.csv")]
    if let shared = Fixtures.sharedData { files.append(shared + "/minute/SPY_2013-10-04_2013-10-11_rth.csv") }
    for file in files {
        let csv = try BarLoader.load(path: file)
        _ = try t.store.import(csvPath: file, timeframe: "1Min")
        let stored = try BarLoader.load(path: t.path, symbols: [csv.series[0].symbol], timeframe: "1Min")
        #expect(stored.series == csv.series)
        let firstDay = String(csv.series[0].timeText(0).prefix(10))
        let csvDay = try BarLoader.load(path: file, from: firstDay, to: firstDay)
        let storedDay = try BarLoader.load(path: t.path, symbols: [csv.series[0].symbol], from: firstDay, to: firstDay,
                                           timeframe: "1Min")
        #expect(storedDay.series == csvDay.series)
        #expect(csvDay.series[0].count < csv.series[0].count)
    }
}

@Test func importIsIdempotentAndUpsertCountsChanges() throws {
    let t = try TemporaryStore()
    defer { t.cleanUp() }
    let file = Fixtures.path("folder/AAA.csv")
    let first = try t.store.import(csvPath: file)
    #expect(first == [ImportResult(file: file, symbol: "AAA", timeframe: "1Day",
                                   counts: UpsertCounts(inserted: 3, updated: 0, unchanged: 0), skipped: [])])
    let second = try t.store.import(csvPath: file)
    #expect(second[0].counts == UpsertCounts(inserted: 0, updated: 0, unchanged: 3))

    var series = try t.store.series(symbol: "AAA")
    series.close[1] = 11.5
    series.times.append(series.times[2] + 86400)
    for column in [\BarSeries.open, \.high, \.low, \.close, \.volume] { series[keyPath: column].append(series[keyPath: column][2]) }
    #expect(try t.store.upsert(series, timeframe: "1Day") == UpsertCounts(inserted: 1, updated: 1, unchanged: 2))
    #expect(try t.store.series(symbol: "AAA") == series)
}

@Test func skippedRowsAreReportedByImport() throws {
    let t = try TemporaryStore()
    defer { t.cleanUp() }
    let result = try t.store.import(csvPath: Fixtures.path("bad/highlow.csv"), badRows: .skip)
    #expect(result[0].counts.inserted == 2)
    #expect(result[0].skipped.map(\.line) == [3])
    #expect(throws: DataError.self) { try t.store.import(csvPath: Fixtures.path("bad/highlow.csv")) }
}

@Test func coverageSymbolsAndMissingRanges() throws {
    let t = try TemporaryStore()
    defer { t.cleanUp() }
    _ = try t.store.import(csvPath: Fixtures.path("folder/bbb.csv"))
    _ = try t.store.import(csvPath: Fixtures.path("folder/AAA.csv"))
    _ = try t.store.import(csvPath: Fixtures.path("folder/CCC_2020-01-03_2020-01-06_rth.csv"), timeframe: "1Min")
    #expect(try t.store.symbols() == ["AAA", "BBB"])
    #expect(try t.store.symbols(timeframe: "1Min") == ["CCC"])
    #expect(try t.store.timeframes() == ["1Day", "1Min"])
    let day = { (d: Int) in CivilDate.days(year: 2020, month: 1, day: d) * 86400 }
    let coverage = try #require(try t.store.coverage(symbol: "AAA", timeframe: "1Day"))
    #expect(coverage.first == day(2))
    #expect(coverage.last == day(6))
    #expect(coverage.count == 3)
    #expect(try t.store.coverage(symbol: "ZZZ", timeframe: "1Day") == nil)
    let missing = try t.store.missingRanges(symbol: "AAA", timeframe: "1Day", from: day(1), to: day(10))
    #expect(missing.map { [$0.from, $0.to] } == [[day(1), day(2) - 1], [day(6) + 1, day(10)]])
    #expect(try t.store.missingRanges(symbol: "AAA", timeframe: "1Day", from: day(2), to: day(6)).isEmpty)
    #expect(try t.store.missingRanges(symbol: "ZZZ", timeframe: "1Day", from: day(1), to: day(3)).map { [$0.from, $0.to] }
        == [[day(1), day(3)]])
}

@Test func upsertRefusesBadOrMismatchedSeries() throws {
    let t = try TemporaryStore()
    defer { t.cleanUp() }
    let intraday = try BarLoader.load(path: Fixtures.path("intraday_mixed.csv")).series[0]
    let e1 = try #require(throws: DataError.self) { try t.store.upsert(intraday, timeframe: "1Day") }
    #expect(e1.message == "INTRADAY has intraday bars, not 1Day bars")
    var bad = try BarLoader.load(path: Fixtures.path("crlf_bom.csv")).series[0]
    bad.high[1] = 9
    let e2 = try #require(throws: DataError.self) { try t.store.upsert(bad, timeframe: "1Day") }
    #expect(e2.message == "CRLF bars: bar 2020-01-03: high 9 is below low 10")
    try t.store.upsert(intraday, timeframe: "1Hour")
    let daily = BarSeries(symbol: "INTRADAY", times: [0], open: [1], high: [1], low: [1], close: [1], volume: [0])
    let e3 = try #require(throws: DataError.self) { try t.store.upsert(daily, timeframe: "1Hour") }
    #expect(e3.kind == .badSeries)
}

@Test func loaderErrorsForAStore() throws {
    let t = try TemporaryStore()
    defer { t.cleanUp() }
    let empty = try #require(throws: DataError.self) { try BarLoader.load(path: t.path) }
    #expect(empty.message == "the database has no 1Day bars")
    _ = try t.store.import(csvPath: Fixtures.path("folder/AAA.csv"))
    let wrongFrame = try #require(throws: DataError.self) { try BarLoader.load(path: t.path, timeframe: "1Min") }
    #expect(wrongFrame.message == "the database has no 1Min bars (it has 1Day)")
    let unknown = try #require(throws: DataError.self) { try BarLoader.load(path: t.path, symbols: ["AAB"]) }
    #expect(unknown.message == "unknown symbol AAB; the data has AAA; did you mean AAA?")
    let outside = try #require(throws: DataError.self) { try BarLoader.load(path: t.path, from: "2021-01-01") }
    #expect(outside.message == "AAA has no bars from 2021-01-01 to the end; its data covers 2020-01-02 to 2020-01-06")
}

@Test func aFileWithTheSQLiteHeaderButNoDatabaseIsAnError() throws {
    let folder = try Fixtures.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/broken.sqlite"
    try Data("SQLite format 3\0".utf8 + [UInt8](repeating: 7, count: 200)).write(to: URL(fileURLWithPath: path))
    let error = try #require(throws: DataError.self) { try BarLoader.load(path: path) }
    #expect(error.kind == .database || error.kind == .notBarStore)
}

/// Two stretches of SPY imported years apart: a fetch over the whole span must ask for the
/// years between, but not for weekends, holidays or the week the market shut after 9/11.
@Test func missingRangesFindHolesLongerThanAWeek() throws {
    let t = try TemporaryStore()
    defer { t.cleanUp() }
    let spy = try BarLoader.load(path: Fixtures.bundledDaily, symbols: ["SPY"]).series[0]
    func part(_ from: String, _ to: String) throws -> BarSeries {
        try BarLoader.load(path: Fixtures.bundledDaily, symbols: ["SPY"], from: from, to: to).series[0]
    }
    _ = try t.store.upsert(try part("2001-01-01", "2001-12-31"), timeframe: "1Day")
    _ = try t.store.upsert(try part("2004-01-01", "2004-12-31"), timeframe: "1Day")
    let day = { (y: Int, m: Int, d: Int) in CivilDate.days(year: y, month: m, day: d) * 86400 }
    let first = day(2001, 1, 2), lastOf2001 = day(2001, 12, 31), firstOf2004 = day(2004, 1, 2), last = day(2004, 12, 31)
    #expect(spy.times.contains(day(2001, 9, 10)) && spy.times.contains(day(2001, 9, 17)) && !spy.times.contains(day(2001, 9, 11)))

    let whole = try t.store.missingRanges(symbol: "SPY", timeframe: "1Day", from: day(2000, 6, 1), to: day(2005, 6, 30))
    #expect(whole.map { [$0.from, $0.to] } == [[day(2000, 6, 1), first - 1], [lastOf2001 + 1, firstOf2004 - 1],
                                               [last + 1, day(2005, 6, 30)]])
    // Only the part of a hole inside the request; none where the request stays inside a stretch.
    let inside = try t.store.missingRanges(symbol: "SPY", timeframe: "1Day", from: day(2002, 3, 1), to: day(2004, 6, 1))
    #expect(inside.map { [$0.from, $0.to] } == [[day(2002, 3, 1), firstOf2004 - 1]])
    #expect(try t.store.missingRanges(symbol: "SPY", timeframe: "1Day", from: first, to: lastOf2001).isEmpty)
    #expect(try t.store.missingRanges(symbol: "SPY", timeframe: "1Day", from: day(2002, 1, 1), to: day(2003, 1, 1))
        .map { [$0.from, $0.to] } == [[day(2002, 1, 1), day(2003, 1, 1)]])
}

/// Issue 12, defect 5: a database written by other means is read without trusting it. A bar
/// out of range, a NULL or an impossible offset is a located error, never a crash or an "inf".
@Test func aStoreWithBadBarsIsAnErrorNotACrash() throws {
    let t = try TemporaryStore()
    defer { t.cleanUp() }
    _ = try t.store.import(csvPath: Fixtures.path("folder/AAA.csv"))
    let day = try #require(try t.store.coverage(symbol: "AAA")).last + 86_400 * 3
    try t.store.queue.write { db in
        try db.execute(sql: "INSERT INTO bars VALUES ('AAA', '1Day', \(day), NULL, 10, 11, 9, 10.5, 1e21)")
    }
    let huge = try #require(throws: DataError.self) { try BarLoader.load(path: t.path) }
    #expect(huge.kind == .badSeries)
    #expect(huge.description.contains("AAA 1Day bars: bar \(ISOTimestamp.dateText(utc: day)): volume 1e+21 is out of range"))

    // A bars table without the store's NOT NULL constraints, as another program might make it.
    let other = t.folder + "/other.sqlite"
    try DatabaseQueue(path: other).write { db in
        try db.execute(sql: """
            CREATE TABLE bars (symbol TEXT, timeframe TEXT, t INTEGER, utc_offset INTEGER, open REAL, high REAL,
                               low REAL, close REAL, volume REAL);
            INSERT INTO bars VALUES ('AAA', '1Day', \(day), NULL, NULL, 11, 9, 10.5, 100);
            """)
    }
    let missing = try #require(throws: DataError.self) { try BarLoader.load(path: other) }
    #expect(missing.message == "AAA 1Day bar 1 has a missing or impossible value")
}
