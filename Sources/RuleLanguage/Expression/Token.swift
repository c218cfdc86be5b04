/// A token of the small expression language used in `when:` strings. Offsets count
/// characters (Unicode scalars) from the start of the expression text, so they map
/// straight onto YAML columns.
struct Token: Equatable {
    enum Kind: Equatable {
        case number(Double)
        case string(String)
        case identifier(String)
        case symbol(String)   // ( ) [ ] , + - * / < <= > >= == !=
        case end
    }

    var kind: Kind
    var offset: Int
    var length: Int

    var text: String {
        switch kind {
        case .number(let n): return Expr.format(n)
        case .string(let s): return "\"\(s)\""
        case .identifier(let s), .symbol(let s): return s
        case .end: return "end of expression"
        }
    }
}

/// Turns expression text into tokens; the first character it cannot read becomes a
/// located error with a hint for the usual suspects (`&&`, `=`, `%`).
struct Lexer {
    struct Failure: Error {
        var message: String
        var help: String?
        var offset: Int
        var length: Int
    }

    /// Far above any real condition; keeps the tree (and every pass over it) small.
    static let maxTokens = 1_000

    static func tokens(_ source: String) throws -> [Token] {
        let chars = Array(source.unicodeScalars)
        var tokens: [Token] = []
        tokens.reserveCapacity(min(chars.count / 2, maxTokens) + 1)
        var i = 0
        func scalar(_ k: Int) -> Unicode.Scalar? { k < chars.count ? chars[k] : nil }
        func text(_ range: Range<Int>) -> String {
            var s = String.UnicodeScalarView()
            s.append(contentsOf: chars[range])
            return String(s)
        }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            let start = i
            guard tokens.count < maxTokens else {
                throw Failure(message: "the condition is too long: more than \(maxTokens) numbers, names and operators",
                              help: "split it into several rules", offset: start, length: 1)
            }
            if isDigit(c) || (c == "." && scalar(i + 1).map(isDigit) == true) {
                while i < chars.count, isDigit(chars[i]) || chars[i] == "." || chars[i] == "_" { i += 1 }
                if i < chars.count, chars[i] == "e" || chars[i] == "E", let next = scalar(i + 1),
                   isDigit(next) || ((next == "-" || next == "+") && scalar(i + 2).map(isDigit) == true) {
                    i += 2
                    while i < chars.count, isDigit(chars[i]) { i += 1 }
                }
                let raw = text(start..<i)
                guard let value = Double(raw.replacingOccurrences(of: "_", with: "")), raw.filter({ $0 == "." }).count <= 1 else {
                    throw Failure(message: "'\(raw)' is not a number", help: "write numbers like 10, 2.5 or 0.05",
                                  offset: start, length: i - start)
                }
                tokens.append(Token(kind: .number(value), offset: start, length: i - start))
                continue
            }
            if isIdentifierStart(c) {
                // `SPY.close`, `BRK.B.close`: another symbol's field is one dotted name.
                while i < chars.count, isIdentifierStart(chars[i]) || isDigit(chars[i])
                    || (chars[i] == "." && scalar(i + 1).map(isIdentifierStart) == true) { i += 1 }
                tokens.append(Token(kind: .identifier(text(start..<i)), offset: start, length: i - start))
                continue
            }
            if c == "\"" || c == "'" {
                i += 1
                while i < chars.count, chars[i] != c { i += 1 }
                guard i < chars.count else {
                    throw Failure(message: "text in quotes is not closed", help: "add the closing \(c)", offset: start, length: i - start)
                }
                i += 1
                tokens.append(Token(kind: .string(text((start + 1)..<(i - 1))), offset: start, length: i - start))
                continue
            }
            let next = scalar(i + 1)
            if next == "=", c == "<" || c == ">" || c == "=" || c == "!" {
                tokens.append(Token(kind: .symbol(String(c) + "="), offset: start, length: 2))
                i += 2
                continue
            }
            if let next, let hint = foreignOperator(c, next) {
                throw Failure(message: "'\(c)\(next)' is not an operator here", help: hint, offset: start, length: 2)
            }
            switch c {
            case "(", ")", "[", "]", ",", "+", "-", "*", "/", "<", ">":
                tokens.append(Token(kind: .symbol(String(c)), offset: start, length: 1))
                i += 1
                continue
            default:
                break
            }
            let hint: String
            switch c {
            case "=": hint = "to compare, write '=='; conditions never assign values"
            case "!": hint = "write 'not' instead of '!'"
            case "&": hint = "write 'and' instead of '&'"
            case "|": hint = "write 'or' instead of '|'"
            case "%": hint = "write percentages as fractions or numbers, e.g. close > open * 1.02"
            default: hint = "remove it; expressions use numbers, names, ( ) [ ] , + - * / and comparisons"
            }
            throw Failure(message: "unexpected character '\(c)'", help: hint, offset: start, length: 1)
        }
        tokens.append(Token(kind: .end, offset: chars.count, length: 0))
        return tokens
    }

    private static func foreignOperator(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> String? {
        switch (a, b) {
        case ("&", "&"), ("|", "|"), ("=", ">"), ("=", "<"), ("<", ">"), ("*", "*"):
            return foreignOperators[String(a) + String(b)]
        default:
            return nil
        }
    }

    private static let foreignOperators = [
        "&&": "write 'and' instead of '&&'",
        "||": "write 'or' instead of '||'",
        "=>": "to compare, write '>='",
        "=<": "to compare, write '<='",
        "<>": "write '!=' for 'not equal'",
        "**": "powers are not supported; multiply instead (x * x)",
    ]

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }
}
