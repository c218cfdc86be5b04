import Audit
import Vocabulary

/// The records of a paper or simulator run's audit log that its report reads, grouped by
/// order id. Read once, in log order; nothing is left out: a record this report has no use
/// for (an advisor note, a control) is only counted.
struct AuditRunRecords {
    /// A record's market time (`at`) in seconds since 1970 UTC, and its line.
    struct Stamp {
        let seconds: Int64
        let line: Int
    }

    var runStarts: [RunStart] = []
    var runEnds: [RunEnd] = []
    var decisions: [(record: DecisionRecord, stamp: Stamp)] = []
    var submitted: [String: OrderSubmitted] = [:]
    var updates: [String: [OrderUpdate]] = [:]
    /// Every fill in log order (the portfolio replays them in this order).
    var fills: [(record: FillRecord, stamp: Stamp)] = []
    private var fillsByOrder: [String: [Int]] = [:]
    var approvals: [String: [ApprovalRecord]] = [:]
    var reconciliations: [(record: ReconciliationRecord, stamp: Stamp)] = []
    var count = 0
    /// The earliest and latest market time any record of the run states (run starts, controls
    /// and approvals are stamped with the wall clock and do not count).
    var first: Int64?
    var last: Int64?
    /// The line where market time went back over ten days (a new simulator run restarts its clock on the same
    /// state folder), or nil.
    var timeWentBack: Int?

    init(path: String) throws {
        try AuditReader(path: path).forEach { record, line in
            count += 1
            let stamp = try Self.stamp(record, line: line, path: path)
            switch record.body {
            case .runStart(let start):
                runStarts.append(start)
                return
            case .control, .approval, .advisorNote:
                if case .approval(let approval) = record.body { approvals[approval.orderId, default: []].append(approval) }
                return
            case .runEnd(let end): runEnds.append(end)
            case .decision(let decision): decisions.append((decision, stamp))
            case .orderSubmitted(let order): submitted[order.orderId] = order
            case .orderUpdate(let update): updates[update.orderId, default: []].append(update)
            case .fill(let fill):
                fillsByOrder[fill.orderId, default: []].append(fills.count)
                fills.append((fill, stamp))
            case .reconciliation(let reconciliation): reconciliations.append((reconciliation, stamp))
            case .brokerHealth, .note: break
            }
            if let last, stamp.seconds < last - 10 * CivilDate.secondsPerDay, timeWentBack == nil { timeWentBack = line }
            first = min(first ?? stamp.seconds, stamp.seconds)
            last = max(last ?? stamp.seconds, stamp.seconds)
        }
    }

    /// The fills of one order, oldest first.
    func fills(of orderId: String) -> [(record: FillRecord, stamp: Stamp)] {
        (fillsByOrder[orderId] ?? []).map { fills[$0] }
    }

    /// A record's `at`; a verified log has one on every line, so text that is not a time is
    /// named with its line rather than skipped.
    private static func stamp(_ record: AuditRecord, line: Int, path: String) throws -> Stamp {
        guard let time = ISOTimestamp(record.at, accepting: [.date, .minutes, .fraction, .noZone]) else {
            throw AuditReportError(message: "\(path):\(line): the record's time '\(record.at)' is not a date or time; "
                                   + "a report of this log cannot place it")
        }
        return Stamp(seconds: time.seconds(), line: line)
    }
}
