import Foundation
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
    /// Grid points listed, then judged by `--where`, at a time.
    static let block = 1 << 14

    /// `condition` judges the points on `jobs` threads (each is checked by the rule language,
    /// a few microseconds a point: 9,801 of them were 2 % of a sweep, all before the first
    /// run); the points kept, and their order, are the same for any number.
    init(params: [SweepParam], where condition: (@Sendable ([Double]) -> Bool)?, jobs: Int = 1) throws {
        self.params = params
        let total = params.reduce(1.0) { $0 * Double($1.values.count) }
        guard total <= Double(Self.maxCombinations) else {
            throw SweepError(message: "\(Int(total)) combinations is more than \(Self.maxCombinations); use larger steps, fewer values or --where")
        }
        let width = params.count
        var values: [Double] = []
        var count = 0
        var digits = [Int](repeating: 0, count: width)
        var start = 0
        while start < Int(total) {
            let n = min(Self.block, Int(total) - start)
            var points = [Double](repeating: 0, count: n * width)
            for i in 0..<n {
                for p in 0..<width { points[i * width + p] = params[p].values[digits[p]] }
                var p = width - 1
                while p >= 0 {
                    digits[p] += 1
                    if digits[p] < params[p].values.count { break }
                    digits[p] = 0
                    p -= 1
                }
            }
            let kept = condition.map { Self.judge(points, width: width, count: n, $0, jobs: jobs) }
            for i in 0..<n where kept?[i] ?? true {
                values += points[i * width ..< (i + 1) * width]
                count += 1
            }
            start += n
        }
        self.values = values
        self.count = count
    }

    /// Whether `condition` holds for each of the `count` points, on up to `jobs` threads.
    private static func judge(_ points: [Double], width: Int, count: Int, _ condition: @Sendable ([Double]) -> Bool,
                              jobs: Int) -> [Bool] {
        let threads = max(1, min(jobs, count / 256))
        let holds = UnsafeMutableBufferPointer<Bool>.allocate(capacity: count)
        holds.initialize(repeating: false)
        defer { holds.deallocate() }
        nonisolated(unsafe) let out = holds
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for i in count * t / threads ..< count * (t + 1) / threads {
                out[i] = condition(Array(points[i * width ..< (i + 1) * width]))
            }
        }
        return Array(holds)
    }

    func combination(_ k: Int) -> [Double] { Array(values[k * params.count ..< (k + 1) * params.count]) }

    /// `(name, value)` pairs of combination k, for the strategy.
    func named(_ k: Int) -> [(name: String, value: Double)] {
        zip(params.map(\.name), combination(k)).map { ($0, $1) }
    }
}
