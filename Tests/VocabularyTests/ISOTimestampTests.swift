import Foundation
import Testing
import Vocabulary

/// The one fixed-layout ISO 8601 / RFC 3339 reader and writer.
@Suite struct ISOTimestampTests {
    private let everything: ISOTimestamp.Forms = [.date, .minutes, .fraction, .noZone, .compactOffset]
    private let march8 = CivilDate.days(year: 2024, month: 3, day: 8)

    @Test func readsEachPart() throws {
        let date = try #require(ISOTimestamp("2024-03-08", accepting: .date))
        #expect(date == ISOTimestamp(day: march8, secondOfDay: nil, offset: nil))
        #expect(date.seconds() == march8 * 86_400)
        let full = try #require(ISOTimestamp("2024-03-08T09:30:05.123456789-05:00", accepting: .fraction))
        #expect(full == ISOTimestamp(day: march8, secondOfDay: 34_205, nanoseconds: 123_456_789, offset: -18_000))
        #expect(full.seconds() == march8 * 86_400 + 34_205 + 18_000)
        #expect(ISOTimestamp("2024-03-08T09:30:05.5Z", accepting: .fraction)?.nanoseconds == 500_000_000)
        // Digits after the ninth are ignored, not rounded.
        #expect(ISOTimestamp("2024-03-08T09:30:05.1234567899Z", accepting: .fraction)?.nanoseconds == 123_456_789)
        #expect(ISOTimestamp("2024-03-08t09:30:05z", accepting: [])?.offset == 0)
        #expect(ISOTimestamp("2024-03-08 09:30:05+0530", accepting: .compactOffset)?.offset == 19_800)
        #expect(ISOTimestamp("2024-03-08T09:30Z", accepting: .minutes)?.secondOfDay == 34_200)
        let naive = try #require(ISOTimestamp("2024-03-08T09:30:00", accepting: .noZone))
        #expect(naive.offset == nil)
        #expect(naive.seconds() == march8 * 86_400 + 34_200)
        #expect(naive.seconds(assumingOffset: -14_400) == march8 * 86_400 + 34_200 + 14_400)
        #expect(ISOTimestamp.day("2000-02-29") == CivilDate.days(year: 2000, month: 2, day: 29))
        #expect(ISOTimestamp.day("2000-02-29T00:00:00Z") == nil)
    }

    @Test func readsOnlyTheFormsItIsGiven() {
        #expect(ISOTimestamp("2024-03-08", accepting: .fraction) == nil)
        #expect(ISOTimestamp("2024-03-08T09:30Z", accepting: .fraction) == nil)
        #expect(ISOTimestamp("2024-03-08T09:30:05.5Z", accepting: .noZone) == nil)
        #expect(ISOTimestamp("2024-03-08T09:30:05", accepting: .fraction) == nil)
        #expect(ISOTimestamp("2024-03-08T09:30:05+0530", accepting: .noZone) == nil)
    }

    /// Every field is range-checked. Before, the Alpaca, simulator and runtime readers took
    /// any day 1–31 (2024-02-30 became March 1st) and the simulator's any hour; the audit and
    /// Alpaca readers took a 60th second.
    @Test(arguments: ["2024-02-30", "2023-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-03-00",
                      "2024-02-30T10:00:00Z", "2024-03-08T24:00:00Z", "2024-03-08T09:60:00Z", "2024-03-08T09:30:60Z",
                      "2024-03-08T09:30:00+19:00", "2024-03-08T09:30:00+05:60", "2024-03-08T09:30:00.Z",
                      "2024-03-08T09:30:00Zx", "2024-03-08T09:30:00+05:3", "2024-03-08T09:30:00-05:00:00",
                      "2024-3-08", "2024-03-8", "2024/03/08", "2024-03-08X09:30:00Z", "2024-03-08T", "", "yesterday",
                      "٢٠٢٤-03-08"])
    func refusesWhatIsNotARealTime(_ text: String) {
        #expect(ISOTimestamp(text, accepting: everything) == nil, "accepted \(text)")
    }

    @Test func readsFromBytesInPlace() {
        var row = Array("2013-10-07T09:30:00-04:00,1,2,3".utf8)
        let parsed = row.withUnsafeMutableBufferPointer { buffer in
            ISOTimestamp.parse(UnsafePointer(buffer.baseAddress!), count: 25, accepting: [])
        }
        #expect(parsed?.seconds() == 1_381_152_600)
        #expect(parsed?.offset == -14_400)
        let day = row.withUnsafeMutableBufferPointer { ISOTimestamp.date(UnsafePointer($0.baseAddress!)) }
        #expect(day == CivilDate.days(year: 2013, month: 10, day: 7))
    }

    @Test func writesTheFixedLayouts() {
        let t = march8 * 86_400 + 14 * 3600 + 30 * 60 + 5
        #expect(ISOTimestamp.dateText(day: march8) == "2024-03-08")
        #expect(ISOTimestamp.dateText(utc: t) == "2024-03-08")
        #expect(ISOTimestamp.utcText(t) == "2024-03-08T14:30:05Z")
        #expect(ISOTimestamp.text(t) == "2024-03-08T14:30:05+00:00")
        #expect(ISOTimestamp.text(t, offset: -18_000) == "2024-03-08T09:30:05-05:00")
        #expect(ISOTimestamp.text(t, offset: 19_800, zulu: true) == "2024-03-08T20:00:05+05:30")
        #expect(ISOTimestamp.text(t, zulu: true, fraction: 7, fractionDigits: 6) == "2024-03-08T14:30:05.000007Z")
        #expect(ISOTimestamp.text(t, offset: -14_400, fraction: 451_420_928, fractionDigits: 9) == "2024-03-08T10:30:05.451420928-04:00")
        #expect(ISOTimestamp.utcText(-1) == "1969-12-31T23:59:59Z")
        #expect(ISOTimestamp.utcText(Date(timeIntervalSince1970: -0.25)) == "1969-12-31T23:59:59Z")
        #expect(ISOTimestamp.dateText(day: CivilDate.days(year: 999, month: 1, day: 2)) == "0999-01-02")
        #expect(CivilDate(year: 12_024, month: 3, day: 8).text == "12024-03-08")
    }

    @Test func whatItWritesItReads() throws {
        for seconds in stride(from: Int64(-2_000_000_000), through: 4_000_000_000, by: 86_413 * 37) {
            for offset in [0, -18_000, -14_400, 19_800] {
                let stamp = try #require(ISOTimestamp(ISOTimestamp.text(seconds, offset: offset), accepting: []))
                #expect(stamp.seconds() == seconds && stamp.offset == offset)
            }
        }
    }
}
