/// An expression as written, before names are resolved or types checked. `range` is the
/// character range in the expression text, for diagnostics.
public indirect enum ExprKind: Equatable, Sendable {
    case number(Double)
    case string(String)
    case name(String)
    case call(String, [Expr])
    case index(Expr, Expr)
    case unary(String, Expr)            // "-", "not"
    case binary(String, Expr, Expr)     // + - * / < <= > >= == != and or in
    case list([Expr])
}

public struct Expr: Equatable, Sendable {
    public var kind: ExprKind
    public var range: Range<Int>

    public init(_ kind: ExprKind, _ range: Range<Int>) {
        self.kind = kind
        self.range = range
    }

    /// Numbers as an operator would write them: `10`, not `10.0`.
    public static func format(_ n: Double) -> String {
        if n.isNaN { return "nan" }
        if n.rounded() == n, abs(n) < 1e15 { return String(Int64(n)) }
        return String(n)
    }
}
