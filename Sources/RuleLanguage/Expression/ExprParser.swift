/// Precedence-climbing parser for `when:` expressions.
///
///     or  <  and  <  not  <  comparison / in  <  + -  <  * /  <  unary -  <  call, [n]
///
/// Comparisons do not chain (`1 < x < 2` is an error with a hint), because operators
/// coming from spreadsheets would otherwise get a silently different meaning.
///
/// Nesting (parentheses, brackets, calls, `not`, unary minus) is capped: the parser and
/// every later pass recurse over the tree, and hostile input must not overflow the stack.
struct ExprParser {
    typealias Failure = Lexer.Failure
    static let maxNesting = 64

    private var tokens: [Token]
    private var position = 0
    private var nesting = 0

    static func parse(_ text: String) throws -> Expr {
        var parser = ExprParser(tokens: try Lexer.tokens(text))
        if case .end = parser.current.kind {
            throw Failure(message: "the expression is empty", help: "write a condition such as close > sma(close, 20)", offset: 0, length: 0)
        }
        let expr = try parser.parseOr()
        guard case .end = parser.current.kind else {
            let token = parser.current
            var help = "remove it, or join the parts with 'and' / 'or'"
            if case .symbol(")") = token.kind { help = "this ')' has no matching '('" }
            throw Failure(message: "unexpected '\(token.text)' after a complete expression", help: help,
                          offset: token.offset, length: token.length)
        }
        return expr
    }

    private init(tokens: [Token]) { self.tokens = tokens }

    private var current: Token { tokens[position] }

    private mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    /// Called on entering a nested part; the caller leaves with `nesting -= 1`.
    private mutating func enter(_ token: Token) throws {
        nesting += 1
        guard nesting <= Self.maxNesting else {
            throw Failure(message: "the condition is nested more than \(Self.maxNesting) levels deep",
                          help: "remove extra parentheses, or split the condition into several rules",
                          offset: token.offset, length: max(token.length, 1))
        }
    }

    private func isSymbol(_ s: String) -> Bool { current.kind == .symbol(s) }
    private func isKeyword(_ s: String) -> Bool { current.kind == .identifier(s) }

    private mutating func expect(_ s: String, _ what: String) throws -> Token {
        guard isSymbol(s) else {
            throw Failure(message: "expected '\(s)' \(what), found \(describe(current))",
                          help: s == ")" ? "add the missing ')'" : "add '\(s)'", offset: current.offset, length: max(current.length, 1))
        }
        return advance()
    }

    private func describe(_ token: Token) -> String {
        if case .end = token.kind { return "the end of the expression" }
        return "'\(token.text)'"
    }

    private mutating func parseOr() throws -> Expr {
        var left = try parseAnd()
        while isKeyword("or") {
            _ = advance()
            let right = try parseAnd()
            left = Expr(.binary("or", left, right), left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private mutating func parseAnd() throws -> Expr {
        var left = try parseNot()
        while isKeyword("and") {
            _ = advance()
            let right = try parseNot()
            left = Expr(.binary("and", left, right), left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private mutating func parseNot() throws -> Expr {
        if isKeyword("not") {
            let token = advance()
            try enter(token)
            defer { nesting -= 1 }
            let operand = try parseNot()
            return Expr(.unary("not", operand), token.offset..<operand.range.upperBound)
        }
        return try parseComparison()
    }

    private static let comparisons: Set<String> = ["<", "<=", ">", ">=", "==", "!="]

    private mutating func parseComparison() throws -> Expr {
        let left = try parseAdditive()
        if case .symbol(let op) = current.kind, Self.comparisons.contains(op) {
            _ = advance()
            let right = try parseAdditive()
            if case .symbol(let again) = current.kind, Self.comparisons.contains(again) {
                throw Failure(message: "comparisons cannot be chained", help: "write 'a < b and b < c'",
                              offset: current.offset, length: current.length)
            }
            return Expr(.binary(op, left, right), left.range.lowerBound..<right.range.upperBound)
        }
        if isKeyword("in") {
            _ = advance()
            let right = try parseAdditive()
            return Expr(.binary("in", left, right), left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private mutating func parseAdditive() throws -> Expr {
        var left = try parseMultiplicative()
        while case .symbol(let op) = current.kind, op == "+" || op == "-" {
            _ = advance()
            let right = try parseMultiplicative()
            left = Expr(.binary(op, left, right), left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private mutating func parseMultiplicative() throws -> Expr {
        var left = try parseUnary()
        while case .symbol(let op) = current.kind, op == "*" || op == "/" {
            _ = advance()
            let right = try parseUnary()
            left = Expr(.binary(op, left, right), left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private mutating func parseUnary() throws -> Expr {
        if isSymbol("-") {
            let token = advance()
            try enter(token)
            defer { nesting -= 1 }
            let operand = try parseUnary()
            return Expr(.unary("-", operand), token.offset..<operand.range.upperBound)
        }
        if isSymbol("+") {
            try enter(advance())
            defer { nesting -= 1 }
            return try parseUnary()
        }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws -> Expr {
        var expr = try parsePrimary()
        while isSymbol("[") {
            try enter(advance())
            defer { nesting -= 1 }
            let index = try parseOr()
            let close = try expect("]", "to close the history index")
            expr = Expr(.index(expr, index), expr.range.lowerBound..<(close.offset + 1))
        }
        return expr
    }

    private mutating func parsePrimary() throws -> Expr {
        let token = current
        switch token.kind {
        case .number(let n):
            _ = advance()
            return Expr(.number(n), token.offset..<(token.offset + token.length))
        case .string(let s):
            _ = advance()
            return Expr(.string(s), token.offset..<(token.offset + token.length))
        case .identifier(let name):
            if ["and", "or", "not", "in"].contains(name) {
                throw Failure(message: "'\(name)' needs a value before and after it", help: "e.g. close > open \(name == "not" ? "and not" : name) volume > 0",
                              offset: token.offset, length: token.length)
            }
            _ = advance()
            if isSymbol("(") {
                try enter(advance())
                defer { nesting -= 1 }
                var args: [Expr] = []
                if !isSymbol(")") {
                    args.append(try parseOr())
                    while isSymbol(",") {
                        _ = advance()
                        args.append(try parseOr())
                    }
                }
                let close = try expect(")", "to close '\(name)('")
                return Expr(.call(name, args), token.offset..<(close.offset + 1))
            }
            return Expr(.name(name), token.offset..<(token.offset + token.length))
        case .symbol("("):
            try enter(advance())
            defer { nesting -= 1 }
            let inner = try parseOr()
            let close = try expect(")", "to close '('")
            return Expr(inner.kind, token.offset..<(close.offset + 1))
        case .symbol("["):
            try enter(advance())
            defer { nesting -= 1 }
            var items: [Expr] = []
            if !isSymbol("]") {
                items.append(try parseOr())
                while isSymbol(",") {
                    _ = advance()
                    items.append(try parseOr())
                }
            }
            let close = try expect("]", "to close the list")
            return Expr(.list(items), token.offset..<(close.offset + 1))
        case .end:
            throw Failure(message: "the expression ends too early", help: "something is missing after the last operator",
                          offset: token.offset, length: 1)
        case .symbol(let s):
            throw Failure(message: "unexpected '\(s)'", help: "a value (number, name or function call) is expected here",
                          offset: token.offset, length: token.length)
        }
    }
}
