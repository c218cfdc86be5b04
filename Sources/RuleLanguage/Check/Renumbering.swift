/// The numbers of a template expression read as other values. A `StrategyTemplate` writes
/// each distinct number of a strategy as 1, 2, 3, … (its class); a combination's values are
/// `values[class - 1]`. 0 stays 0: it is never a class, only a number the compiler writes
/// itself (the period of a kernel without one). `identity` reads every number as written.
package struct Renumbering: Sendable {
    let values: [Double]?

    package static let identity = Renumbering(values: nil)

    init(values: [Double]?) {
        self.values = values
    }

    /// A period, a history index or a MACD length. A class at a whole-number place holds a
    /// whole number the checker took as one, so the conversion is exact.
    @inline(__always)
    func int(_ n: Int) -> Int {
        guard let values, n > 0 else { return n }
        return Int(values[n - 1])
    }

    @inline(__always)
    func double(_ x: Double) -> Double {
        guard let values else { return x }
        return values[Int(x) - 1]
    }
}
