import Foundation
import Vocabulary

/// `GET /v2/stocks/bars`, `/v2/stocks/{symbol}/bars` and the `latest` variants. Multi-symbol
/// results are ordered by symbol, then time; `limit` counts bars across all symbols; the page
/// token encodes the last bar returned (`SYM|D|2022-06-09T04:00:00.000000000Z`, base64).
enum BarsEndpoint {
    struct Page {
        var bars: [(symbol: String, bars: [OutputBar])]
        var nextPageToken: String?
    }

    static func multi(_ exchange: SimExchange, query: [String: String]) -> Result<JSONValue, APIError> {
        guard let symbolsText = query["symbols"], !symbolsText.isEmpty else { return .failure(.badRequest("missing symbols")) }
        let symbols = Array(Set(symbolsText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty })).sorted()
        return page(exchange, symbols: symbols, query: query).map { page in
            var bySymbol: [String: JSONValue] = [:]
            for entry in page.bars where !entry.bars.isEmpty { bySymbol[entry.symbol] = .array(entry.bars.map(\.json)) }
            return .object(["bars": .object(bySymbol), "next_page_token": .string(page.nextPageToken)])
        }
    }

    static func single(_ exchange: SimExchange, symbol: String, query: [String: String]) -> Result<JSONValue, APIError> {
        page(exchange, symbols: [symbol], query: query).map { page in
            let bars = page.bars.first?.bars ?? []
            return .object(["bars": bars.isEmpty ? .null : .array(bars.map(\.json)), "symbol": .string(symbol),
                            "next_page_token": .string(page.nextPageToken)])
        }
    }

    static func latest(_ exchange: SimExchange, symbol: String) -> OutputBar? {
        let timeline = exchange.timeline
        guard let s = timeline.seriesIndex[symbol] else { return nil }
        let count = timeline.visibleCount(series: s, step: exchange.cursor)
        guard count > 0 else { return nil }
        return nativeBar(timeline, series: s, index: count - 1)
    }

    static func nativeBar(_ timeline: SimTimeline, series s: Int, index: Int) -> OutputBar {
        let bars = timeline.series[s]
        return OutputBar(t: timeline.labelTime(ofBarTime: bars.times[index]), o: bars.open[index], h: bars.high[index],
                         l: bars.low[index], c: bars.close[index], v: bars.volume[index],
                         n: BarAggregator.tradeCount(bars.volume[index]),
                         vw: BarAggregator.typical(bars.high[index], bars.low[index], bars.close[index]))
    }

    static func page(_ exchange: SimExchange, symbols: [String], query: [String: String]) -> Result<Page, APIError> {
        let timeline = exchange.timeline
        guard let timeframeText = query["timeframe"] else { return .failure(.badRequest("missing timeframe")) }
        let timeframe: BarTimeframe
        switch BarTimeframe.parse(timeframeText) {
        case .success(let value): timeframe = value
        case .failure(let error): return .failure(error)
        }
        if let problem = timeframe.problem(for: timeline) { return .failure(.badRequest(problem)) }

        let today = timeline.date(ofStep: exchange.cursor)
        var start = NewYorkTime.instant(localDate: today, secondOfDay: 0) * TimeText.microsPerSecond
        if let text = query["start"] {
            guard let value = TimeText.parse(text) else { return .failure(.badRequest("invalid start: \(text)")) }
            start = value
        }
        var end = exchange.now
        if let text = query["end"] {
            guard let value = TimeText.parse(text, endOfDay: true) else { return .failure(.badRequest("invalid end: \(text)")) }
            end = value
        }
        var limit = 1000
        if let text = query["limit"] {
            guard let value = Int(text), (1...10000).contains(value) else { return .failure(.badRequest("invalid limit: \(text)")) }
            limit = value
        }
        let descending: Bool
        switch query["sort"] ?? "asc" {
        case "asc": descending = false
        case "desc": descending = true
        case let other: return .failure(.badRequest("invalid sort: \(other)"))
        }
        var after: (symbol: String, time: Int64)?
        if let token = query["page_token"], !token.isEmpty {
            guard let decoded = decodeToken(token) else { return .failure(.badRequest("invalid page_token")) }
            after = decoded
        }

        var result = Page(bars: [], nextPageToken: nil)
        var remaining = limit
        for symbol in symbols {
            if let after, symbol < after.symbol { continue }
            guard let s = timeline.seriesIndex[symbol] else { continue }
            let visible = timeline.visibleCount(series: s, step: exchange.cursor)
            var bars = BarAggregator.bars(timeline, series: s, visibleCount: visible, timeframe: timeframe, start: start, end: end)
            if descending { bars.reverse() }
            if let after, symbol == after.symbol {
                bars.removeAll { descending ? $0.t >= after.time : $0.t <= after.time }
            }
            guard !bars.isEmpty else { continue }
            if remaining == 0 {
                // The page is full and this symbol still has bars: point the token at the last one returned.
                if let last = result.bars.last, let bar = last.bars.last {
                    result.nextPageToken = encodeToken(symbol: last.symbol, unit: timeframe.unit, time: bar.t)
                }
                break
            }
            let taken = Array(bars.prefix(remaining))
            remaining -= taken.count
            result.bars.append((symbol, taken))
            if taken.count < bars.count {
                result.nextPageToken = encodeToken(symbol: symbol, unit: timeframe.unit, time: taken[taken.count - 1].t)
                break
            }
        }
        return .success(result)
    }

    static func encodeToken(symbol: String, unit: BarTimeframe.Unit, time: Int64) -> String {
        let stamp = String(TimeText.utcSeconds(time).dropLast()) + ".000000000Z"
        return Data("\(symbol)|\(unit.rawValue)|\(stamp)".utf8).base64EncodedString()
    }

    static func decodeToken(_ token: String) -> (symbol: String, time: Int64)? {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3, let micros = TimeText.parse(String(parts[2])) else { return nil }
        return (String(parts[0]), TimeText.seconds(micros))
    }
}
