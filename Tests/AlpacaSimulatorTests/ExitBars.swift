import MarketData
import Vocabulary

/// Daily bars with every open, high, low and close given, for exit tests that need a bar to
/// reach (or miss) a level by a known amount. Weekdays from 2024-01-02 on.
enum ExitBars {
    static func series(_ bars: [(open: Double, high: Double, low: Double, close: Double)], symbol: String = "TEST") -> BarSeries {
        var series = BarSeries(symbol: symbol)
        var day = CivilDate.days(year: 2024, month: 1, day: 2)
        for bar in bars {
            while CivilDate.isWeekend(day) { day += 1 }
            series.times.append(day * 86400)
            series.open.append(bar.open)
            series.high.append(bar.high)
            series.low.append(bar.low)
            series.close.append(bar.close)
            series.volume.append(1000)
            day += 1
        }
        return series
    }
}

extension SimHTTP {
    /// Submits an order with `fields` added to a 10-share day order of TEST.
    func order(_ fields: [String: Any], qty: String = "10", side: String = "buy") async throws -> Reply {
        var body: [String: Any] = ["symbol": "TEST", "qty": qty, "side": side, "type": "market", "time_in_force": "day"]
        body.merge(fields) { $1 }
        return try await post("/v2/orders", body)
    }

    /// One order's current JSON.
    func order(id: String, nested: Bool = false) async throws -> Reply {
        try await get("/v2/orders/\(id)" + (nested ? "?nested=true" : ""))
    }
}
