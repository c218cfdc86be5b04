import Vocabulary

/// `algobot explain`: finds one order or decision through the index and explains it.
public struct Explainer: Sendable {
    public let index: AuditIndex

    /// Opens (building or catching up) the index beside the log.
    public init(logPath: String) throws {
        index = try AuditIndex.open(logPath: logPath)
    }

    public init(index: AuditIndex) {
        self.index = index
    }

    /// Explains the order known by `id`: our order id, the client order id or the broker's id.
    public func explain(orderId id: String) throws -> Explanation {
        let records = try index.records(forOrder: id).map(\.record)
        guard !records.isEmpty else {
            let known = try index.distinct(.orderId) + index.distinct(.clientOrderId)
            throw ExplainError.unknownOrder(id: id, logPath: index.logPath, suggestions: Suggestions.ranked(for: id, among: known))
        }
        guard let decisionRecord = records.first(where: { $0.body.type == "decision" }),
              case .decision(let decision) = decisionRecord.body
        else { throw ExplainError.noDecision(orderId: id, logPath: index.logPath) }
        return ExplanationBuilder(subject: "order", decisionRecord: decisionRecord, decision: decision,
                                  related: records.filter { $0.seq != decisionRecord.seq },
                                  advisorNotes: try advisorNotes(decisionId: decision.id), notes: try notes(decisionId: decision.id)).build()
    }

    /// Explains a decision by its id, whether or not it became an order ("why didn't it trade?").
    public func explain(decisionId id: String) throws -> Explanation {
        guard let decisionRecord = try index.find(AuditQuery(decisionId: id, type: "decision")).first?.record,
              case .decision(let decision) = decisionRecord.body
        else {
            let known = try index.distinct(.decisionId)
            throw ExplainError.unknownDecision(id: id, logPath: index.logPath, suggestions: Suggestions.ranked(for: id, among: known))
        }
        let related = try index.find(AuditQuery(orderId: decision.order.orderId)).map(\.record)
            .filter { $0.seq != decisionRecord.seq && $0.body.type != "decision" }
        return ExplanationBuilder(subject: "decision", decisionRecord: decisionRecord, decision: decision, related: related,
                                  advisorNotes: try advisorNotes(decisionId: id), notes: try notes(decisionId: id)).build()
    }

    /// Advisor notes are written after the decision and carry only its id (not the order's),
    /// so they are looked up by decision id.
    private func advisorNotes(decisionId: String) throws -> [AdvisorNoteRecord] {
        try index.find(AuditQuery(decisionId: decisionId, type: "advisor_note")).compactMap { found in
            if case .advisorNote(let note) = found.record.body { return note }
            return nil
        }
    }

    /// The run's notes about a decision (a watched exit's `exit_watched`), found by its id.
    private func notes(decisionId: String) throws -> [NoteRecord] {
        try index.find(AuditQuery(decisionId: decisionId, type: "note")).compactMap { found in
            if case .note(let note) = found.record.body { return note }
            return nil
        }
    }

    /// The order ids, client order ids and decision ids in the log, for listings.
    public func knownIds() throws -> (orderIds: [String], clientOrderIds: [String], decisionIds: [String]) {
        (try index.distinct(.orderId), try index.distinct(.clientOrderId), try index.distinct(.decisionId))
    }
}

/// Why `explain` found nothing to explain.
public enum ExplainError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownOrder(id: String, logPath: String, suggestions: [String])
    case unknownDecision(id: String, logPath: String, suggestions: [String])
    case noDecision(orderId: String, logPath: String)

    public var suggestions: [String] {
        switch self {
        case let .unknownOrder(_, _, s), let .unknownDecision(_, _, s): return s
        case .noDecision: return []
        }
    }

    public var description: String {
        switch self {
        case let .unknownOrder(id, path, suggestions):
            return "no order '\(id)' in \(path) (it is neither an order id nor a client order id there)."
                + hint(suggestions)
                + "\nTo list them: `algobot audit export --format csv` (columns order_id, client_order_id, decision_id);"
                + " a signal that never became an order is explained with `algobot explain --decision <id>`."
        case let .unknownDecision(id, path, suggestions):
            return "no decision '\(id)' in \(path)."
                + hint(suggestions)
                + "\nTo list them: `algobot audit export --format csv` (column decision_id)."
        case let .noDecision(orderId, path):
            return "\(path) has records for order '\(orderId)' but not the decision that made it, so there is nothing to explain;"
                + " run `algobot audit verify \(path)` to check whether lines are missing."
        }
    }

    private func hint(_ suggestions: [String]) -> String {
        suggestions.isEmpty ? "" : "\nDid you mean: \(suggestions.joined(separator: ", "))?"
    }
}
