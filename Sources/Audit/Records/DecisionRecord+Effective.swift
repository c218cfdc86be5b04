import Vocabulary

/// What became of a decision, read the same way from every record: the policy's verdict,
/// then the runtime's gates. Everything that reads a record's fate (explain, the ledger, the
/// approval queue, the index, exports, status, the advisor) uses these, never `outcome`
/// alone, so a gate can never be missed.
///
/// Records written before gates had their own field carry the gates among `checks` (kind
/// `runtime`) and an overwritten `outcome` and `reason`; they have no `gates`, so these
/// give exactly what those records say.
extension DecisionRecord {
    /// The policy's outcome, or the gates' (block) when one stood in the way.
    public var effectiveOutcome: Outcome {
        (gates ?? []).reduce(outcome) { max($0, $1.id.outcome) }
    }

    /// The policy's reason, or the first gate's when one stood in the way.
    public var effectiveReason: String {
        guard let first = gates?.first else { return reason }
        return "blocked by \(first.id): \(first.message)"
    }

    /// The policy's checks, then the gates as failed checks of kind `runtime`.
    public var effectiveChecks: [PolicyCheck] {
        guard let gates, !gates.isEmpty else { return checks }
        return checks + gates.map(\.asCheck)
    }
}
