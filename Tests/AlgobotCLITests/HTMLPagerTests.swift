import Foundation
import Testing
import Vocabulary

/// The long tables of the HTML report page themselves in a real browser: a fast crossing
/// (2 and 3 bars) over the bundled SPY history decides two thousand orders, and headless
/// chromium's DOM after the page's script ran shows 200 rows and a pager, with every row
/// still in the page. Skipped where chromium is not installed (CI installs it for
/// scripts/results.sh's pictures).
@Suite(.enabled(if: Chromium.path != nil, "chromium is not installed"))
struct HTMLPagerTests {
    @Test func theTradesAndOrdersTablesShowAPageAtATime() async throws {
        let dir = try AlgobotBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("many.html").path
        let backtest = try await AlgobotBinary.run(["backtest", "strategies/sma.yaml", "--policy", "rules/research.yaml",
                                                    "--params", "fast=2,slow=3", "--html", page])
        #expect(backtest.status == 0, "\(backtest.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        let rows = ["trades", "orders"].map { Self.bodyRows(of: $0, in: html) }
        #expect(rows.allSatisfy { $0 > 400 }, "the run must make long tables to test anything: \(rows)")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Chromium.path))
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
                             "--dump-dom", URL(fileURLWithPath: page).absoluteString]
        let browser = try await ChildProcess.run(process, limit: 120)
        #expect(browser.status == 0, "\(browser.stderr)")
        let dom = browser.stdout
        for (table, count) in zip(["trades", "orders"], rows) {
            let pages = (count + 199) / 200
            let label = "rows 1–200 of \(Money.grouped(Int64(count))) (page 1 of \(pages))"
            #expect(dom.contains(label), "\(table): \(label)")
        }
        let hidden = dom.components(separatedBy: "class=\"pg-off\"").count - 1
        #expect(hidden == rows.reduce(0) { $0 + $1 - 200 }, "every row past the first page is hidden, none is removed")
        #expect(Self.bodyRows(of: "orders", in: dom) == rows[1])
    }

    /// The rows in the body of the table with class `name`.
    static func bodyRows(of name: String, in html: String) -> Int {
        guard let start = html.range(of: "<table class=\"\(name) paged\">"),
              let end = html.range(of: "</tbody>", range: start.upperBound..<html.endIndex) else { return 0 }
        return html[start.upperBound..<end.lowerBound].components(separatedBy: "<tr").count - 1 - 1  // minus the header row
    }
}

/// A headless browser to run the page's script in, where one is installed.
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}
