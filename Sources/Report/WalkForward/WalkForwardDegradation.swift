/// How much worse the chosen params do out of sample than on the span they were chosen on:
/// the mean of the metric over the windows' train spans (each the best of its sweep) and
/// over their test spans, taken over the windows that have both figures. `difference` is
/// signed so that more is worse (in-sample − out-of-sample; the other way round for
/// `max_drawdown_pct`, where lower is better), `percent` is it as a share of the in-sample mean.
public struct WalkForwardDegradation: Sendable, Equatable {
    public let windows: Int
    public let inSampleMean: Double?
    public let outOfSampleMean: Double?
    public let difference: Double?
    public let percent: Double?

    init(pairs: [(inSample: Double?, outOfSample: Double?)], lowerIsBetter: Bool) {
        let both = pairs.compactMap { p in p.inSample.flatMap { i in p.outOfSample.map { (i, $0) } } }
        windows = both.count
        guard !both.isEmpty else {
            inSampleMean = nil
            outOfSampleMean = nil
            difference = nil
            percent = nil
            return
        }
        let n = Double(both.count)
        let inside = both.reduce(0) { $0 + $1.0 } / n, outside = both.reduce(0) { $0 + $1.1 } / n
        inSampleMean = inside
        outOfSampleMean = outside
        let difference = lowerIsBetter ? outside - inside : inside - outside
        self.difference = difference
        percent = inside != 0 ? difference / abs(inside) * 100 : nil
    }
}
