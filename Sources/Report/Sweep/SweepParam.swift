import RuleLanguage

/// One `--param` of `algobot sweep`: a name and the values it takes, `fast=5:50:1` (from 5
/// to 50 in steps of 1, both ends included) or `k=1,2,5` (a list; one value is a list of one).
public struct SweepParam: Sendable, Equatable {
    public let name: String
    public let values: [Double]

    /// More values than this for one param is a typo (a step of 0.0001), not a sweep.
    static let maxValues = 100_000

    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }

    public init(parsing text: String) throws {
        let example = "write e.g. --param fast=5:50:1 (from 5 to 50 in steps of 1) or --param k=1,2,5"
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw SweepError(message: "--param \(text): expected name=lo:hi:step or name=a,b,c; \(example)")
        }
        if let problem = ExpressionInput.problem(withParamName: parts[0]) { throw SweepError(message: "--param \(text): \(problem)") }
        name = parts[0]
        let spec = parts[1]
        func number(_ word: Substring, _ what: String) throws -> Double {
            guard let value = Double(word.trimmingCharacters(in: .whitespaces)), value.isFinite else {
                throw SweepError(message: "--param \(text): \(what) '\(word)' is not a number; \(example)")
            }
            return value
        }
        if spec.contains(":") {
            let bounds = spec.split(separator: ":", omittingEmptySubsequences: false)
            guard bounds.count == 3 else { throw SweepError(message: "--param \(text): a range is lo:hi:step; \(example)") }
            let lo = try number(bounds[0], "lo"), hi = try number(bounds[1], "hi"), step = try number(bounds[2], "step")
            guard step > 0 else { throw SweepError(message: "--param \(text): the step must be more than 0 (e.g. \(name)=\(Expr.format(lo)):\(Expr.format(hi)):1)") }
            guard lo <= hi else {
                throw SweepError(message: "--param \(text): lo \(Expr.format(lo)) is above hi \(Expr.format(hi)); write \(name)=\(Expr.format(hi)):\(Expr.format(lo)):\(Expr.format(step))")
            }
            // Counted, not accumulated, so 0.1 steps do not drift; a hair of tolerance keeps hi.
            let steps = ((hi - lo) / step + 1e-9).rounded(.down)
            guard steps < Double(Self.maxValues) else {
                throw SweepError(message: "--param \(text): \(Expr.format(steps + 1)) values, more than \(Self.maxValues); use a larger step")
            }
            values = (0...Int(steps)).map { Self.tidy(lo + Double($0) * step) }
        } else {
            values = try spec.split(separator: ",", omittingEmptySubsequences: false).map { try number($0, "value") }
            guard values.count <= Self.maxValues else {
                throw SweepError(message: "--param \(text): more than \(Self.maxValues) values")
            }
            if let repeated = values.indices.first(where: { values[..<$0].contains(values[$0]) }) {
                throw SweepError(message: "--param \(text): \(Expr.format(values[repeated])) is listed twice; each value once")
            }
        }
    }

    /// `0.1 + 2 × 0.1` is 0.30000000000000004: rounded to 12 significant digits it is the 0.3
    /// a person wrote, and the same on every machine.
    static func tidy(_ x: Double) -> Double {
        guard x != 0 else { return 0 }
        let magnitude = (abs(x)).log10Floor
        let scale = pow10(11 - magnitude)
        return (x * scale).rounded() / scale
    }

    private static func pow10(_ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<abs(n) { r *= 10 }
        return n >= 0 ? r : 1 / r
    }
}

extension Double {
    /// ⌊log10 |x|⌋ by counting, for `tidy` (x finite, non-zero).
    fileprivate var log10Floor: Int {
        var m = Swift.abs(self), e = 0
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        return e
    }
}

/// A problem with the sweep's flags or its parts (partial files, params); says what to write.
public struct SweepError: Error, CustomStringConvertible, Sendable {
    public let message: String

    package init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
