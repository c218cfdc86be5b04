import Report

/// Every combination of the params' values, in one order on every machine: the first
/// `--param` varies slowest, the last fastest (like nested loops in the order written),
/// then filtered by `--where`. A combination's number is its place in that filtered list;
/// ties in a ranking go to the lower number, and shard I of N holds numbers I, I+N, ...
struct SweepGrid {
    let params: [SweepParam]
    /// Values of combination k at `k * params.count ..< (k + 1) * params.count`.
    let values: [Double]
    let count: Int

    static let maxCombinations = 10_000_000

    init(params: [SweepParam], where condition: ((([Double]) -> Bool))?) throws {
        self.params = params
        let total = params.reduce(1.0) { $0 * Double($1.values.count) }
        guard total <= Double(Self.maxCombinations) else {
            throw SweepError(message: "\(Int(total)) combinations is more than \(Self.maxCombinations); use larger steps, fewer values or --where")
        }
        var values: [Double] = []
        var digits = [Int](repeating: 0, count: params.count)
        var count = 0
        var combination = [Double](repeating: 0, count: params.count)
        for _ in 0..<Int(total) {
            for p in params.indices { combination[p] = params[p].values[digits[p]] }
            if condition?(combination) ?? true {
                values += combination
                count += 1
            }
            var p = params.count - 1
            while p >= 0 {
                digits[p] += 1
                if digits[p] < params[p].values.count { break }
                digits[p] = 0
                p -= 1
            }
        }
        self.values = values
        self.count = count
    }

    func combination(_ k: Int) -> [Double] { Array(values[k * params.count ..< (k + 1) * params.count]) }

    /// `(name, value)` pairs of combination k, for the strategy.
    func named(_ k: Int) -> [(name: String, value: Double)] {
        zip(params.map(\.name), combination(k)).map { ($0, $1) }
    }
}
