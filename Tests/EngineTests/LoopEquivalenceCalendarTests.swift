@testable import Engine
import MarketData
import Testing

/// Calendar values are columns worked out before the run (`InputColumns`) and copied into
/// the strategy each bar: blocks, bar by bar and the several-symbol loop see the same values.
extension LoopEquivalenceTests {
    /// Hourly bars across the spring switch to summer time (2020-03-08), with a crossing of
    /// a calendar value (its previous bar) and an average over one.
    static let calendarStrategy = """
        timeframe: 1Hour
        rules:
          - id: monday-to-thursday
            when: position == 0 and day_of_week < 5 and hour >= 10 and close > sma(close, 5)
            action: buy
            size: { percent_of_equity: 80 }
          - id: afternoon
            when: crosses_above(hour, 13) or (day_of_month > 25 and sma(minute, 3) > 10)
            action: sell_all
        """

    @Test func calendarValuesAgree() throws {
        let daily = walk(3_500, seed: 21)
        var hourly = BarSeries(symbol: "SYM")
        for i in 0..<daily.count {
            // Seven bars a day from 09:30 New York time, written in UTC: the wall clock moves
            // by an hour at each switch, the instants do not.
            let day = Int64(i / 7), bar = Int64(i % 7)
            hourly.times.append(1_577_975_400 + day * 86_400 + bar * 3_600)
            hourly.utcOffsets.append(0)
            hourly.open.append(daily.open[i]); hourly.high.append(daily.high[i]); hourly.low.append(daily.low[i])
            hourly.close.append(daily.close[i]); hourly.volume.append(daily.volume[i])
        }
        for (policyName, policy) in Self.policies {
            let reference = try run(Self.calendarStrategy, policy: policy, series: [hourly], settings: ExecutionSettings(), loop: .barByBar)
            #expect(reference.0.orders.count > 20, "\(policyName): the test needs orders")
            for size in [8, 64] {
                expectSame(try run(Self.calendarStrategy, policy: policy, series: [hourly], settings: ExecutionSettings(),
                                   loop: .automatic, blockSize: size), reference, "calendar / \(policyName) / blocks of \(size)")
            }
            expectSame(try run(Self.calendarStrategy, policy: policy, series: [hourly], settings: ExecutionSettings(), loop: .general),
                       reference, "calendar / \(policyName) / general")
        }
    }
}
