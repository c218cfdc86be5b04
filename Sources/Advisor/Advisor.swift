import Audit

/// Writes a short rationale for a decision that has already been made.
///
/// Why an advisor cannot trade, by construction:
/// - its only input is an `AdvisorInput`, a value copied from the decision's audit record
///   (no engine, policy, broker or audit-log reference reaches it);
/// - its only output is an `AdvisorNote`: text, a status and a name. There is no order, no
///   outcome and no veto in it, and nothing reads a note back into a decision;
/// - this target depends on `Audit` only; `Policy` (which alone can make an `ApprovedOrder`,
///   the one type a broker accepts) and `Engine` are not in its dependency graph, so
///   `import Policy` here does not even compile. `AdvisorIsolationTests` checks all three.
///
/// `rationale(for:)` never throws: a failing advisor returns an `unavailable` note.
public protocol Advisor: Sendable {
    /// `template`, or `chat:<model>`; recorded with every note.
    var name: String { get }
    func rationale(for input: AdvisorInput) async -> AdvisorNote
}

/// An advisor that answers at once without I/O (the template advisor), so a backtest can
/// ask it in line. Network advisors are never `InstantAdvisor`s, which keeps them out of the
/// backtest's synchronous path at compile time.
public protocol InstantAdvisor: Advisor {
    func rationaleNow(for input: AdvisorInput) -> AdvisorNote
}

extension InstantAdvisor {
    public func rationale(for input: AdvisorInput) async -> AdvisorNote { rationaleNow(for: input) }
}

/// The advisor's answer: text for people, nothing more.
public struct AdvisorNote: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case ok
        case unavailable
    }

    public let advisor: String
    public let status: Status
    /// Empty when unavailable.
    public let text: String
    /// Why the advisor was unavailable, in a few words; secrets masked.
    public let error: String?

    public init(advisor: String, status: Status, text: String, error: String? = nil) {
        self.advisor = advisor
        self.status = status
        self.text = text
        self.error = error
    }

    public static func ok(_ text: String, advisor: String) -> AdvisorNote {
        AdvisorNote(advisor: advisor, status: .ok, text: text)
    }

    public static func unavailable(_ reason: String, advisor: String) -> AdvisorNote {
        AdvisorNote(advisor: advisor, status: .unavailable, text: "", error: reason)
    }

    /// The audit record for this note about decision `decisionId`.
    public func record(decisionId: String) -> AdvisorNoteRecord {
        AdvisorNoteRecord(decisionId: decisionId, advisor: advisor, status: status.rawValue, text: text, error: error)
    }
}
