import Report

/// Bridges to the HTML renderer (kept apart so the backtest command reads simply).
enum HTMLOutput {
    static func render(_ output: BacktestJob.Output) -> String {
        // Interim page until the chart renderer lands: the text report, escaped.
        let text = output.report.text().replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>backtest</title></head><body><pre>\(text)</pre></body></html>\n"
    }
}
