import Vocabulary

/// The result of a sweep (or of a shard, or of merged shards): every combination's record,
/// the ranking by the metric, the best, how its neighbours did, and its deflated Sharpe
/// ratio. Everything is derived from the header and the records, which is what the JSON
/// holds, so a merge of shards gives the same report as one run.
public struct SweepReport: Sendable {
    public let header: SweepHeader
    /// By combination number.
    let records: [SweepRecord]
    /// Positions into `records`, best first.
    let ranking: [Int]
    /// Of the best, by the metric; nil when nothing ran.
    public let deflatedSharpe: DeflatedSharpe?
    /// The metric of the combinations next to the best in the grid (each param one value
    /// away or the same): a lone peak among poor neighbours is luck.
    public let neighbours: (count: Int, median: Double?)

    package init(header: SweepHeader, records: [SweepRecord]) {
        self.header = header
        let sorted = records.sorted { $0.index < $1.index }
        self.records = sorted
        let ranking = SweepRanking.rank(sorted, by: header.metric)
        self.ranking = ranking
        guard let first = ranking.first else {
            deflatedSharpe = nil
            neighbours = (0, nil)
            return
        }
        let best = sorted[first]
        deflatedSharpe = DeflatedSharpe(trials: sorted.count, sharpes: sorted.compactMap(\.returns.sharpe), best: best.returns)
        neighbours = Self.neighbours(of: best, in: sorted, header: header)
    }

    public var best: SweepRecordView? { ranking.first.map { SweepRecordView(record: records[$0], names: header.params.map(\.name)) } }

    /// Combinations run (in this shard, or in all).
    public var count: Int { records.count }

    private static func neighbours(of best: SweepRecord, in records: [SweepRecord], header: SweepHeader) -> (count: Int, median: Double?) {
        func place(_ r: SweepRecord) -> [Int] { zip(header.params, r.values).map { p, v in p.values.firstIndex(of: v) ?? -1 } }
        let centre = place(best)
        var values: [Double] = []
        var count = 0
        for record in records where record.index != best.index {
            let at = place(record)
            guard zip(at, centre).allSatisfy({ abs($0 - $1) <= 1 }) else { continue }
            count += 1
            if let v = record.figure(header.metric) { values.append(v) }
        }
        values.sort()
        guard !values.isEmpty else { return (count, nil) }
        let mid = values.count / 2
        return (count, values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2)
    }
}

/// A combination as the outputs show it.
public struct SweepRecordView: Sendable {
    package let record: SweepRecord
    let names: [String]

    public var index: Int { record.index }
    public var params: [(name: String, value: Double)] { zip(names, record.values).map { ($0, $1) } }
    public func figure(_ key: String) -> Double? { record.figure(key) }
    public var objections: Int { record.objections }
    public var summary: JSONValue { record.summary }
}
