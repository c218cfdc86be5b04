/// The advisor's rationale for one decision, written as its own record *after* the decision
/// (and after the order was handed on), so that the decision line and the order never wait
/// for the advisor and never depend on what it says.
///
/// `explain` finds it by `decisionId` and shows the text, or "advisor unavailable: <error>".
public struct AdvisorNoteRecord: Codable, Sendable, Equatable {
    public var decisionId: String
    /// Which advisor wrote it: `template`, or `chat:<model>` for the chat-completions advisor.
    public var advisor: String
    /// ok | unavailable
    public var status: String
    /// The rationale; empty when the advisor was unavailable.
    public var text: String
    /// Why the advisor was unavailable, in a few words (secrets masked).
    public var error: String?

    public init(decisionId: String, advisor: String, status: String, text: String, error: String? = nil) {
        self.decisionId = decisionId
        self.advisor = advisor
        self.status = status
        self.text = text
        self.error = error
    }

    /// What an operator reads: the text, or why there is none.
    public var displayText: String {
        if status == "ok", !text.isEmpty { return text }
        return "advisor unavailable: \(error ?? "no text was returned")"
    }
}
