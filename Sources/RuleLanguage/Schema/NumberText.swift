import Foundation
import Vocabulary

/// Numbers written the way a spreadsheet or a letter writes them, where the file wants a
/// plain number: `10%`, `$50,000`, `"50000"` in quotes. Says which number was meant and
/// what to leave out, so the help line can give the literal fix.
struct NumberText {
    /// The number as it should be written: `50000`, `25000.50`.
    let number: String
    /// What to leave out: `the quotes`, `'$'`, `','`, `'%'`.
    let extras: [String]
    /// True when a `%` was written (the value was meant as a percentage).
    let percent: Bool

    /// Reads `node` as a number written with extras; nil when it is no number at all, or a
    /// plain number already.
    init?(_ node: YAMLNode) {
        switch node.value {
        case .number:
            guard let text = node.text else { return nil }
            (number, extras, percent) = (text, [], false)
            return
        case .string(let text):
            var kept = String.UnicodeScalarView()
            var removed: [Unicode.Scalar] = []
            let trimmed = text.trimmingCharacters(in: .whitespaces).unicodeScalars
            for (i, c) in trimmed.enumerated() {
                let leadingSign = c == "$" && (i == 0 || (i == 1 && trimmed.first == "-"))
                if leadingSign || c == "," || c == "%" || c == " " {
                    if c != " ", !removed.contains(c) { removed.append(c) }
                } else {
                    kept.append(c)
                }
            }
            let plain = String(kept)
            guard case .number = ScalarResolver.resolve(plain, plain: true, tag: nil) else { return nil }
            // Text that reads as a number only because it is in quotes: the quotes are the extra.
            let quoted = node.span.start.line == node.span.end.line
                && node.span.end.column - node.span.start.column == text.unicodeScalars.count + 2
            var extras = quoted ? ["the quotes"] : []
            extras += removed.map { "'\($0)'" }
            guard !extras.isEmpty else { return nil }
            (number, self.extras, percent) = (plain, extras, removed.contains("%"))
        default:
            return nil
        }
    }

    /// `remove the quotes: write 50000`, `write 50000, without '$' and ','`.
    var fix: String {
        if extras == ["the quotes"] { return "remove the quotes: write \(number)" }
        return "write \(number), without \(Suggestions.list(extras, conjunction: "and"))"
    }
}
