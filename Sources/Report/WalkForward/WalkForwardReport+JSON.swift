import Vocabulary

/// The `--json` of `algobot walkforward`: what ran, every window (its spans, the best
/// params, the in-sample figures of the sweep's best and the test span's whole summary),
/// the stitched out-of-sample figures, the benchmark over the same bars and the degradation.
extension WalkForwardReport {
    public func json() -> String { jsonValue.serialized() + "\n" }

    private func windowValue(_ w: Window, number: Int, metric: String, names: [String]) -> JSONValue {
        let train: JSONValue = .object([("first", .string(w.train.first)), ("last", .string(w.train.last))])
        let test: JSONValue = .object([("first", .string(w.test.first)), ("last", .string(w.test.last))])
        let params: JSONValue = .object(zip(names, w.params).map { ($0, JSONValue.number($1)) })
        let summary = w.best.summary
        let inSample: JSONValue = .object([
            ("metric", w.inSample(metric).map(JSONValue.number) ?? .null),
            ("total_return_pct", summary["total_return_pct"] ?? .null),
            ("max_drawdown_pct", summary["max_drawdown_pct"] ?? .null),
            ("sharpe", summary["sharpe"] ?? .null),
            ("closed_trades", summary["closed_trades"] ?? .null),
            ("deflated_sharpe", .rounded(w.deflatedSharpe, 4)),
        ])
        let outOfSample: JSONValue = .object([
            ("metric", w.outOfSample(metric).map(JSONValue.number) ?? .null),
            ("summary", w.testRun.summary),
            ("violations", w.testRun.violations),
        ])
        return .object([("window", .number(Double(number))), ("train", train), ("test", test), ("params", params),
                        ("in_sample", inSample), ("out_of_sample", outOfSample)])
    }

    var jsonValue: JSONValue {
        let metric = header.metric, names = header.params.map(\.name)
        let windowValues = windows.enumerated().map { windowValue($1, number: $0 + 1, metric: metric, names: names) }
        let b = benchmark, bm = benchmarkMetrics
        let benchmarkValue: JSONValue = b.map { b in
            .object([
                ("symbol", .string(b.symbol)),
                ("final_equity", .money(b.finalEquity)),
                ("total_return_pct", .percent(b.totalReturnPct)),
                ("max_drawdown_pct", .percent(b.maxDrawdownPct)),
                ("sharpe", .rounded(bm?.sharpe, 4)),
                ("cagr_pct", .percent(bm?.cagrPct)),
            ])
        } ?? .null
        let d = degradation
        let stitched: JSONValue = .object([
            ("first_bar", JSONValue.string(period?.first)),
            ("last_bar", JSONValue.string(period?.last)),
            ("bars", .number(Double(times.count))),
            ("starting_cash", .money(metrics.startingCash)),
            ("final_equity", .money(metrics.finalEquity)),
            ("total_return_pct", .percent(metrics.totalReturnPct)),
            ("max_drawdown_pct", .percent(metrics.maxDrawdownPct)),
            ("sharpe", .rounded(metrics.sharpe, 4)),
            ("cagr_pct", .percent(metrics.cagrPct)),
            ("exposure_pct", .percent(metrics.exposurePct)),
            ("closed_trades", .number(Double(closedTrades))),
            ("spans_ending_open", .number(Double(spansEndingOpen))),
        ])
        let degradationValue: JSONValue = .object([
            ("metric", .string(metric)),
            ("windows", .number(Double(d.windows))),
            ("in_sample_mean", .rounded(d.inSampleMean, 4)),
            ("out_of_sample_mean", .rounded(d.outOfSampleMean, 4)),
            ("difference", .rounded(d.difference, 4)),
            ("difference_pct", .percent(d.percent)),
        ])
        return .object([("walkforward", header.jsonValue), ("windows", .array(windowValues)), ("out_of_sample", stitched),
                        ("benchmark", benchmarkValue), ("degradation", degradationValue)])
    }
}
