import Foundation

/// The fenced code blocks of a Markdown document, with the `## ` section each sits in, so
/// tests can lint the examples in docs/RULES.md and docs/errors.md.
struct MarkdownBlocks {
    struct Block {
        /// The words after the opening fence: `yaml`, `yaml bad`, `text`.
        var info: String
        var body: String
        /// 1-based line of the opening fence, for failure messages.
        var line: Int
        /// The last `## ` heading above the block.
        var section: String
        /// Index range of the body's lines in `lines`.
        var bodyLines: Range<Int>

        var words: [String] { info.split(separator: " ").map(String.init) }
        var language: String { words.first ?? "" }
        var isBad: Bool { words.dropFirst().contains("bad") }
        /// The first word of the section heading after `## `, e.g. `E021`.
        var sectionCode: String { section.split(separator: " ").first.map(String.init) ?? "" }
    }

    private(set) var lines: [String]
    private(set) var blocks: [Block] = []

    init(_ text: String) {
        lines = text.components(separatedBy: "\n")
        var section = ""
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("## ") { section = String(line.dropFirst(3)) }
            guard line.hasPrefix("```") else { index += 1; continue }
            let info = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
            var end = index + 1
            while end < lines.count, lines[end] != "```" { end += 1 }
            let body = lines[(index + 1)..<min(end, lines.count)]
            blocks.append(Block(info: info, body: body.isEmpty ? "" : body.joined(separator: "\n") + "\n",
                                line: index + 1, section: section, bodyLines: (index + 1)..<min(end, lines.count)))
            index = end + 1
        }
    }

    /// The document with the body of block `i` replaced (for update mode).
    mutating func replaceBody(of i: Int, with text: String) {
        let old = blocks[i].bodyLines
        var new = text.components(separatedBy: "\n")
        if new.last == "" { new.removeLast() }
        lines.replaceSubrange(old, with: new)
        let shift = new.count - old.count
        blocks[i].bodyLines = old.lowerBound..<(old.lowerBound + new.count)
        blocks[i].body = new.isEmpty ? "" : new.joined(separator: "\n") + "\n"
        for j in blocks.indices where j > i {
            let r = blocks[j].bodyLines
            blocks[j].bodyLines = (r.lowerBound + shift)..<(r.upperBound + shift)
            blocks[j].line += shift
        }
    }

    var text: String { lines.joined(separator: "\n") }
}
