/// Who made a check: a built-in limit (`BuiltInLimit`), a rule the user wrote in the
/// policy, or the runtime after the policy (`RuntimeGate`).
public enum CheckKind: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case limit, rule
    /// A gate of the live runtime (trading halted, broker unreachable, …). Records written
    /// before gates had their own place list them among the checks with this kind.
    case runtime

    /// The word of records: `limit`, `rule`, `runtime`.
    public var description: String { rawValue }
}
