import Jobs
import Report

/// Bridges to the HTML renderer: the report plus the bars of the traded symbols.
enum HTMLOutput {
    static func render(_ output: BacktestJob.Output) -> String {
        output.report.html(priceSeries: output.series)
    }
}
