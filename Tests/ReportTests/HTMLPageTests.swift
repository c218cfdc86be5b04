import Foundation
import Testing
@testable import Report

/// The page as a whole: well-formed, self-contained, reproducible, escaped.
@Suite struct HTMLPageTests {
    @Test func wholePageAndEverySVGParseAsXML() throws {
        let (report, prices) = try ReportFixtures.standard()
        let page = report.html(priceSeries: prices)
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(HTMLInspection.xmlError(page) == nil, "\(HTMLInspection.xmlError(page) ?? "")")
        let svgs = HTMLInspection.svgFragments(page)
        #expect(svgs.count == 3, "equity, drawdown and one price chart")
        for svg in svgs {
            #expect(HTMLInspection.xmlError(svg) == nil, "\(HTMLInspection.xmlError(svg) ?? "")")
            #expect(svg.contains("viewBox=\"0 0 1000 "))
        }
    }

    /// XML accepts `<td/>`, HTML does not: outside SVG only void elements may self-close,
    /// and every void element must (so the page parses the same both ways).
    @Test func onlyVoidElementsSelfCloseOutsideSVG() throws {
        let (report, prices) = try ReportFixtures.standard()
        var page = report.html(priceSeries: prices)
        for svg in HTMLInspection.svgFragments(page) { page = page.replacingOccurrences(of: svg, with: "") }
        let void: Set<String> = ["meta", "br", "hr", "img", "input", "link", "col", "wbr"]
        var rest = page[...]
        while let open = rest.range(of: "<") {
            guard let close = rest.range(of: ">", range: open.upperBound..<rest.endIndex) else { break }
            let tag = rest[open.upperBound..<close.lowerBound]
            let name = String(tag.prefix { $0.isLetter || $0.isNumber }).lowercased()
            if !name.isEmpty {
                #expect(tag.hasSuffix("/") == void.contains(name), "<\(tag)>")
            }
            rest = rest[close.upperBound...]
        }
    }

    @Test func pageHasNoExternalReferences() throws {
        let (report, prices) = try ReportFixtures.standard()
        let page = report.html(priceSeries: prices)
        for forbidden in ["http://", "https://", "<script src", "@import", "url(", "src=", "<link", "<img", "<iframe", "xlink:href"] {
            #expect(!page.lowercased().contains(forbidden), "found \(forbidden)")
        }
        let hrefs = HTMLInspection.fragments(page, open: "href=\"", close: "\"")
        #expect(hrefs.allSatisfy { $0.hasPrefix("href=\"#") })
        #expect(HTMLInspection.occurrences(of: "<script", in: page) == 1)
    }

    @Test func sameInputsGiveTheSameBytes() throws {
        let first = try ReportFixtures.standard()
        let second = try ReportFixtures.standard()
        let a = first.report.html(priceSeries: first.prices)
        #expect(a == second.report.html(priceSeries: second.prices))
        #expect(a == first.report.html(priceSeries: first.prices))
    }

    @Test func textFromYAMLIsEscaped() throws {
        let (report, prices) = try ReportFixtures.standard()
        let hostile = "<b>&\"x\""
        let result = ReportFixtures.renamed(report.result, name: hostile,
                                            description: "it's <script>alert(1)</script> & see https://example.com")
        let renamed = BacktestReport(result: result, benchmark: nil, from: nil, to: nil, dataNotes: ["skipped 1 row: <bad>"])
        let page = renamed.html(priceSeries: prices)
        #expect(!page.contains(hostile))
        #expect(page.contains("&lt;b&gt;&amp;&quot;x&quot;"))
        #expect(!page.contains("<script>alert"))
        #expect(page.contains("it&#39;s &lt;script&gt;alert(1)&lt;/script&gt; &amp; see https://example.com"))
        #expect(page.contains("skipped 1 row: &lt;bad&gt;"))
        #expect(HTMLInspection.xmlError(page) == nil)
        // The user's URL is text, never a link.
        #expect(!page.contains("href=\"https"))
    }

    @Test func escapeCoversEveryMarkupCharacter() {
        #expect(HTMLText.escape("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&#39;f")
        #expect(HTMLText.escape("bell\u{07}") == "bell\u{FFFD}")
        #expect(HTMLText.escape("tab\tand\nnewline") == "tab\tand\nnewline")
    }

    @Test func titleNamesStrategyPolicyPeriodAndSymbols() throws {
        let (report, prices) = try ReportFixtures.standard()
        let page = report.html(priceSeries: prices)
        let title = try #require(HTMLInspection.fragments(page, open: "<title>", close: "</title>").first)
        let period = try #require(report.period)
        #expect(title == "<title>sma-fast · report-limits · TEST · \(period.first) – \(period.last)</title>")
        #expect(page.contains("<h1>sma-fast</h1>"))
    }

    @Test func withoutBenchmarkOrTradesThePageStillRenders() throws {
        let flat = ReportFixtures.randomWalk(symbol: "TEST", count: 15)
        let result = try ReportFixtures.backtest(strategy: "sma-fast.yaml", policy: "limits.yaml", series: [flat])
        let report = BacktestReport(result: result, benchmark: nil, from: nil, to: nil)
        let page = report.html()
        #expect(HTMLInspection.xmlError(page) == nil)
        #expect(page.contains("No order was filled"))
        #expect(page.contains("No closed trades."))
        #expect(HTMLInspection.svgFragments(page).count == 2)
    }
}
