import Engine
import MarketData
import Vocabulary

/// What a recorded run's report says beside its figures: what the log holds that the
/// figures do not show (reconciliation mismatches, an operator accepting the broker's
/// holdings, halts), which figures a run from a log does not have, and how far the
/// benchmark's bars reach. Each one a sentence in the report's notes, never left out.
struct AuditRunNotes {
    let records: AuditRunRecords
    let curve: EquityCurve
    let benchmark: BarSeries?
    let benchmarkSymbol: String
    let dataPath: String

    var lines: [String] {
        var lines = ["\(records.runStarts.count) \(records.runStarts.count == 1 ? "run" : "runs"), \(Money.grouped(Int64(records.count))) "
            + "records; equity is the broker's cash and positions at the first reconciliation plus every fill in the log, "
            + "marked at each bar's close from \(dataPath)"]
        for (record, stamp) in records.reconciliations.dropFirst() where !record.ok || record.note != nil {
            let what = record.ok ? (record.note ?? "") : "mismatch: " + record.mismatches.joined(separator: "; ")
            lines.append("reconciliation at line \(stamp.line): \(what)")
        }
        if let line = records.timeWentBack {
            lines.append("market time goes back more than ten days at line \(line) (a later run started its simulator on earlier days "
                + "on the same state folder): the curve and trades mix those runs; keep one state folder per simulator run")
        }
        let interrupted = records.runEnds.filter { $0.status != "completed" }
        if !interrupted.isEmpty {
            lines.append("\(interrupted.count) of \(records.runStarts.count) runs ended \(Set(interrupted.map(\.status)).sorted().joined(separator: " or "))")
        }
        if records.runEnds.count < records.runStarts.count {
            lines.append("the log ends without a run_end record: the run is still going, or it stopped without a clean end")
        }
        lines.append("rule coverage is not reported for a run from its log: the log holds the rules that fired, not every bar's values")
        lines += benchmarkLines
        return lines
    }

    /// When the benchmark's bars do not cover the run, the report says so instead of a figure.
    private var benchmarkLines: [String] {
        guard let first = curve.times.first, let last = curve.times.last, let firstText = curve.timeTexts.first,
              let lastText = curve.timeTexts.last else { return [] }
        guard let series = benchmark, let from = series.times.firstIndex(where: { $0 >= first }), series.times[from] <= last else {
            return ["no \(benchmarkSymbol) bars in \(dataPath) from \(firstText) to \(lastText): the report has no benchmark "
                + "(give bars that include \(benchmarkSymbol) with --data)"]
        }
        guard let end = series.times.lastIndex(where: { $0 <= last }) else { return [] }
        var lines: [String] = []
        if series.times[from] > first { lines.append("\(benchmarkSymbol) buy & hold starts on \(series.timeText(from)), after the run's first bar \(firstText)") }
        if series.times[end] < last { lines.append("\(benchmarkSymbol) buy & hold ends on \(series.timeText(end)), before the run's last bar \(lastText)") }
        return lines
    }
}
