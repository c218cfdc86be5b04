#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import MarketData

/// A CSV cut short by another program while algobot has it mapped (a script's `> SPY.csv`, an
/// editor saving over it) must not end the process with SIGBUS: the pages past the new end
/// read as zeros, and the load says the file changed while it was read.
@Suite struct CutShortFileTests {
    /// A 20,000-row file (about 1.2 MB), mapped, then cut to a tenth of its size.
    static func mappedThenCut() throws -> (folder: String, file: String, mapped: MappedFile, kept: Int) {
        let (folder, file) = try LargeFileTests.write(LargeFileTests.text(rows: 20_000))
        let mapped = try #require(MappedFile(path: file))
        let kept = mapped.bytes.count / 10
        #expect(truncate(file, off_t(kept)) == 0)
        return (folder, file, mapped, kept)
    }

    @Test func readsPastTheNewEndGiveZerosAndSaySo() throws {
        let (folder, _, mapped, kept) = try Self.mappedThenCut()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(!mapped.wasCutShort)
        #expect(mapped.bytes[0] == UInt8(ascii: "t"))           // still the file: "timestamp,…"
        #expect(mapped.bytes[mapped.bytes.count - 1] == 0)       // a page that is gone
        #expect(mapped.bytes[kept + 3 * 4096] == 0)
        #expect(mapped.wasCutShort)
    }

    @Test func theLoadSaysTheFileChanged() throws {
        let (folder, file, mapped, _) = try Self.mappedThenCut()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let parser = CSVBarParser(file: file, symbol: "BIG", policy: .fail, days: try DayRange(from: nil, to: nil, file: file))
        #expect {
            try BarLoader.parse(mapped, with: parser, path: file)
        } throws: { error in
            (error as? DataError)?.kind == .changedWhileRead
                && "\(error)".contains("cut short while it was read")
        }
    }

    /// Mappings that were not cut, before and after one that was, load as before.
    @Test func anUncutFileLoadsAsBefore() throws {
        let (folder, file) = try LargeFileTests.write(LargeFileTests.text(rows: 2_000))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let series = try #require(try BarLoader.load(path: file).series.first)
        #expect(series.count == 2_000)
    }
}
