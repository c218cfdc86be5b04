/// The type of a checked expression, in the words operators see in error messages.
enum ValueKind: Equatable {
    /// A number known before the run: a literal or a param.
    case constant
    /// A number that changes bar by bar and has history (`close`, `sma(close, 10)`, `equity`).
    case series
    /// A number about the order being decided (policy files): no history.
    case orderNumber
    case bool
    case text
    case list

    var isNumeric: Bool { self == .constant || self == .series || self == .orderNumber }

    var words: String {
        switch self {
        case .constant: return "a fixed number"
        case .series: return "a series (a value for every bar)"
        case .orderNumber: return "a number"
        case .bool: return "true/false"
        case .text: return "text"
        case .list: return "a list"
        }
    }

    /// The kind of `a op b` for arithmetic: a series wins over a constant.
    static func combine(_ a: ValueKind, _ b: ValueKind) -> ValueKind {
        if a == .series || b == .series { return .series }
        if a == .orderNumber || b == .orderNumber { return .orderNumber }
        return .constant
    }
}

/// A checked sub-expression: the typed tree and its kind.
struct Typed {
    var expr: TypedExpr
    var kind: ValueKind
}
