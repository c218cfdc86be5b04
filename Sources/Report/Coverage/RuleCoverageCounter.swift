import Engine
import MarketData
import RuleLanguage
import Vocabulary

/// Counts a finished backtest's `RuleCoverage`: the strategy's conditions and their parts,
/// compiled like `algobot eval` compiles them (the strategy compiler, so a value here is
/// the value the run saw), walked bar by bar over the run's bars. Conditions over the
/// account see the account the run had: fills are replayed with the portfolio's own
/// arithmetic, equity is the run's equity curve.
package struct RuleCoverageCounter {
    let strategy: CheckedStrategy
    let series: [BarSeries]
    let result: BacktestResult
    let orders: OrderReports
    let from: Int64?
    let to: Int64?
    /// The bars of the other symbols the conditions read (`SPY.close`), by symbol.
    let references: [String: BarSeries]

    package init(strategy: CheckedStrategy, series: [BarSeries], result: BacktestResult, orders: OrderReports, from: Int64?, to: Int64?,
                 references: [String: BarSeries] = [:]) {
        self.references = references
        self.strategy = strategy
        self.series = series
        self.result = result
        self.orders = orders
        self.from = from
        self.to = to
    }

    package func count() -> RuleCoverage {
        var rules = strategy.rules.map { rule in
            let top = rule.condition.topLogic
            return RuleCoverage.Rule(id: rule.id, text: rule.condition.text, op: top?.op.rawValue,
                                     parts: (top?.parts ?? []).map { RuleCoverage.Part(text: $0.text) })
        }
        // Columns: each rule's condition, then its parts.
        var expressions: [TypedExpr] = []
        var firstColumn: [Int] = []
        for rule in strategy.rules {
            firstColumn.append(expressions.count)
            expressions.append(rule.condition)
            expressions += rule.condition.topLogic?.parts ?? []
        }
        let program = EvalProgram(expressions)
        let fills = program.readsAccount ? fillsInOrder() : []  // else the account changes nothing
        // Flat counters: the walk visits every bar of the run, so it touches no nested arrays.
        let n = rules.count
        let partCount = rules.map(\.parts.count)
        let isOr = rules.map { $0.op == "or" }
        var bars = [Int](repeating: 0, count: n), trueBars = bars, fired = bars
        var partTrue = rules.map { [Int](repeating: 0, count: $0.parts.count) }, deciding = partTrue
        var parts = [Bool](repeating: false, count: partCount.max() ?? 0)
        let cash = result.settings.startingCash
        let flat = EvalProgram.Account(position: 0, equity: cash, cash: cash)
        for (s, symbol) in series.enumerated() {
            let upTo = to.map { to in symbol.times.firstIndex { $0 > to } ?? symbol.count } ?? symbol.count
            let start = from ?? .min
            let replay = program.readsAccount ? AccountReplay(symbol: s, fills: fills, curve: result.curve, from: start, cash: cash) : nil
            let times = symbol.times
            program.conditions(open: symbol.open, high: symbol.high, low: symbol.low, close: symbol.close, volume: symbol.volume,
                               sessions: program.needsSession ? times.indices.map(symbol.tradingDay) : nil,
                               inputs: InputColumns.columns(program.inputs, of: symbol, count: upTo, references: references), count: upTo,
                               account: { replay?.at(time: times[$0]) ?? flat }) { t, holds in
                guard times[t] >= start else { return }
                var acted = false
                for r in 0..<n {
                    guard let whole = holds(firstColumn[r]) else { continue }
                    bars[r] += 1
                    if whole {
                        trueBars[r] += 1
                        if !acted { fired[r] += 1; acted = true }
                    }
                    let m = partCount[r]
                    var trueCount = 0
                    for k in 0..<m {
                        parts[k] = holds(firstColumn[r] + 1 + k) ?? false
                        if parts[k] { trueCount += 1 }
                    }
                    for k in 0..<m {
                        if parts[k] { partTrue[r][k] += 1 }
                        // and: the only false part; or: the only true part.
                        if isOr[r] ? parts[k] && trueCount == 1 : !parts[k] && trueCount == m - 1 { deciding[r][k] += 1 }
                    }
                }
            }
        }
        for r in 0..<n {
            rules[r].bars = bars[r]
            rules[r].trueBars = trueBars[r]
            rules[r].fired = fired[r]
            for k in 0..<partCount[r] {
                rules[r].parts[k].trueBars = partTrue[r][k]
                rules[r].parts[k].decidingBars = deciding[r][k]
            }
        }
        for k in orders.indices {
            let order = orders.gist(k)
            guard let r = rules.firstIndex(where: { $0.id == order.ruleId }) else { continue }
            rules[r].orders += 1
            switch order.outcome {
            case .block: rules[r].blocked += 1
            case .needsApproval: rules[r].neededApproval += 1
            case .allow: break
            }
        }
        return RuleCoverage(rules: rules)
    }

    struct Fill {
        let time: Int64
        let symbol: Int
        let side: Side
        let qty: Double
        let price: Double
        let commission: Double
    }

    /// Every fill in the order the engine applied them: by time, then symbol order, then
    /// decision order.
    private func fillsInOrder() -> [Fill] {
        let symbolIndex = Dictionary(result.symbols.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let fills = orders.enumerated().compactMap { k, o -> (Int, Fill)? in
            guard let time = o.filledTime, let qty = o.filledQty, let price = o.fillPrice, let s = symbolIndex[o.intent.symbol] else { return nil }
            return (k, Fill(time: time, symbol: s, side: o.intent.side, qty: qty, price: price, commission: o.commission ?? 0))
        }
        return fills.sorted { ($0.1.time, $0.1.symbol, $0.0) < ($1.1.time, $1.1.symbol, $1.0) }.map(\.1)
    }
}

/// The account one symbol's conditions saw at each of its closes, for bar times asked in
/// increasing order: position and cash after every fill up to that time, equity from the
/// run's curve (the starting cash before the run's period, where nothing was traded).
final class AccountReplay {
    private let symbol: Int
    private let fills: [RuleCoverageCounter.Fill]
    private let curve: EquityCurve
    private let equity: EquityCurve.Figures
    private let from: Int64
    private var nextFill = 0
    private var nextPoint = 0
    private var cash: Double
    private var position = 0.0

    init(symbol: Int, fills: [RuleCoverageCounter.Fill], curve: EquityCurve, from: Int64, cash: Double) {
        self.symbol = symbol
        self.fills = fills
        self.curve = curve
        equity = curve.equity
        self.from = from
        self.cash = cash
    }

    func at(time: Int64) -> EvalProgram.Account {
        while nextFill < fills.count && fills[nextFill].time <= time {
            let f = fills[nextFill]
            var held = f.symbol == symbol ? position : 0
            Portfolio.settle(side: f.side, qty: f.qty, price: f.price, commission: f.commission, cash: &cash, position: &held)
            if f.symbol == symbol { position = held }
            nextFill += 1
        }
        while nextPoint < curve.count && curve.times[nextPoint] < time { nextPoint += 1 }
        let equity = time >= from && nextPoint < curve.count && curve.times[nextPoint] == time ? equity[nextPoint] : cash
        return EvalProgram.Account(position: position, equity: equity, cash: cash)
    }
}
