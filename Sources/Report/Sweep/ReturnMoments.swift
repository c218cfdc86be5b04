/// The per-bar returns of an equity curve in four numbers: how many, their Sharpe ratio
/// (mean / sample standard deviation, not annualised), skewness and kurtosis (3 for a
/// normal distribution, not the excess). The returns are those `Metrics` takes: each close
/// over the one before, the first over the starting cash. The deflated Sharpe ratio needs them.
public struct ReturnMoments: Sendable, Equatable {
    public let observations: Int
    /// Nil when the returns do not vary (a run that never traded).
    public let sharpe: Double?
    public let skewness: Double?
    public let kurtosis: Double?

    public init(observations: Int, sharpe: Double?, skewness: Double?, kurtosis: Double?) {
        self.observations = observations
        self.sharpe = sharpe
        self.skewness = skewness
        self.kurtosis = kurtosis
    }

    package init(startingCash: Double, equity: [Double]) {
        self.init(sums: ReturnSums(startingCash: startingCash, equity: equity))
    }

    /// The moments of the returns `sums` were made from.
    package init(sums: ReturnSums) {
        let n = sums.count
        observations = n
        guard n > 1, sums.m2 > 0 else {
            sharpe = nil
            skewness = nil
            kurtosis = nil
            return
        }
        let count = Double(n)
        sharpe = sums.mean / (sums.m2 / (count - 1)).squareRoot()
        // Population moments, as Bailey and López de Prado (2014) use them.
        let variance = sums.m2 / count
        skewness = (sums.m3 / count) / (variance * variance.squareRoot())
        kurtosis = (sums.m4 / count) / (variance * variance)
    }
}
