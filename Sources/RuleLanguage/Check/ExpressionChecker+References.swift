import Vocabulary

extension ExpressionChecker {
    /// `SPY.close`: a field of another symbol's bar. The symbol is written as in `symbols:`
    /// (capital letters, digits and dots); the field is a bar field. Whether the data has the
    /// symbol is known at run start (a located error then) and, for bundled data, at lint (W005).
    mutating func checkReference(_ name: String, _ range: Range<Int>) -> Typed? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let symbol = String(name[..<dot]), fieldName = String(name[name.index(after: dot)...])
        guard kind == .strategy else {
            report(.notAvailableHere, "'\(name)' (another symbol's bar) is only available in strategy files", range,
                   help: "policy rules can use \(Suggestions.list(NameTable.names(in: .policy), conjunction: "and")); "
                       + "to name a symbol, compare text: symbol == \"\(symbol.uppercased())\"")
            return nil
        }
        let fields = BarField.allCases.map(\.name)
        guard let field = BarField.allCases.first(where: { $0.name == fieldName }) else {
            let guess = Suggestions.closest(to: fieldName, in: fields)
            report(.unknownName, "unknown field '\(fieldName)' of \(symbol)", range,
                   help: guess.map { "did you mean '\(symbol).\($0)'?" }
                       ?? "another symbol's bar has \(Suggestions.list(fields, conjunction: "and")): write e.g. \(symbol).close",
                   fix: guess.map { "\(symbol).\($0)" })
            return nil
        }
        guard Self.looksLikeSymbol(symbol) else {
            let upper = symbol.uppercased()
            if Self.looksLikeSymbol(upper) {
                report(.badFormat, "'\(symbol)' is not a ticker symbol: symbols are written in capital letters", range,
                       help: "write \(upper).\(fieldName)", fix: "\(upper).\(fieldName)")
            } else {
                report(.badFormat, "'\(symbol)' is not a ticker symbol", range,
                       help: "write another symbol's field as SYMBOL.field, with the ticker symbol in capital letters: 1 to 10 "
                           + "letters, digits or dots, starting with a letter, like SPY.close or BRK.B.volume")
            }
            return nil
        }
        return Typed(expr: .reference(symbol, field), kind: .series)
    }

    /// The form `symbols:` takes (schemas/strategy.schema.json): a capital letter, then up
    /// to nine capital letters, digits or dots.
    static func looksLikeSymbol(_ s: String) -> Bool {
        let scalars = Array(s.unicodeScalars)
        guard (1...10).contains(scalars.count), let first = scalars.first, first >= "A" && first <= "Z" else { return false }
        return scalars.allSatisfy { ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "." }
    }
}
