import Testing
import Vocabulary
@testable import Report

/// A sweep's `--json` is written a slice of combinations per core and put together; the
/// text must be that of the whole document written in one go, whatever the number of slices.
@Suite struct SweepReportJSONTests {
    static func report(combinations: Int) -> SweepReport {
        let fast = SweepParam(name: "fast", values: (1...40).map(Double.init))
        let slow = SweepParam(name: "slow", values: (1...40).map { Double($0) * 2.5 })
        let header = SweepHeader(strategy: "sma-crossover", strategyFile: "strategies/sma.yaml", symbols: ["SPY"], policy: "limits",
                                 policyFile: "rules/limits.yaml", data: "data/daily", from: nil, to: "2020-01-02", params: [fast, slow],
                                 condition: nil, metric: "sharpe", top: 5, combinations: combinations, shard: nil)
        let records = (0..<combinations).map { k in
            let sharpe = k % 7 == 3 ? nil : Double(k % 97) / 31 - 1
            return SweepRecord(
                index: k, values: [fast.values[k / 40], slow.values[k % 40]],
                summary: .object([
                    ("total_return_pct", .number(Double(k) * 0.137 - 40)),
                    ("sharpe", sharpe.map(JSONValue.number) ?? .null),
                    ("trades", .number(Double(k % 13))),
                    ("period", .string("1993-01-29 → 2020-01-02 \"daily\"")),
                ]),
                violations: .object([("max-position", .object([("block", .number(Double(k % 3))), ("needs_approval", .number(0))]))]),
                returns: ReturnMoments(observations: 5_000, sharpe: sharpe.map { $0 / 15.87 }, skewness: -0.25, kurtosis: 4 + Double(k % 5)))
        }
        return SweepReport(header: header, records: records)
    }

    /// The combinations' writer keeps each object's keys from the value before; what it
    /// writes must be what `JSONValue.write` writes, whatever changes from one value to the
    /// next (keys, their number, an object where there was a number, the indent).
    @Test func keptKeysWriteWhatEachValueWrites() {
        let values: [JSONValue] = [
            .object([("a", .number(1)), ("b", .object([("x", .null), ("y", .array([.number(1), .object([("k", .bool(true))])]))]))]),
            .object([("a", .number(2.5)), ("b", .object([("x", .string("q\"uote")), ("y", .array([]))]))]),
            .object([("a", .number(3)), ("c", .object([])), ("b", .number(4))]),
            .object([("a", .number(3))]),
            .object([]),
            .number(7),
            .object([("a\n", .object([("deep", .object([("deeper", .int(-3))]))])), ("b", .object([("x", .null)])), ("z", .string(""))]),
            .object([("a", .number(1)), ("b", .object([("x", .null), ("y", .null)]))]),
        ]
        let writer = SweepJSONWriter()
        for indent in [2, 0, 2, 40] {
            for (k, value) in (values + values).enumerated() {
                var kept: [UInt8] = [], plain: [UInt8] = []
                writer.write(value, into: &kept, indent: indent)
                value.write(into: &plain, indent: indent)
                #expect(kept == plain, "value \(k), indent \(indent)")
            }
        }
    }

    @Test(arguments: [0, 1, 255, 256, 511, 1_600])
    func jsonIsTheDocumentWrittenInOneGo(_ combinations: Int) {
        let report = Self.report(combinations: combinations)
        #expect(report.json() == report.jsonValue.serialized() + "\n")
    }
}
