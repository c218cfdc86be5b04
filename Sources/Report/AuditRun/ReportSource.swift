import Vocabulary

/// Where a report's run comes from: a backtest the engine just ran, or a paper, dry or
/// simulator run read back from its audit log (`algobot report --audit`). The few words that
/// differ (how an order that needed approval was handled, the page's title) ask this.
public enum ReportSource: Sendable, Equatable {
    case backtest
    /// The log's path, the run's mode and where it traded (`sim`, `alpaca`), the runs it
    /// holds (one per `run_start`), its records, and the bars its equity was marked with.
    case auditLog(path: String, mode: Mode, broker: String, runs: Int, records: Int, data: String)

    /// "Backtest report", "Paper trading report (sim)".
    var title: String {
        switch self {
        case .backtest: return "Backtest report"
        case .auditLog(_, let mode, let broker, _, _, _):
            let words = mode.words
            return words.prefix(1).uppercased() + words.dropFirst() + " report (\(broker), from its audit log)"
        }
    }

    var isRecordedRun: Bool { self != .backtest }

    /// The `source` object of a recorded run's JSON report; nil for a backtest, whose JSON
    /// keeps the keys it always had.
    var jsonValue: JSONValue? {
        guard case .auditLog(let path, let mode, let broker, let runs, let records, let data) = self else { return nil }
        return .object([
            ("audit_log", .string(path)), ("mode", .string(mode.rawValue)), ("broker", .string(broker)),
            ("runs", .number(Double(runs))), ("records", .number(Double(records))), ("data", .string(data)),
        ])
    }
}
