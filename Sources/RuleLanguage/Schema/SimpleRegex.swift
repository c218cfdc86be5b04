/// A small matcher for the regular expressions schemas actually use: `^` and `$` anchors,
/// literals, escaped punctuation, `.`, classes such as `[a-z0-9_-]` or `[^,]`, and the
/// quantifiers `? * + {n} {n,} {n,m}`. Name patterns are checked for every rule of every
/// file; NSRegularExpression costs microseconds per call, this costs nanoseconds. Anything
/// else (groups, alternation, `\p{...}`, `\d`-style escapes, look-around) makes `init`
/// return nil and the caller uses NSRegularExpression.
struct SimpleRegex: Sendable {
    private struct ScalarSet: Sendable {
        var ranges: [ClosedRange<UInt32>]
        var negated = false

        /// `.`: everything but ECMA-262's line terminators.
        static let any = ScalarSet(ranges: [0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029], negated: true)

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            let v = scalar.value
            return ranges.contains { $0.contains(v) } != negated
        }
    }

    private struct Atom: Sendable {
        var set: ScalarSet
        var min = 1
        var max = 1
    }

    private let atoms: [Atom]
    private let anchoredStart: Bool
    private let anchoredEnd: Bool

    init?(_ pattern: String) {
        var scalars = Array(pattern.unicodeScalars)
        anchoredStart = scalars.first == "^"
        if anchoredStart { scalars.removeFirst() }
        var atoms: [Atom] = []
        var i = 0
        var end = false
        while i < scalars.count {
            let c = scalars[i]
            i += 1
            if end { return nil }
            switch c {
            case "$":
                end = true
                continue
            case "^", "(", ")", "|", "{", "}", "]", "*", "+", "?":
                return nil
            case ".":
                atoms.append(Atom(set: .any))
            case "\\":
                guard i < scalars.count, let set = Self.escape(scalars[i]) else { return nil }
                i += 1
                atoms.append(Atom(set: set))
            case "[":
                guard let (set, next) = Self.characterClass(scalars, from: i) else { return nil }
                i = next
                atoms.append(Atom(set: set))
            default:
                atoms.append(Atom(set: ScalarSet(ranges: [c.value...c.value])))
            }
            guard let (min, max, next) = Self.quantifier(scalars, from: i) else { return nil }
            atoms[atoms.count - 1].min = min
            atoms[atoms.count - 1].max = max
            i = next
        }
        anchoredEnd = end
        self.atoms = atoms
    }

    /// Unanchored search, as JSON Schema's `pattern` requires, unless the pattern has `^`/`$`.
    func matches(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        let lastStart = anchoredStart ? 0 : scalars.count
        for start in 0...lastStart where match(scalars, atom: 0, at: start) { return true }
        return false
    }

    private func match(_ scalars: [Unicode.Scalar], atom index: Int, at position: Int) -> Bool {
        guard index < atoms.count else { return !anchoredEnd || position == scalars.count }
        let atom = atoms[index]
        var count = 0
        while count < atom.max, position + count < scalars.count, atom.set.contains(scalars[position + count]) { count += 1 }
        guard count >= atom.min else { return false }
        // Greedy with backtracking; the set of matches, not which one, is what counts here.
        for taken in stride(from: count, through: atom.min, by: -1) where match(scalars, atom: index + 1, at: position + taken) {
            return true
        }
        return false
    }

    /// Escaped punctuation is a literal. Escaped letters and digits (`\d`, `\b`, `\p{..}`, ...)
    /// are left to ICU, so a class like `\w` means the same whichever engine runs the pattern.
    private static func escape(_ c: Unicode.Scalar) -> ScalarSet? {
        guard c.value < 0x80, !c.properties.isAlphabetic, !("0"..."9").contains(c) else { return nil }
        return ScalarSet(ranges: [c.value...c.value])
    }

    private static func characterClass(_ s: [Unicode.Scalar], from start: Int) -> (ScalarSet, Int)? {
        var i = start
        var set = ScalarSet(ranges: [])
        if i < s.count, s[i] == "^" { set.negated = true; i += 1 }
        // `[]` and `[^]` mean "nothing" and "anything" in ECMA-262; leave those to ICU.
        guard i < s.count, s[i] != "]" else { return nil }
        while i < s.count {
            var c = s[i]
            if c == "]" { return (set, i + 1) }
            i += 1
            if c == "[" { return nil }
            if c == "\\" {
                guard i < s.count else { return nil }
                let e = s[i]
                i += 1
                guard escape(e) != nil else { return nil }
                c = e
            }
            if i + 1 < s.count, s[i] == "-", s[i + 1] != "]" {
                let upper = s[i + 1]
                guard upper != "\\", upper != "[", c.value <= upper.value else { return nil }
                set.ranges.append(c.value...upper.value)
                i += 2
            } else {
                set.ranges.append(c.value...c.value)
            }
        }
        return nil
    }

    private static func quantifier(_ s: [Unicode.Scalar], from start: Int) -> (Int, Int, Int)? {
        guard start < s.count else { return (1, 1, start) }
        var result: (Int, Int, Int)
        switch s[start] {
        case "?": result = (0, 1, start + 1)
        case "*": result = (0, Int.max, start + 1)
        case "+": result = (1, Int.max, start + 1)
        case "{":
            guard let close = s[start...].firstIndex(of: "}") else { return nil }
            let body = String(String.UnicodeScalarView(s[(start + 1)..<close]))
            let parts = body.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count <= 2, let min = Int(parts[0]) else { return nil }
            let max = parts.count == 1 ? min : (parts[1].isEmpty ? Int.max : Int(parts[1]))
            guard let max, min <= max else { return nil }
            result = (min, max, close + 1)
        default:
            return (1, 1, start)
        }
        // A lazy `?` changes which match is found, not whether there is one.
        if result.2 < s.count, s[result.2] == "?" { result.2 += 1 }
        return result
    }
}
