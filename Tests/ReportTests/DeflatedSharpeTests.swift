import Testing
@testable import Report

/// The deflated Sharpe ratio against an independent computation. The literals below come
/// from this Python (numpy 2, scipy 1.17), run once and pasted:
///
///     sh = np.array([0.002 * (k - 50) for k in range(100)])      # the 100 trials' Sharpe ratios
///     V = sh.var(ddof=1); N = 100; g = 0.5772156649015329
///     sr0 = np.sqrt(V) * ((1 - g) * norm.ppf(1 - 1/N) + g * norm.ppf(1 - 1/(N * np.e)))
///     z = (sr - sr0) * np.sqrt(T - 1) / np.sqrt(1 - sk * sr + (ku - 1) / 4 * sr**2)
///     norm.cdf(z)                                                 # sr 0.12, sk -0.4, ku 5.5, T 1250
@Suite struct DeflatedSharpeTests {
    let trials = (0..<100).map { 0.002 * Double($0 - 50) }

    @Test func matchesScipyForOneHundredTrials() throws {
        let best = ReturnMoments(observations: 1250, sharpe: 0.12, skewness: -0.4, kurtosis: 5.5)
        let dsr = try #require(DeflatedSharpe(trials: 100, sharpes: trials, best: best))
        #expect(abs(dsr.expectedMaxSharpe - 0.14683313106052898) < 1e-12)
        #expect(abs(dsr.probability - 0.17897836898313962) < 1e-12)
        // A best far below what luck gives is almost surely luck.
        let weak = try #require(DeflatedSharpe(trials: 100, sharpes: trials,
                                               best: ReturnMoments(observations: 1250, sharpe: 0.05, skewness: -0.4, kurtosis: 5.5)))
        #expect(abs(weak.probability - 0.00035742499178716315) < 1e-12)
    }

    @Test func oneTrialIsTheProbabilisticSharpeRatioAgainstZero() throws {
        let best = ReturnMoments(observations: 1250, sharpe: 0.12, skewness: -0.4, kurtosis: 5.5)
        let dsr = try #require(DeflatedSharpe(trials: 1, sharpes: [0.12], best: best))
        #expect(dsr.expectedMaxSharpe == 0)
        #expect(abs(dsr.probability - 0.9999803052543819) < 1e-12)
    }

    @Test func inverseNormalIsExactToDoublePrecision() {
        for p in [1e-10, 0.001, 0.02425, 0.3, 0.5, 0.9, 0.99, 1 - 1 / 4851.0] {
            let x = DeflatedSharpe.inverseNormal(p)
            #expect(abs(DeflatedSharpe.normal(x) - p) <= 4e-16 * max(1, p / (1 - p)), "p \(p)")
        }
        #expect(DeflatedSharpe.inverseNormal(0.5) == 0)
    }

    @Test func cannotBeToldWithoutVariation() {
        let flat = ReturnMoments(startingCash: 100, equity: [100, 100, 100])
        #expect(flat.sharpe == nil)
        #expect(DeflatedSharpe(trials: 10, sharpes: [0.1, 0.2], best: flat) == nil)
        let best = ReturnMoments(observations: 1250, sharpe: 0.12, skewness: 0, kurtosis: 3)
        #expect(DeflatedSharpe(trials: 10, sharpes: [0.12], best: best) == nil, "one Sharpe ratio has no variance")
    }

    /// numpy/scipy on returns [0.01, 99/101 - 1, ...]: r.mean() / r.std(ddof=1), skew(r),
    /// kurtosis(r, fisher=False).
    @Test func momentsMatchScipy() throws {
        let m = ReturnMoments(startingCash: 100, equity: [101, 99, 102, 104, 103, 107])
        #expect(m.observations == 6)
        #expect(abs(try #require(m.sharpe) - 0.5072559675584382) < 1e-12)
        #expect(abs(try #require(m.skewness) - -0.2392753550829727) < 1e-12)
        #expect(abs(try #require(m.kurtosis) - 1.6484355918009999) < 1e-12)
    }
}
