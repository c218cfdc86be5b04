import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Offline checks on generated pages: XML well-formedness (the page is XHTML-compatible)
/// and small extractors for the parts a test looks at.
enum HTMLInspection {
    /// nil when `text` is well-formed XML, otherwise the parser's complaint with its line.
    static func xmlError(_ text: String) -> String? {
        let parser = XMLParser(data: Data(text.utf8))
        parser.shouldResolveExternalEntities = false
        if parser.parse() { return nil }
        return "line \(parser.lineNumber), column \(parser.columnNumber): \(parser.parserError.map { "\($0)" } ?? "unknown error")"
    }

    /// Every `<svg …>…</svg>` fragment, in page order.
    static func svgFragments(_ page: String) -> [String] { fragments(page, open: "<svg", close: "</svg>") }

    static func fragments(_ page: String, open: String, close: String) -> [String] {
        var out: [String] = []
        var rest = page[...]
        while let start = rest.range(of: open), let end = rest.range(of: close, range: start.upperBound..<rest.endIndex) {
            out.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return out
    }

    /// The text cells (`<td>`) of the stats row for a summary key, tags removed.
    static func statsCells(_ page: String, key: String) -> [String] {
        guard let row = fragments(page, open: "<tr data-key=\"\(key)\">", close: "</tr>").first else { return [] }
        return fragments(row, open: "<td", close: "</td>").map { cell in
            let inner = cell[cell.range(of: ">")!.upperBound...].dropLast("</td>".count)
            return String(inner)
        }
    }

    /// `$12,345.67`, `-3.20%`, `1.05` → the number; nil for `—`.
    static func number(_ text: String) -> Double? {
        Double(text.filter { "0123456789.-".contains($0) })
    }

    /// Numbers of points in each polyline of a chart fragment.
    static func polylinePointCounts(_ svg: String) -> [Int] {
        fragments(svg, open: "<polyline", close: "/>").map { line in
            let points = fragments(line, open: "points=\"", close: "\"").first ?? ""
            return points.dropFirst("points=\"".count).dropLast().split(separator: " ").count
        }
    }

    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
