import Foundation
import Testing
@testable import MarketData
import Vocabulary

/// A file larger than the parser's release step (it hands the pages it has read back as it
/// goes): the bars are those of the same bytes parsed in memory, and an error late in the
/// file still quotes the row before it.
@Suite struct LargeFileTests {
    static let start = CivilDate.days(year: 2020, month: 1, day: 2) * 86_400 + 14 * 3600 + 30 * 60

    /// `rows` one-minute bars from 2020-01-02 09:30 −05:00, about 60 bytes a row; row `bad`
    /// (if any) is two minutes earlier than it should be.
    static func text(rows: Int, unsortedAt bad: Int? = nil) -> String {
        var out = "timestamp,open,high,low,close,volume\n"
        out.reserveCapacity(rows * 64)
        for i in 0..<rows {
            let t = start + Int64(i == bad ? i - 2 : i) * 60
            let close = 100 + Double(i % 97) / 100
            out += "\(ISOTimestamp.text(t, offset: -18_000)),\(close),\(close + 0.5),\(close - 0.5),\(close),\(1000 + i % 13)\n"
        }
        return out
    }

    static func write(_ text: String) throws -> (folder: String, file: String) {
        let folder = try Fixtures.temporaryFolder()
        let file = folder + "/BIG.csv"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return (folder, file)
    }

    @Test func aMappedFileGivesTheBarsOfItsBytes() throws {
        let text = Self.text(rows: 150_000)
        #expect(text.utf8.count > 2 * CSVBarParser.releaseStep)
        let (folder, file) = try Self.write(text)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let loaded = try #require(try BarLoader.load(path: file).series.first)
        let parser = CSVBarParser(file: file, symbol: "BIG", policy: .fail, days: try DayRange(from: nil, to: nil, file: file))
        let inMemory = try Array(text.utf8).withUnsafeBufferPointer { try parser.parse($0) }
        #expect(loaded == inMemory.series)
        #expect(loaded.count == 150_000)
        #expect(loaded.timeText(149_999) == ISOTimestamp.text(loaded.times[149_999], offset: -18_000))
    }

    @Test func anErrorAfterTheReleasedPagesQuotesTheRowBefore() throws {
        let (folder, file) = try Self.write(Self.text(rows: 150_000, unsortedAt: 149_000))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = try #require(throws: DataError.self) { try BarLoader.load(path: file) }
        let before = ISOTimestamp.text(Self.start + 148_999 * 60, offset: -18_000)
        #expect(error.line == 149_002)
        #expect(error.description.contains("is earlier than \(before) on line 149001"), "\(error.description)")
    }

    @Test func anEmptyFileIsStillEmpty() throws {
        let (folder, file) = try Self.write("")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = try #require(throws: DataError.self) { try BarLoader.load(path: file) }
        #expect(error.kind == .emptyFile)
    }
}
