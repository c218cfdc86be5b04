import AlpacaSimulator
import Foundation
import MarketData
import Vocabulary

/// Starts the built-in simulator over bar files (for `algobot run`, `algobot sim`, `algobot data fetch`).
enum SimulatorLauncher {
    /// Bars for the simulator; `symbols` nil loads every file of a folder.
    static func load(data: String, symbols: [String]?) throws -> [BarSeries] {
        do {
            return try BarLoader.load(path: data, symbols: symbols).series
        } catch let error as DataError {
            throw CLIFailure("cannot load bars for the simulator: \(error.description)")
        }
    }

    /// Distinct bar times of all series, ascending (the simulator's steps).
    static func steps(_ series: [BarSeries]) -> [Int64] {
        Array(Set(series.flatMap(\.times))).sorted()
    }

    /// Where the clock starts when no date is given: about a trading year before the end of
    /// the data, leaving the bars before it as history to warm up on.
    static func defaultStartIndex(_ series: [BarSeries], lookback: Int, bars: Int = 250) -> Int {
        let count = steps(series).count
        guard count > 0 else { return 0 }
        return min(count - 1, max(lookback + 10, count - bars))
    }

    static func start(_ series: [BarSeries], config: SimulatorConfig) async throws -> (AlpacaSimulator, String) {
        let simulator: AlpacaSimulator
        do {
            simulator = try AlpacaSimulator(config: config, series: series)
        } catch let error as SimulatorError {
            throw CLIFailure("the simulator cannot start: \(error.description)")
        }
        do {
            let port = try await simulator.start()
            return (simulator, "http://127.0.0.1:\(port)")
        } catch {
            throw CLIFailure("the simulator cannot start: \(error)")
        }
    }

    /// `2020-03-02` (or the timestamp) of the simulator's first current bar, for messages.
    static func describeStart(_ series: [BarSeries], index: Int) -> String {
        let all = steps(series)
        guard index < all.count else { return "?" }
        let daily = series.allSatisfy(\.isDaily)
        return daily ? ISOTimestamp.dateText(utc: all[index]) : ISOTimestamp.utcText(all[index])
    }
}
