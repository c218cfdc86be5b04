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
        let n = equity.count
        var sum = 0.0
        var previous = startingCash
        for e in equity {
            sum += previous != 0 ? e / previous - 1 : 0
            previous = e
        }
        let mean = sum / Double(max(n, 1))
        var m2 = 0.0, m3 = 0.0, m4 = 0.0
        previous = startingCash
        for e in equity {
            let d = (previous != 0 ? e / previous - 1 : 0) - mean
            let d2 = d * d
            m2 += d2
            m3 += d2 * d
            m4 += d2 * d2
            previous = e
        }
        observations = n
        guard n > 1, m2 > 0 else {
            sharpe = nil
            skewness = nil
            kurtosis = nil
            return
        }
        let count = Double(n)
        sharpe = mean / (m2 / (count - 1)).squareRoot()
        // Population moments, as Bailey and López de Prado (2014) use them.
        let variance = m2 / count
        skewness = (m3 / count) / (variance * variance.squareRoot())
        kurtosis = (m4 / count) / (variance * variance)
    }
}
