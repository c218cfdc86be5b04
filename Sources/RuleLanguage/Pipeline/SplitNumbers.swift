/// `{ notional: $50,000 }`: inside `{ }` a comma ends a value, so YAML reads the value `$50`
/// and a key `000` (for `1,000,000`, that key twice, which is also a duplicate key). Before the
/// schema sees the tree, such a number is joined back into the one value that was written,
/// so the mistake is one error that says "write 50000", not a wrong value and unknown keys.
enum SplitNumbers {
    /// The tree with split numbers joined into text values, and where each joined value is.
    static func join(_ root: YAMLNode, source: SourceFile) -> (root: YAMLNode, joined: [SourceSpan]) {
        var joined: [SourceSpan] = []
        let node = join(root, source: source, joined: &joined)
        return (node, joined)
    }

    private static func join(_ node: YAMLNode, source: SourceFile, joined: inout [SourceSpan]) -> YAMLNode {
        var node = node
        switch node.value {
        case .sequence(let items):
            node.value = .sequence(items.map { join($0, source: source, joined: &joined) })
        case .mapping(let entries):
            var kept: [YAMLEntry] = []
            var i = 0
            while i < entries.count {
                var entry = entries[i]
                entry.value = join(entry.value, source: source, joined: &joined)
                if let whole = wholeNumber(entry.value, followedBy: entries[(i + 1)...], source: source) {
                    entry.value = whole.node
                    joined.append(whole.node.span)
                    i += whole.keysTaken
                }
                kept.append(entry)
                i += 1
            }
            node.value = .mapping(kept)
        default:
            break
        }
        return node
    }

    /// The value `value` was meant to be when the text after it on its line goes on with
    /// `,` and digits (`$50` then `,000`), and the entries after it are the keys YAML made
    /// of those digits; nil otherwise.
    private static func wholeNumber(_ value: YAMLNode, followedBy rest: ArraySlice<YAMLEntry>, source: SourceFile)
        -> (node: YAMLNode, keysTaken: Int)? {
        let start = value.span.start, end = value.span.end
        guard value.items == nil, value.entries == nil, let text = value.text, text.unicodeScalars.last.map(isDigit) == true,
              start.line == end.line,
              let line = source.line(start.line).map({ Array($0.unicodeScalars) }) else { return nil }
        let from = start.column - 1, to = end.column - 1
        guard from >= 0, to <= line.count, from < to, String(String.UnicodeScalarView(line[from..<to])) == text else { return nil }
        // Thousands groups only: `,` and three digits each, cents after the last one.
        var stop = to
        while stop + 3 < line.count, line[stop] == ",", line[(stop + 1)...(stop + 3)].allSatisfy(isDigit),
              stop + 4 == line.count || !isDigit(line[stop + 4]) {
            stop += 4
        }
        if stop > to, stop + 1 < line.count, line[stop] == ".", isDigit(line[stop + 1]) {
            stop += 1
            while stop < line.count, isDigit(line[stop]) { stop += 1 }
        }
        guard stop > to else { return nil }
        let run = SourceSpan(file: value.span.file, start: start, end: SourceLocation(line: start.line, column: stop + 1))
        // The keys YAML made of the digits, each without a value; a repeated one was already
        // dropped from the tree (and reported as a duplicate key, which the caller removes).
        let taken = rest.prefix { entry in
            entry.keySpan.start.line == start.line && entry.keySpan.start.column > end.column
                && entry.keySpan.end.column <= stop + 1 && entry.value.value.isNull
        }
        guard let first = taken.first, first.keySpan.start.column == end.column + 1 else { return nil }
        let written = String(String.UnicodeScalarView(line[from..<stop]))
        return (YAMLNode(.string(written), span: run, text: written, contentStart: start), taken.count)
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
}

private extension YAMLNode.Value {
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
