import Foundation
import Testing
@testable import MarketData
import Vocabulary

@Test func folderLoadsEveryCSVSortedBySymbol() throws {
    let folder = Fixtures.path("folder")
    let result = try BarLoader.load(path: folder)
    #expect(result.series.map(\.symbol) == ["AAA", "BBB", "CCC"])
    #expect(result.files == [folder + "/AAA.csv", folder + "/bbb.csv", folder + "/CCC_2020-01-03_2020-01-06_rth.csv"])
    #expect(result.series.map(\.count) == [3, 2, 3])
    #expect(result.series.map(\.isDaily) == [true, true, false])
    #expect(result.report.rowsRead == 8)
    #expect(result.report.isClean)
}

@Test func symbolFilterIsCaseInsensitive() throws {
    let result = try BarLoader.load(path: Fixtures.path("folder"), symbols: ["ccc", " bbb"])
    #expect(result.series.map(\.symbol) == ["BBB", "CCC"])
    #expect(result.files.count == 2)
}

@Test func unknownSymbolListsTheAvailableOnesAndSuggests() throws {
    let folder = Fixtures.path("folder")
    let error = try #require(throws: DataError.self) { try BarLoader.load(path: folder, symbols: ["AAA", "BBX"]) }
    #expect(error.kind == .unknownSymbol)
    #expect(error.description == "\(folder): unknown symbol BBX; the data has AAA, BBB, CCC; did you mean BBB?; "
        + "ask for symbols the data has, or add BBX's bars to it")
    let far = try #require(throws: DataError.self) { try BarLoader.load(path: folder, symbols: ["QQQQQ"]) }
    #expect(!far.message.contains("did you mean"))
    let single = Fixtures.path("crlf_bom.csv")
    let one = try #require(throws: DataError.self) { try BarLoader.load(path: single, symbols: ["SPY"]) }
    #expect(one.message == "unknown symbol SPY; the data has CRLF")
}

@Test func dateFiltersAreInclusive() throws {
    let result = try BarLoader.load(path: Fixtures.path("folder"), symbols: ["AAA", "BBB"], from: "2020-01-03", to: "2020-01-06")
    #expect(result.series[0].times.map { ISOTimestamp.dateText(utc: $0) } == ["2020-01-03", "2020-01-06"])
    #expect(result.series[1].times.map { ISOTimestamp.dateText(utc: $0) } == ["2020-01-03"])
    #expect(result.report.rowsRead == 5)
    #expect(result.report.barsLoaded == 3)
}

@Test func twoFilesForOneSymbolIsAnError() throws {
    let folder = Fixtures.path("dupfolder")
    let error = try #require(throws: DataError.self) { try BarLoader.load(path: folder) }
    #expect(error.kind == .duplicateSymbol)
    #expect(error.message == "two files give symbol SPY: \(folder)/SPY.csv and \(folder)/spy_rth.csv")
}

@Test func folderWithoutCSVFilesIsAnError() throws {
    let folder = try Fixtures.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let error = try #require(throws: DataError.self) { try BarLoader.load(path: folder) }
    #expect(error.kind == .emptyFile)
}

