/// The HTML legend above a chart: a colour key, a name and the value at the last bar for
/// each line (the hover script swaps in the value under the pointer), and the date.
struct ChartLegend {
    struct Item {
        var cssClass: String
        var name: String
        var value: String
        /// A text glyph (▲ ▼) instead of a colour bar.
        var glyph: String? = nil
    }

    var items: [Item]
    var when: String

    /// `<figure>` holding the legend and the chart. Line items are numbered in order so
    /// the script can match them to the chart's polylines (`data-i`).
    func figure(_ svg: String) -> String {
        var out = "<figure class=\"plot\"><figcaption class=\"legend\">"
        var lineIndex = 0
        for item in items {
            out += "<span>"
            if let glyph = item.glyph {
                out += "<span class=\"\(item.cssClass)\">\(HTMLText.escape(glyph))</span> \(HTMLText.escape(item.name))"
            } else {
                out += "<span class=\"key \(item.cssClass)\"></span>\(HTMLText.escape(item.name)) "
                out += "<b data-i=\"\(lineIndex)\">\(HTMLText.escape(item.value))</b>"
                lineIndex += 1
            }
            out += "</span>"
        }
        if !when.isEmpty { out += "<span class=\"when\">\(HTMLText.escape(when))</span>" }
        return out + "</figcaption>" + svg + "</figure>"
    }
}
