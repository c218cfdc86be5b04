import Vocabulary

/// The rule coverage section: a table per strategy rule, the whole condition first and then
/// each `and`/`or` part, with the bars it was true on and the bars it alone decided; a part
/// that never decided anything is highlighted with the flag's words.
extension BacktestReport {
    func coverageTables() -> String {
        guard let coverage else { return "" }
        var out = "<p class=\"note\">Bars: the bars each rule was evaluated on (in the period, after its warm-up). "
        out += "A rule fires on a bar when it is the first rule whose condition holds. A part <em>decides</em> a bar when it alone "
        out += "made the rule’s outcome: the only false part of an <code>and</code>, the only true part of an <code>or</code>. "
        out += "A part that decided no bar changed nothing.</p>"
        for rule in coverage.rules {
            out += "<h3><code>\(HTMLText.escape(rule.id))</code></h3>"
            out += "<p class=\"note\">\(HTMLText.escape(Self.summary(of: rule))).</p>"
            out += "<table class=\"coverage\"><thead><tr><th>Condition</th><th class=\"n\">True on</th>"
            out += "<th class=\"n\">Decided</th><th>Note</th></tr></thead><tbody>"
            out += "<tr><td><code>\(HTMLText.escape(rule.text))</code></td><td class=\"n\">\(count(rule.trueBars))</td>"
            out += "<td class=\"n zero\">—</td><td>the whole condition, \(count(rule.bars)) bars</td></tr>"
            let flagged = Set(rule.flaggedParts.map(\.text))
            for (k, part) in rule.parts.enumerated() {
                let flag = flagged.contains(part.text)
                out += flag ? "<tr class=\"hit\">" : "<tr>"
                out += "<td>\(k > 0 ? HTMLText.escape(rule.op ?? "") + " " : "")<code>\(HTMLText.escape(part.text))</code></td>"
                out += "<td class=\"n\">\(count(part.trueBars))</td>"
                out += "<td class=\"n\(part.decidingBars == 0 ? " zero" : "")\">\(count(part.decidingBars))</td>"
                out += "<td>\(flag ? Self.codeSpans("\(rule.flag(part)): \(rule.flagReason)") : "")</td></tr>"
            }
            out += "</tbody></table>"
        }
        return out
    }

    private func count(_ n: Int) -> String { Money.grouped(Int64(n)) }

    /// Escaped HTML of a text report's words, with each `quoted` span as code.
    static func codeSpans(_ text: String) -> String {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().map { k, piece in
            k % 2 == 1 ? "<code>\(HTMLText.escape(String(piece)))</code>" : HTMLText.escape(String(piece))
        }.joined()
    }
}
