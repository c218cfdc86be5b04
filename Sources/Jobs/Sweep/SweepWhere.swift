import Report
import RuleLanguage

/// `--where "fast < slow"`: a condition over the params, read by the rule language's own
/// parser and checker (the names, types and messages of a `when:`). Params are numbers known
/// before the run, so for each combination the checker folds it to true or false.
struct SweepWhere {
    let text: String
    /// The strategy's own params, under the swept values.
    private let fixed: [String: Double]
    private let names: [String]
    /// The condition parsed once, by the first check.
    private var parsed: Expr?

    /// Checks the condition once with the first combination, so a mistake is reported before
    /// any run, pointed at inside the text.
    init(_ text: String, names: [String], strategyParams: [String: Double], sample: [Double]) throws {
        self.text = text
        self.names = names
        fixed = strategyParams
        let input = input(sample)
        guard input.expression != nil else { throw SweepError(message: input.render()) }
        parsed = input.written
        let unused = input.usedParams.isEmpty
        guard case .bool = input.expression, !unused else {
            let kind = input.expression?.isCondition == true ? "uses bar or account values" : "is not a condition (true or false)"
            throw SweepError(message: "--where \(text): this \(kind); it may compare only params, e.g. --where \"\(names.first ?? "fast") < \(names.dropFirst().first ?? "slow")\"")
        }
    }

    func holds(_ values: [Double]) -> Bool {
        if case .bool(let holds) = input(values).expression { return holds }
        return false
    }

    private func input(_ values: [Double]) -> ExpressionInput {
        var params = fixed
        for (name, value) in zip(names, values) { params[name] = value }
        return ExpressionInput(text, params: params, dailyBars: nil, label: "--where", parsed: parsed)
    }
}
