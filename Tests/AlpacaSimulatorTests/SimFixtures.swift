import Foundation
import MarketData
@testable import AlpacaSimulator
import Vocabulary

/// Test data from `Tests/Fixtures/sim/`, found relative to this file.
enum SimFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sim")

    /// An Alpaca fixture (copied from shared/alpaca/fixtures).
    static func alpaca(_ name: String) throws -> JSONValue {
        let data = try Data(contentsOf: root.appendingPathComponent("alpaca/\(name)"))
        guard let value = JSONValue.parse(data) else { throw CocoaError(.fileReadCorruptFile) }
        return value
    }

    /// The body of one scenario in errors.json.
    static func errorBody(_ scenario: String) throws -> JSONValue {
        try alpaca("errors.json")[scenario]?["body"] ?? .null
    }

    /// The HTTP status of one scenario in errors.json.
    static func errorStatus(_ scenario: String) throws -> Int {
        Int(try alpaca("errors.json")[scenario]?["http_status"]?.intValue ?? 0)
    }

    /// Reads `date,open,high,low,close,volume` or `timestamp,…` CSV (a few lines of test code;
    /// the real loader lives in MarketData).
    static func bars(_ file: String, symbol: String) throws -> BarSeries {
        let text = try String(contentsOf: root.appendingPathComponent("bars/\(file)"), encoding: .utf8)
        var series = BarSeries(symbol: symbol)
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            if f[0].count == 10 {
                let p = f[0].split(separator: "-").map { Int($0)! }
                series.times.append(CivilDate.days(year: p[0], month: p[1], day: p[2]) * 86400)
            } else {
                let micros = TimeText.parse(f[0])!
                series.times.append(micros / 1_000_000)
                let zone = f[0].suffix(6)   // "-04:00"
                let hours = Int32(zone.dropFirst().prefix(2))!
                series.utcOffsets.append((zone.first == "-" ? -1 : 1) * hours * 3600)
            }
            series.open.append(Double(f[1])!)
            series.high.append(Double(f[2])!)
            series.low.append(Double(f[3])!)
            series.close.append(Double(f[4])!)
            series.volume.append(Double(f[5])!)
        }
        return series
    }

    static func daily() throws -> [BarSeries] {
        [try bars("SPY.csv", symbol: "SPY"), try bars("AAPL.csv", symbol: "AAPL")]
    }

    /// A small hand-made daily series with round prices, for exact cash arithmetic.
    static func roundNumbers(symbol: String = "TEST", closes: [Double], startDay: (Int, Int, Int) = (2024, 1, 2)) -> BarSeries {
        var series = BarSeries(symbol: symbol)
        var day = CivilDate.days(year: startDay.0, month: startDay.1, day: startDay.2)
        for (index, close) in closes.enumerated() {
            while CivilDate.isWeekend(day) { day += 1 }
            series.times.append(day * 86400)
            let open = index == 0 ? close : closes[index - 1] + 1
            series.open.append(open)
            series.high.append(max(open, close) + 2)
            series.low.append(min(open, close) - 2)
            series.close.append(close)
            series.volume.append(1000)
            day += 1
        }
        return series
    }
}
