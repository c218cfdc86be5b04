import Testing
import Foundation
@testable import Engine
import RuleLanguage
import Policy
import MarketData

func naiveLoad(_ path: String, symbol: String) throws -> BarSeries {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var s = BarSeries(symbol: symbol)
    for line in text.split(separator: "\n").dropFirst() {
        let f = line.split(separator: ",")
        let d = f[0].split(separator: "-").map { Int($0)! }
        s.times.append(BarTime.days(year: d[0], month: d[1], day: d[2]) * 86400)
        s.open.append(Double(f[1])!); s.high.append(Double(f[2])!); s.low.append(Double(f[3])!)
        s.close.append(Double(f[4])!); s.volume.append(Double(f[5])!)
    }
    return s
}

@Test func scratchBacktest() throws {
    let linter = Linter()
    let strategy = try linter.strategy(at: "strategies/sma.yaml")
    let policy = try linter.policy(at: "rules/limits.yaml")
    let core = TradingCore(strategy: StrategyCompiler.compile(strategy), policy: CompiledPolicy(policy), symbols: strategy.symbols)
    let spy = try naiveLoad("../shared/data/daily/SPY.csv", symbol: "SPY")
    for approveAll in [false, true] {
        let bt = Backtester(core: TradingCore(strategy: StrategyCompiler.compile(strategy), policy: CompiledPolicy(policy), symbols: strategy.symbols),
                            series: [spy], options: .init(settings: ExecutionSettings(approveAll: approveAll)))
        let r = try bt.run()
        print("approveAll", approveAll, "final", r.curve.equity.last!, "orders", r.orders.count, "trades", r.trades.count, r.orders.filter { $0.status == .filled }.count)
        for o in r.orders.prefix(4) { print(o.decidedAt, o.intent.side, o.status, o.decision.reason, o.fillPrice ?? 0, o.filledQty ?? 0) }
    }
    _ = core
}
