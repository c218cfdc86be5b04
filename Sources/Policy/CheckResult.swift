import RuleLanguage

/// One policy rule's verdict on one order, with the figures it compared.
public struct CheckResult: Sendable {
    public enum Kind: String, Sendable { case limit, rule }
    public enum Status: String, Sendable { case pass, fail, error }

    public struct Value: Sendable, Equatable {
        public let name: String
        public let number: Double?
        public let text: String?

        public init(_ name: String, _ number: Double) {
            self.name = name
            self.number = number
            self.text = nil
        }

        public init(_ name: String, text: String) {
            self.name = name
            self.number = nil
            self.text = text
        }
    }

    public let id: String
    public let kind: Kind
    public let status: Status
    /// What a failure of this rule means: block, needs_approval (or allow for a no-op rule).
    public let outcomeOnFailure: CheckedPolicy.Outcome
    /// Plain words with numbers: "position after order $9,980.00 ≤ limit $25,000.00 — pass".
    /// Rendered on demand: the hot path stores figures, not text.
    public var message: String { render(self) }
    let render: @Sendable (CheckResult) -> String
    public let values: [Value]
    public let limit: Double?
    public let location: String?

    /// The outcome this check contributes: allow when it passed; block when it could not
    /// be evaluated (fail closed).
    public var outcome: CheckedPolicy.Outcome {
        switch status {
        case .pass: return .allow
        case .fail: return outcomeOnFailure
        case .error: return .block
        }
    }
}

extension CheckResult: Equatable {
    public static func == (a: CheckResult, b: CheckResult) -> Bool {
        a.id == b.id && a.kind == b.kind && a.status == b.status && a.outcomeOnFailure == b.outcomeOnFailure
            && a.values == b.values && a.limit == b.limit && a.location == b.location && a.message == b.message
    }
}
