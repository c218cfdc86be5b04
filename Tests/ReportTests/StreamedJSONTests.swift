import Foundation
import Report
import Testing
import Vocabulary

/// `algobot backtest --json` streams the report (its trades and orders one object at a time,
/// handed to the file in chunks); `json()` and `jsonValue()` are the same document.
@Suite struct StreamedJSONTests {
    static let cases = ReproducibilityTests.cases + [
        ReferenceCase(name: "SMA with a stop (exit legs)", strategy: "strategies/sma-stop.yaml", policy: "rules/limits.yaml"),
        ReferenceCase(name: "long and short", strategy: "strategies/sma-long-short.yaml", policy: "rules/limits.yaml"),
    ]

    @Test(arguments: cases)
    func streamTreeAndTextAreOneDocument(_ c: ReferenceCase) throws {
        let report = try ReferenceHarness.engine(c).report
        #expect(report.orders.count > 10 && report.trades.count > 5, "\(c.name)")
        var chunks: [[UInt8]] = []
        var writer = JSONStreamWriter(chunk: 4096) { chunks.append($0) }
        report.writeJSON(to: &writer)
        writer.finish()
        #expect(chunks.count > 3)
        let streamed = String(decoding: chunks.joined(), as: UTF8.self)
        #expect(streamed == report.json())
        #expect(streamed == report.jsonValue().serialized() + "\n")
    }
}
