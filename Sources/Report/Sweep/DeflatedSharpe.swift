#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The deflated Sharpe ratio (Bailey & López de Prado, "The Deflated Sharpe Ratio", 2014):
/// the probability that the best of N trials has a true Sharpe ratio above the one the
/// best of N trials with no skill would show by luck.
///
///     SR₀ = √V[SRₙ] · ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e)))      γ = 0.5772… (Euler–Mascheroni)
///     DSR = Φ((SR̂ − SR₀) √(T − 1) / √(1 − γ̂₃ SR̂ + (γ̂₄ − 1)/4 · SR̂²))
///
/// SR̂, γ̂₃ (skewness) and γ̂₄ (kurtosis) are of the best trial's T per-bar returns; V[SRₙ]
/// is the variance of the trials' Sharpe ratios (per bar, not annualised).
public struct DeflatedSharpe: Sendable, Equatable {
    public let trials: Int
    /// The Sharpe ratio (per bar) the best of `trials` would reach by luck alone.
    public let expectedMaxSharpe: Double
    public let probability: Double

    static let eulerGamma = 0.5772156649015329

    /// Nil when it cannot be told: the best has no Sharpe, fewer than two trials have one
    /// (no variance to deflate by) with more than one tried, or too few returns.
    public init?(trials: Int, sharpes: [Double], best: ReturnMoments) {
        guard let sr = best.sharpe, let skew = best.skewness, let kurt = best.kurtosis, best.observations > 1, trials >= 1 else { return nil }
        let expected: Double
        if trials == 1 {
            expected = 0
        } else {
            guard sharpes.count > 1 else { return nil }
            let mean = sharpes.reduce(0, +) / Double(sharpes.count)
            let variance = sharpes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(sharpes.count - 1)
            let n = Double(trials)
            expected = variance.squareRoot() * ((1 - Self.eulerGamma) * Self.inverseNormal(1 - 1 / n)
                + Self.eulerGamma * Self.inverseNormal(1 - 1 / (n * M_E)))
        }
        let spread = 1 - skew * sr + (kurt - 1) / 4 * sr * sr
        guard spread > 0 else { return nil }
        self.trials = trials
        expectedMaxSharpe = expected
        probability = Self.normal((sr - expected) * Double(best.observations - 1).squareRoot() / spread.squareRoot())
    }

    /// Φ, the standard normal distribution function.
    static func normal(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Φ⁻¹ for 0 < p < 1: Acklam's rational approximation (relative error 1.15e-9), then one
    /// Halley step against `erfc`, which brings it to double precision.
    static func inverseNormal(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let e = normal(x) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }
}
