import Foundation
import MarketData
import Vocabulary

/// Test files in `Tests/Fixtures/runtime/`, found relative to this file.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/runtime")

    static func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// The package root (for the built `algobot` binary).
    static let packageRoot = root.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// Deterministic daily bars: a seeded random walk around 100 with ±3 % days, on weekdays
/// from 2024-01-02. Each open is the previous close moved by up to ±0.5 %.
enum SyntheticBars {
    static func daily(_ symbol: String, days: Int, seed: UInt64) -> BarSeries {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        func unit() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var series = BarSeries(symbol: symbol)
        var day = CivilDate.days(year: 2024, month: 1, day: 2)
        var close = 100.0
        for _ in 0..<days {
            while [2, 3].contains(Int(day % 7)) { day += 1 }
            let open = (close * (1 + (unit() - 0.5) * 0.01) * 100).rounded() / 100
            close = (open * (1 + (unit() - 0.5) * 0.06) * 100).rounded() / 100
            series.times.append(day * 86_400)
            series.open.append(open)
            series.high.append(max(open, close) + 0.5)
            series.low.append(min(open, close) - 0.5)
            series.close.append(close)
            series.volume.append(100_000)
            day += 1
        }
        return series
    }

    static func pair(days: Int) -> [BarSeries] {
        [daily("AAA", days: days, seed: 3), daily("BBB", days: days, seed: 8)]
    }
}

/// A fresh folder under the system temporary directory.
struct TempDir {
    let path: String

    init(_ label: String = "runtime") {
        path = NSTemporaryDirectory() + "algobot-\(label)-\(getpid())-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
