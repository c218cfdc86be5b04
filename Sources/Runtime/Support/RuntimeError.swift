/// Why a live run cannot start or go on, in words for the operator.
public enum RuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    case unsupportedTimeframe(String)
    case staleDecision(String, String)
    case stateFolder(String, String)
    case noBars(String)
    /// The strategy needs what a live run cannot carry yet (`LiveCoverage`), one located line each.
    case notLive([String])
    /// A symbol a condition reads (`SPY.close`) has no bars from the broker: where it is read, and which.
    case noReferenceBars(String)

    public var description: String {
        switch self {
        case .unsupportedTimeframe(let name):
            return "timeframe '\(name)' cannot be traded live; use 1Min, 5Min, 15Min, 30Min, 1Hour or 1Day in the strategy"
        case let .staleDecision(id, why):
            return "decision \(id) cannot be re-checked: \(why). Reject it with `algobot approvals reject`"
        case let .stateFolder(path, why):
            return "state folder \(path): \(why). Check that it exists and is writable, or pass --state DIR"
        case .noBars(let detail):
            return "no bars to trade: \(detail)"
        case .notLive(let gaps):
            return gaps.joined(separator: "\n")
        case .noReferenceBars(let detail):
            return detail
        }
    }
}
